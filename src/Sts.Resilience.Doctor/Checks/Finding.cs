namespace Sts.Resilience.Doctor.Checks;

/// <summary>One line of the report.</summary>
/// <param name="Id">Stable, dotted identifier (<c>check.what</c>) that scripts may match on; never reused for another meaning.</param>
/// <param name="Check">The check that produced it (<c>environment</c>, <c>profiles</c>, …).</param>
/// <param name="Severity">How bad it is.</param>
/// <param name="Message">One line saying what was found. Never contains a secret; access key ids only as their last four characters.</param>
/// <param name="Fix">What to do, possibly several lines (commands, profile text); <see langword="null"/> when nothing is to be done.</param>
internal sealed record Finding(string Id, string Check, Severity Severity, string Message, string? Fix = null)
{
    /// <summary>The file the finding is about, when there is one.</summary>
    public string? File { get; init; }

    /// <summary>The 1-based line in <see cref="File"/>, when known.</summary>
    public int? Line { get; init; }
}
