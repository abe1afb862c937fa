namespace Sts.Resilience.Retry;

/// <summary>Where the credentials of a rejected request came from, as far as the handler can tell.</summary>
internal enum CredentialOrigin
{
    /// <summary>A <c>SessionAWSCredentials</c> built in code (or from a profile the handler could not find).</summary>
    SessionCredentials,

    /// <summary>A <c>SessionAWSCredentials</c> read from a profile with a static <c>aws_session_token</c>.</summary>
    StaticSessionProfile,

    /// <summary>The <c>AWS_ACCESS_KEY_ID</c> / <c>AWS_SECRET_ACCESS_KEY</c> / <c>AWS_SESSION_TOKEN</c> variables.</summary>
    EnvironmentVariables,

    /// <summary>A <c>BasicAWSCredentials</c>: long-term keys, which have no session to expire.</summary>
    BasicCredentials,

    /// <summary>Credentials that refresh: <c>RefreshingRoleCredentials</c> or one of the SDK's refreshing types.</summary>
    Refreshing,

    /// <summary>Any other <c>AWSCredentials</c> type, which may or may not refresh.</summary>
    Other,
}
