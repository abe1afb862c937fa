namespace Sts.Resilience.Profiles;

/// <summary>The keys of the shared config and credentials files this library reads, as the AWS CLI spells them.</summary>
public static class ProfileKeys
{
    /// <summary>The role to assume.</summary>
    /// <value>The value is <c>role_arn</c>.</value>
    public const string RoleArn = "role_arn";

    /// <summary>The profile whose credentials assume the role.</summary>
    /// <value>The value is <c>source_profile</c>.</value>
    public const string SourceProfile = "source_profile";

    /// <summary>Where the credentials that assume the role come from when there is no source profile.</summary>
    /// <value>The value is <c>credential_source</c>.</value>
    public const string CredentialSource = "credential_source";

    /// <summary>The role session name.</summary>
    /// <value>The value is <c>role_session_name</c>.</value>
    public const string RoleSessionName = "role_session_name";

    /// <summary>The external id the role's trust policy requires.</summary>
    /// <value>The value is <c>external_id</c>.</value>
    public const string ExternalId = "external_id";

    /// <summary>The MFA device whose code the role requires.</summary>
    /// <value>The value is <c>mfa_serial</c>.</value>
    public const string MfaSerial = "mfa_serial";

    /// <summary>The session duration to ask for, in seconds (see <see cref="StsLimits"/>).</summary>
    /// <value>The value is <c>duration_seconds</c>.</value>
    public const string DurationSeconds = "duration_seconds";

    /// <summary>The region.</summary>
    /// <value>The value is <c>region</c>.</value>
    public const string Region = "region";

    /// <summary>The access key id.</summary>
    /// <value>The value is <c>aws_access_key_id</c>.</value>
    public const string AccessKeyId = "aws_access_key_id";

    /// <summary>The secret access key.</summary>
    /// <value>The value is <c>aws_secret_access_key</c>.</value>
    public const string SecretAccessKey = "aws_secret_access_key";

    /// <summary>A session token: present only for temporary credentials, which expire and never refresh from a file.</summary>
    /// <value>The value is <c>aws_session_token</c>.</value>
    public const string SessionToken = "aws_session_token";

    /// <summary>A command that prints credentials.</summary>
    /// <value>The value is <c>credential_process</c>.</value>
    public const string CredentialProcess = "credential_process";

    /// <summary>The file holding a web identity token (an OIDC JWT), read again before every refresh.</summary>
    /// <value>The value is <c>web_identity_token_file</c>.</value>
    public const string WebIdentityTokenFile = "web_identity_token_file";
}
