namespace Sts.Resilience.Testing;

/// <summary>A presigned URL that has outlived its <c>X-Amz-Expires</c>, as the service reports it.</summary>
/// <param name="AmzDate">The URL's <c>X-Amz-Date</c> as sent.</param>
/// <param name="Expires">Its <c>X-Amz-Expires</c>.</param>
/// <param name="ExpiresText">Its <c>X-Amz-Expires</c> as sent.</param>
/// <param name="ExpiresAt">When it stopped being valid.</param>
/// <param name="ServerTime">The server's clock when the request arrived.</param>
internal readonly record struct PresignedExpiry(string AmzDate, TimeSpan Expires, string ExpiresText, DateTimeOffset ExpiresAt, DateTimeOffset ServerTime);
