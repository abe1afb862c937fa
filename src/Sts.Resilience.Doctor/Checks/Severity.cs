namespace Sts.Resilience.Doctor.Checks;

/// <summary>How bad a finding is; the worst one decides the exit code.</summary>
internal enum Severity
{
    /// <summary>Nothing to fix.</summary>
    Ok = 0,

    /// <summary>The check could not run because an earlier finding already explains why (never changes the exit code).</summary>
    Skipped = 1,

    /// <summary>Works today, but will fail (for example at the next expiry) or is fragile.</summary>
    Warning = 2,

    /// <summary>Fails now, or is the cause of the expired-token error.</summary>
    Problem = 3,
}
