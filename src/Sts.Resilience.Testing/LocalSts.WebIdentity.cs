using Sts.Resilience.Testing.WebIdentity;

namespace Sts.Resilience.Testing;

/// <summary>Web identity: LocalSts as an OpenID Connect provider whose tokens its STS accepts.</summary>
public sealed partial class LocalSts
{
    /// <summary>The subject <see cref="CreateWebIdentityToken"/> uses unless told otherwise: an EKS service account's form.</summary>
    public const string DefaultWebIdentitySubject = "system:serviceaccount:default:localsts";

    /// <summary>The audience <see cref="CreateWebIdentityToken"/> uses unless told otherwise: what EKS and GitHub put in tokens for AWS.</summary>
    public const string DefaultWebIdentityAudience = "sts.amazonaws.com";

    /// <summary>Gets the signer and verifier, for tests that need tokens the public API would not make.</summary>
    internal WebIdentityTokens WebIdentityTokens => _tokens;

    /// <summary>Gets the <c>iss</c> of the tokens LocalSts issues: <c>{ServiceUrl}oidc</c>.</summary>
    public string WebIdentityIssuer => _webIdentity.Issuer;

    /// <summary>
    /// Issues an RS256-signed JWT that STS <c>AssumeRoleWithWebIdentity</c> accepts for <paramref name="role"/>, as an
    /// OIDC provider (EKS, GitHub Actions) would: <c>iss</c> is <see cref="WebIdentityIssuer"/>, <c>iat</c> and
    /// <c>nbf</c> are the session clock's now, <c>exp</c> is <paramref name="lifetime"/> later. The role's trust policy
    /// is extended to trust <paramref name="subject"/>, and <paramref name="audience"/> becomes a client id of the provider.
    /// An expired token gets <c>ExpiredTokenException</c>; a tampered one, one from another issuer or for an unknown
    /// audience gets <c>InvalidIdentityToken</c>; one used for another role gets <c>AccessDenied</c>.
    /// </summary>
    /// <param name="role">The role the token may assume.</param>
    /// <param name="lifetime">How long the token is valid, on the session clock (EKS: 24 hours).</param>
    /// <param name="subject">The <c>sub</c> claim.</param>
    /// <param name="audience">The <c>aud</c> claim.</param>
    /// <returns>The token (header.payload.signature).</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="role"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when <paramref name="subject"/> or <paramref name="audience"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Thrown when <paramref name="lifetime"/> is not positive.</exception>
    public string CreateWebIdentityToken(LocalStsRole role, TimeSpan lifetime, string subject = DefaultWebIdentitySubject, string audience = DefaultWebIdentityAudience)
    {
        ArgumentNullException.ThrowIfNull(role);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lifetime, TimeSpan.Zero);
        ArgumentException.ThrowIfNullOrEmpty(subject);
        ArgumentException.ThrowIfNullOrEmpty(audience);
        return _webIdentity.CreateToken(role, lifetime, subject, audience);
    }

    /// <summary>
    /// Writes a token from <see cref="CreateWebIdentityToken"/> to <paramref name="path"/> and keeps the file fresh as the
    /// kubelet does for EKS: a new token replaces it (atomically) when 80 % of the lifetime has passed on the session clock.
    /// Point <c>AWS_WEB_IDENTITY_TOKEN_FILE</c> at the path. Dispose the result to stop the rewrites.
    /// </summary>
    /// <param name="path">The file to write; its folder must exist.</param>
    /// <param name="role">The role the tokens may assume.</param>
    /// <param name="lifetime">Each token's lifetime.</param>
    /// <param name="subject">The <c>sub</c> claim.</param>
    /// <param name="audience">The <c>aud</c> claim.</param>
    /// <returns>The file, which can also be rotated on demand.</returns>
    /// <exception cref="ArgumentException">Thrown when <paramref name="path"/> is empty.</exception>
    public LocalStsWebIdentityTokenFile WriteWebIdentityTokenFile(string path, LocalStsRole role, TimeSpan lifetime, string subject = DefaultWebIdentitySubject, string audience = DefaultWebIdentityAudience)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        CreateWebIdentityToken(role, lifetime, subject, audience);
        return new LocalStsWebIdentityTokenFile(path, () => CreateWebIdentityToken(role, lifetime, subject, audience), lifetime * 0.8, _time);
    }
}
