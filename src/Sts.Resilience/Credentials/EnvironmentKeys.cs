using Amazon.Runtime;

namespace Sts.Resilience.Credentials;

/// <summary>
/// Keys in the environment, read the way the AWS SDK for .NET reads them: <c>AWS_ACCESS_KEY_ID</c>, then
/// <c>AWS_SECRET_ACCESS_KEY</c> (or the older <c>AWS_SECRET_KEY</c>), and <c>AWS_SESSION_TOKEN</c> when set.
/// </summary>
internal static class EnvironmentKeys
{
    public const string AccessKeyIdVariable = "AWS_ACCESS_KEY_ID";
    public const string SecretAccessKeyVariable = "AWS_SECRET_ACCESS_KEY";
    public const string LegacySecretKeyVariable = "AWS_SECRET_KEY";
    public const string SessionTokenVariable = "AWS_SESSION_TOKEN";

    /// <summary>Returns the keys, or <see langword="null"/> when the access key id or the secret is not set.</summary>
    public static AWSCredentials? Read(CredentialEnvironment environment)
    {
        var accessKeyId = environment.Variable(AccessKeyIdVariable);
        var secret = environment.Variable(SecretAccessKeyVariable) ?? environment.Variable(LegacySecretKeyVariable);
        if (accessKeyId is null || secret is null)
        {
            return null;
        }

        return environment.Variable(SessionTokenVariable) is { } token
            ? new SessionAWSCredentials(accessKeyId, secret, token)
            : new BasicAWSCredentials(accessKeyId, secret);
    }
}
