using Amazon.Runtime;

namespace Sts.Resilience.Testing;

/// <summary>A registered IAM user with a long-term access key, created by <see cref="LocalSts.CreateUser(string)"/>.</summary>
public sealed class LocalStsUser
{
    internal LocalStsUser(string name, string arn, string userId, string accessKeyId, string secretAccessKey)
    {
        Name = name;
        Arn = arn;
        UserId = userId;
        AccessKeyId = accessKeyId;
        SecretAccessKey = secretAccessKey;
        Credentials = new BasicAWSCredentials(accessKeyId, secretAccessKey);
    }

    /// <summary>Gets the user name.</summary>
    public string Name { get; }

    /// <summary>Gets the user's ARN, <c>arn:aws:iam::{account}:user/{name}</c>.</summary>
    public string Arn { get; }

    /// <summary>Gets the user's unique id (<c>AIDA…</c>), as <c>GetCallerIdentity</c> reports it.</summary>
    public string UserId { get; }

    /// <summary>Gets the long-term access key id (<c>AKIA…</c>).</summary>
    public string AccessKeyId { get; }

    /// <summary>Gets the secret access key.</summary>
    public string SecretAccessKey { get; }

    /// <summary>Gets the user's key as SDK credentials, ready to pass to a client.</summary>
    public BasicAWSCredentials Credentials { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{Arn} (key …{LocalStsText.Last4(AccessKeyId)})";
}
