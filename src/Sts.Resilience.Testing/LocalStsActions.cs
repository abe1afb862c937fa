namespace Sts.Resilience.Testing;

/// <summary>The action names LocalSts serves: the keys of faults, counters and the request log.</summary>
public static class LocalStsActions
{
    /// <summary>Matches every action, in <see cref="LocalStsFaults"/>.</summary>
    public const string All = "*";

    /// <summary>STS <c>AssumeRole</c>.</summary>
    public const string AssumeRole = "AssumeRole";

    /// <summary>STS <c>AssumeRoleWithWebIdentity</c> (unsigned; the web identity token is the proof).</summary>
    public const string AssumeRoleWithWebIdentity = "AssumeRoleWithWebIdentity";

    /// <summary>STS <c>GetCallerIdentity</c>.</summary>
    public const string GetCallerIdentity = "GetCallerIdentity";

    /// <summary>STS <c>GetSessionToken</c>.</summary>
    public const string GetSessionToken = "GetSessionToken";

    /// <summary>S3 <c>ListBuckets</c> (<c>GET /</c>).</summary>
    public const string ListBuckets = "ListBuckets";

    /// <summary>S3 <c>PutObject</c> (<c>PUT /bucket/key</c>).</summary>
    public const string PutObject = "PutObject";

    /// <summary>S3 <c>GetObject</c> (<c>GET /bucket/key</c>).</summary>
    public const string GetObject = "GetObject";

    /// <summary>S3 <c>HeadObject</c> (<c>HEAD /bucket/key</c>): errors come back as a bare status without a body, as from S3.</summary>
    public const string HeadObject = "HeadObject";

    /// <summary>DynamoDB <c>ListTables</c>.</summary>
    public const string ListTables = "ListTables";

    /// <summary>The container credentials endpoint: <c>GET /v2/credentials/{id}</c>.</summary>
    public const string GetContainerCredentials = "GetContainerCredentials";

    /// <summary>Instance metadata: <c>PUT /latest/api/token</c> (an IMDSv2 session token).</summary>
    public const string GetImdsToken = "GetImdsToken";

    /// <summary>Instance metadata: <c>GET /latest/meta-data/iam/security-credentials/</c> (the role name).</summary>
    public const string GetImdsRoleName = "GetImdsRoleName";

    /// <summary>Instance metadata: <c>GET /latest/meta-data/iam/security-credentials/{role}</c> (the credentials).</summary>
    public const string GetImdsCredentials = "GetImdsCredentials";

    /// <summary>Instance metadata: any other <c>/latest/…</c> path (<c>iam/info</c> is served; the rest is 404).</summary>
    public const string GetImdsMetadata = "GetImdsMetadata";

    /// <summary>
    /// A call to an API Gateway API with IAM authorization: any request whose SigV4 credential scope names
    /// <c>execute-api</c> (or whose <c>Host</c> is an <c>*.execute-api.*</c> name).
    /// </summary>
    public const string ExecuteApi = "ExecuteApi";

    /// <summary>The action of a request LocalSts could not name (no or unknown action, unreadable request).</summary>
    public const string Unknown = "Unknown";
}
