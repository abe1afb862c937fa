namespace Sts.Resilience.Benchmarks.Scenarios;

/// <summary>
/// One run of scenario 8/9 (STS down across expiry): its table row and, for the chart, when each failed call was
/// (seconds after expiry; <see langword="null"/> when not measured), the time from STS's return to the first good call,
/// and where the run ended (seconds after expiry).
/// </summary>
internal sealed record ExpiryOutageRun(string[] Row, bool Sdk, TimeSpan Back, double[]? FailedAt, TimeSpan? Recovery, double End);
