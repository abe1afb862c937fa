using Amazon.Runtime;

namespace Sts.Resilience.Profiles;

/// <summary><c>aws_access_key_id</c> / <c>aws_secret_access_key</c> (and maybe a static <c>aws_session_token</c>) in a profile.</summary>
public sealed record StaticKeysSource : ChainSource
{
    internal StaticKeysSource(string profileName, SourceLocation location, string accessKeyId, string secretAccessKey, string? sessionToken, SourceLocation? sessionTokenLocation)
        : base(profileName, location)
    {
        AccessKeyId = accessKeyId;
        SecretAccessKey = secretAccessKey;
        SessionToken = sessionToken;
        SessionTokenLocation = sessionTokenLocation;
    }

    /// <summary>Gets the access key id (not a secret, but show only <see cref="AccessKeyIdSuffix"/> to people).</summary>
    public string AccessKeyId { get; }

    /// <summary>Gets the last four characters of <see cref="AccessKeyId"/>, as the AWS CLI shows it.</summary>
    public string AccessKeyIdSuffix => AccessKeyId.Length <= 4 ? AccessKeyId : AccessKeyId.Substring(AccessKeyId.Length - 4);

    /// <summary>Gets whether the profile holds a static session token: temporary credentials that expire and never refresh.</summary>
    public bool HasSessionToken => SessionToken is not null;

    /// <summary>Gets where the session token is, when there is one.</summary>
    public SourceLocation? SessionTokenLocation { get; }

    internal string SecretAccessKey { get; }

    internal string? SessionToken { get; }

    /// <summary>Creates the SDK credentials these keys stand for.</summary>
    /// <returns><see cref="SessionAWSCredentials"/> when there is a session token, else <see cref="BasicAWSCredentials"/>.</returns>
    public AWSCredentials CreateCredentials() =>
        SessionToken is null ? new BasicAWSCredentials(AccessKeyId, SecretAccessKey) : new SessionAWSCredentials(AccessKeyId, SecretAccessKey, SessionToken);

    /// <summary>Gets a description without the secret or the token.</summary>
    /// <returns>For example <c>StaticKeys(dev, key ...WXYZ)</c>.</returns>
    public override string ToString() => "StaticKeys(" + ProfileName + ", key ..." + AccessKeyIdSuffix + (SessionToken is null ? ")" : ", with session token)");
}
