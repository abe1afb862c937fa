namespace Sts.Resilience.Engine;

/// <summary>One session from a <see cref="ICredentialSource"/>.</summary>
/// <param name="Credentials">The access key id, secret key and session token.</param>
/// <param name="Expiration">When the session expires, in the server's clock.</param>
/// <param name="ServerTime">
/// The server's clock when it answered (the HTTP <c>Date</c> header), or <see langword="null"/> when unknown; the engine
/// uses it to judge expiry against server time rather than a skewed local clock.
/// </param>
internal sealed record SourceCredentials(Amazon.Runtime.ImmutableCredentials Credentials, DateTimeOffset Expiration, DateTimeOffset? ServerTime);
