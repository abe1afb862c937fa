using System.Security.Cryptography;

namespace Sts.Resilience.Testing;

/// <summary>
/// A container credentials endpoint (ECS task role, EKS Pod Identity), created by
/// <see cref="LocalSts.CreateContainerCredentials"/>. Point an SDK at it with
/// <c>AWS_CONTAINER_CREDENTIALS_FULL_URI</c> = <see cref="FullUri"/> and <c>AWS_CONTAINER_AUTHORIZATION_TOKEN</c> =
/// <see cref="AuthorizationToken"/> (or a file holding it, <c>AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE</c>).
/// </summary>
public sealed class LocalStsContainerCredentials
{
    private string _authorizationToken;

    internal LocalStsContainerCredentials(string id, string fullUri, RoleSessionVendor vendor)
    {
        Id = id;
        FullUri = fullUri;
        Vendor = vendor;
        _authorizationToken = NewToken();
    }

    /// <summary>Gets the full URI: <c>http://127.0.0.1:{port}/v2/credentials/{id}</c>.</summary>
    public string FullUri { get; }

    /// <summary>Gets the role whose sessions the endpoint vends.</summary>
    public LocalStsRole Role => Vendor.Role;

    /// <summary>Gets the value the <c>Authorization</c> header must carry; other values get 403, none gets 401.</summary>
    public string AuthorizationToken => Volatile.Read(ref _authorizationToken);

    internal string Id { get; }

    internal RoleSessionVendor Vendor { get; }

    /// <summary>Replaces the authorization token, as EKS rotates the Pod Identity token file; the old one is refused from now on.</summary>
    /// <returns>The new token.</returns>
    public string RotateAuthorizationToken()
    {
        var token = NewToken();
        Volatile.Write(ref _authorizationToken, token);
        return token;
    }

    /// <inheritdoc/>
    public override string ToString() => $"{FullUri} ({Role.Arn})";

    private static string NewToken() => Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
}
