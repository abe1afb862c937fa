namespace Sts.Resilience.Analyzers;

/// <summary>Metadata names of the AWS SDK types the rules recognise; the analyzers never reference the SDK.</summary>
internal static class AwsTypeNames
{
    public const string AWSCredentials = "Amazon.Runtime.AWSCredentials";
    public const string SessionAWSCredentials = "Amazon.Runtime.SessionAWSCredentials";
    public const string ImmutableCredentials = "Amazon.Runtime.ImmutableCredentials";
    public const string AssumeRoleAWSCredentialsOptions = "Amazon.Runtime.AssumeRoleAWSCredentialsOptions";

    public const string AssumeRoleRequest = "Amazon.SecurityToken.Model.AssumeRoleRequest";
    public const string AssumeRoleWithWebIdentityRequest = "Amazon.SecurityToken.Model.AssumeRoleWithWebIdentityRequest";
    public const string AssumeRoleWithSAMLRequest = "Amazon.SecurityToken.Model.AssumeRoleWithSAMLRequest";
    public const string GetSessionTokenRequest = "Amazon.SecurityToken.Model.GetSessionTokenRequest";
    public const string GetFederationTokenRequest = "Amazon.SecurityToken.Model.GetFederationTokenRequest";
    public const string AssumeRootRequest = "Amazon.SecurityToken.Model.AssumeRootRequest";
    public const string StsCredentials = "Amazon.SecurityToken.Model.Credentials";
    public const string SecurityTokenService = "Amazon.SecurityToken.IAmazonSecurityTokenService";

    // Our own library's types: recognised by name too, so the analyzers need no reference to it.
    public const string RefreshingRoleCredentials = "Sts.Resilience.RefreshingRoleCredentials";
    public const string RefreshingRoleCredentialsOptions = "Sts.Resilience.RefreshingRoleCredentialsOptions";
    public const string RefreshingWebIdentityCredentialsOptions = "Sts.Resilience.RefreshingWebIdentityCredentialsOptions";
}
