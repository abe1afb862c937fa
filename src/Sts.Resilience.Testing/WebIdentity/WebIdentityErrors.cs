using System.Globalization;

namespace Sts.Resilience.Testing.WebIdentity;

/// <summary>STS's answers to a web identity token it does not accept, in STS's words (400 unless noted).</summary>
internal static class WebIdentityErrors
{
    public const string InvalidIdentityToken = "InvalidIdentityToken";

    public static ServiceError NotAJwt() => new(400, InvalidIdentityToken,
        "The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)");

    public static ServiceError NoProvider(string issuer) => new(400, InvalidIdentityToken,
        $"No OpenIDConnect provider found in your account for {issuer}");

    public static ServiceError NoVerificationKey() => new(400, InvalidIdentityToken,
        "Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements");

    public static ServiceError NotValidated() => new(400, InvalidIdentityToken,
        "The web identity token that was passed could not be validated by Amazon Web Services. Get a new identity token from the identity provider and then retry the request.");

    public static ServiceError IncorrectAudience() => new(400, InvalidIdentityToken, "Incorrect token audience");

    /// <summary>The JWT (not an AWS session) has expired: the SDKs re-read the token file and retry once.</summary>
    public static ServiceError Expired(long nowSeconds, long expSeconds) => new(400, "ExpiredTokenException",
        string.Create(CultureInfo.InvariantCulture, $"Token expired: current date/time {nowSeconds} must be before the expiration date/time {expSeconds}"));

    public static ServiceError NotAuthorized() => new(403, "AccessDenied", "Not authorized to perform sts:AssumeRoleWithWebIdentity");

    public static ServiceError IdpCommunication() => new(400, "IDPCommunicationError",
        "The request could not be fulfilled because the identity provider (IDP) that was asked to verify the incoming identity token could not be reached. This is often a transient error caused by network conditions. Retry the request a limited number of times and wait between attempts to be reached.");

    public static ServiceError IdpRejectedClaim() => new(403, "IDPRejectedClaim",
        "The identity provider (IdP) reported that authentication failed. This might be because the claim is invalid.");
}
