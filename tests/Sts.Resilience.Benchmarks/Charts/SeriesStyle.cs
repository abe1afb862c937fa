namespace Sts.Resilience.Benchmarks.Charts;

/// <summary>
/// The look of a series: each differs in colour (Okabe-Ito, safe for colour-blind readers), line pattern and marker
/// shape, so that a reader tells them apart in greyscale or on any background.
/// </summary>
internal enum SeriesStyle
{
    /// <summary>RefreshingRoleCredentials (this library): blue, solid line, filled circles.</summary>
    Ours,

    /// <summary>The AWS SDK's AssumeRoleAWSCredentials: vermillion, dashed line, open triangles.</summary>
    Sdk,

    /// <summary>A second variant of ours (e.g. without jitter): green, dotted line, filled squares.</summary>
    Other,
}
