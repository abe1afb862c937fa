namespace Sts.Resilience;

/// <summary>Why the default credential chain passed over a step (see <see cref="DefaultChainSkip"/>).</summary>
public enum DefaultChainSkipReason
{
    /// <summary>None of the step's settings is present.</summary>
    NotConfigured = 0,

    /// <summary>Some of the step's settings are present, but not all it needs (<see cref="DefaultChainSkip.MissingSettings"/> names the rest): often a typo or a half-removed configuration.</summary>
    Incomplete = 1,

    /// <summary>The profile exists but holds no credential settings (only a region, for example).</summary>
    NoCredentials = 2,

    /// <summary>The step is turned off (<c>AWS_EC2_METADATA_DISABLED=true</c>).</summary>
    Disabled = 3,
}
