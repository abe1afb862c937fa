namespace Sts.Resilience;

/// <summary>What an error answer of AWS STS means for the credentials that made the call; see <see cref="StsErrors.Classify(string?, string?)"/>.</summary>
public enum StsErrorKind
{
    /// <summary>Not one of the kinds below: throttling, a server error or a code this library does not know. Retrying later may work.</summary>
    Other = 0,

    /// <summary>The session token of the calling credentials has expired (<c>ExpiredToken</c>, <c>ExpiredTokenException</c>).</summary>
    Expired,

    /// <summary>
    /// The calling credentials, or the web identity token passed in, are not valid: a deleted or mistyped key, a token from
    /// another partition (<c>InvalidClientTokenId</c>, <c>UnrecognizedClientException</c>, <c>InvalidToken</c>,
    /// <c>AuthFailure</c>, <c>InvalidIdentityToken</c>, <c>IDPRejectedClaim</c>).
    /// </summary>
    InvalidCredentials,

    /// <summary>The request was signed at a time more than 5 minutes from the server's: the host's clock is wrong, not the credentials.</summary>
    ClockSkew,

    /// <summary>The signature does not match: a wrong secret key, or a key and secret from different pairs.</summary>
    SignatureMismatch,

    /// <summary>The caller may not do this: the role's trust policy, the caller's policy, an SCP, or a missing external id.</summary>
    AccessDenied,

    /// <summary>A role assumed with temporary credentials asked for more than <see cref="StsLimits.RoleChainingMaximumDurationSeconds"/>.</summary>
    RoleChainingLimit,

    /// <summary>The duration asked for is above the role's <c>MaxSessionDuration</c>.</summary>
    AboveMaxSessionDuration,

    /// <summary>Another malformed request: a bad ARN, session name, policy or duration (<c>ValidationError</c>, <c>MalformedPolicyDocument</c>, <c>PackedPolicyTooLarge</c>).</summary>
    InvalidRequest,

    /// <summary>STS is not enabled for the account in this region (<c>RegionDisabledException</c>, <c>OptInRequired</c>).</summary>
    RegionDisabled,
}
