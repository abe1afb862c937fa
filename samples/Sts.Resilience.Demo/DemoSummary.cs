namespace Sts.Resilience.Demo;

/// <summary>One injected fault and what came of it.</summary>
/// <param name="Name">What was injected.</param>
/// <param name="At">When, in (simulated) time since the start.</param>
/// <param name="Outcome">What happened, in a sentence.</param>
/// <param name="Handled">Whether the application got through it without a failed request.</param>
/// <param name="Reached">Whether the run got to it (a run that ends first reports the fault as not reached).</param>
public sealed record InjectedFault(string Name, TimeSpan At, string Outcome, bool Handled, bool Reached = true);

/// <summary>The result of one demo run: what the workload saw, what STS saw, what the library did.</summary>
public sealed class DemoSummary
{
    /// <summary>Gets the mode that ran.</summary>
    public DemoMode Mode { get; init; }

    /// <summary>Gets the wall-clock time the workload ran.</summary>
    public TimeSpan WallClock { get; init; }

    /// <summary>Gets the session time that passed (equal to <see cref="WallClock"/> against real AWS).</summary>
    public TimeSpan Simulated { get; init; }

    /// <summary>Gets the session duration asked of STS.</summary>
    public TimeSpan SessionDuration { get; init; }

    /// <summary>Gets how many session lifetimes the run covered.</summary>
    public double Lifetimes => SessionDuration > TimeSpan.Zero ? Simulated / SessionDuration : 0;

    /// <summary>Gets the number of workload calls that succeeded.</summary>
    public long RequestsOk { get; init; }

    /// <summary>Gets the number of workload calls that failed (after the SDK's retries and the retry handler).</summary>
    public long RequestsFailed { get; init; }

    /// <summary>Gets the failed calls by error code.</summary>
    public IReadOnlyDictionary<string, long> FailuresByCode { get; init; } = new Dictionary<string, long>();

    /// <summary>Gets the first line of one error message per error code.</summary>
    public IReadOnlyDictionary<string, string> FailureMessages { get; init; } = new Dictionary<string, string>();

    /// <summary>Gets when the first call failed, or <see langword="null"/>.</summary>
    public TimeSpan? FirstFailureAt { get; init; }

    /// <summary>Gets which credentials the run used (local resilient runs; <see cref="DemoSource.Role"/> otherwise).</summary>
    public DemoSource Source { get; init; }

    /// <summary>Gets the LocalSts action that vends the source's sessions (<c>AssumeRole</c>, <c>AssumeRoleWithWebIdentity</c>, <c>GetContainerCredentials</c>, <c>GetImdsCredentials</c>).</summary>
    public string SessionAction { get; init; } = "AssumeRole";

    /// <summary>Gets the calls of <see cref="SessionAction"/> that returned a session (local modes: counted by LocalSts).</summary>
    public int SessionsIssued { get; init; }

    /// <summary>Gets the calls of <see cref="SessionAction"/> by outcome as LocalSts saw them (the name is kept from when AssumeRole was the only source).</summary>
    public IReadOnlyDictionary<string, int> AssumeRoleOutcomes { get; init; } = new Dictionary<string, int>();

    /// <summary>Gets the credentials' refresh attempts by "trigger/outcome", from the library's metrics.</summary>
    public IReadOnlyDictionary<string, long> Refreshes { get; init; } = new Dictionary<string, long>();

    /// <summary>Gets the workload calls LocalSts rejected as expired (ExpiredToken, ExpiredTokenException).</summary>
    public int ExpiredTokenRejections { get; init; }

    /// <summary>Gets the requests the retry handler recovered after an expired-token rejection.</summary>
    public long RecoveredRetries { get; init; }

    /// <summary>Gets the S3 and DynamoDB responses LocalSts throttled (SlowDown, ThrottlingException).</summary>
    public int ThrottledResponses { get; init; }

    /// <summary>Gets the injected faults and their outcomes (resilient mode).</summary>
    public IReadOnlyList<InjectedFault> Faults { get; init; } = [];

    /// <summary>Gets the scheduled faults the run ended before (reported, never skipped silently).</summary>
    public IReadOnlyList<InjectedFault> FaultsNotReached => Faults.Where(f => !f.Reached).ToList();

    /// <summary>Gets one entry per hour of (simulated) time: calls, failures, refreshes and faults, for the summary's timeline.</summary>
    public IReadOnlyList<DemoHour> Timeline { get; init; } = [];

    /// <summary>Gets what a soak measured (its seed, STS calls per hour, memory), or <see langword="null"/> for a demo run.</summary>
    public SoakReport? Soak { get; init; }

    /// <summary>Gets a value indicating whether the run was stopped early (Ctrl+C).</summary>
    public bool Interrupted { get; init; }

    /// <summary>
    /// Gets the process exit code: 0 only when no request failed, the run was not interrupted, and every scheduled fault
    /// was reached and handled (a soak: every fault it reached; the last ones may wait for a refresh past the end).
    /// </summary>
    public int ExitCode => RequestsFailed == 0 && !Interrupted && RequestsOk > 0 && Faults.All(f => f.Handled || (Soak is not null && !f.Reached)) ? 0 : 1;
}
