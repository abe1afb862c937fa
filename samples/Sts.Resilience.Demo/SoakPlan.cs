using System.Globalization;

namespace Sts.Resilience.Demo;

/// <summary>The kinds of fault a soak injects.</summary>
public enum SoakFaultKind
{
    /// <summary>Every STS call answers 503 for a while, shorter than a session; it always ends before the current session's last two minutes.</summary>
    StsOutage,

    /// <summary>The next AssumeRole calls answer Throttling.</summary>
    StsThrottling,

    /// <summary>The next AssumeRole calls lose their connection mid-response.</summary>
    StsConnectionReset,

    /// <summary>The next S3 and DynamoDB calls are throttled (the AWS SDK retries them).</summary>
    ServiceThrottling,

    /// <summary>The next S3 and DynamoDB calls lose their connection mid-response (the AWS SDK retries them).</summary>
    ServiceConnectionReset,

    /// <summary>Every session is revoked early: calls get ExpiredToken until the retry handler refreshes.</summary>
    Revocation,

    /// <summary>The application's wall clock jumps 4 minutes ahead or behind STS's (and later back).</summary>
    ClockJump,

    /// <summary>The process is suspended: nothing runs for minutes, then every timer due fires at once, late.</summary>
    Suspend,
}

/// <summary>One fault of a soak's plan.</summary>
/// <param name="At">When, in session time since the start (a fault whose predecessor is still settling runs after it).</param>
/// <param name="Kind">What is injected.</param>
/// <param name="Amount">The outage or suspend length, the clock jump (signed), or the number of failing calls.</param>
public sealed record SoakFault(TimeSpan At, SoakFaultKind Kind, TimeSpan Amount)
{
    /// <summary>Gets a short description, for the summary's fault table.</summary>
    public string Describe() => Kind switch
    {
        SoakFaultKind.StsOutage => Invariant($"STS outage of up to {DemoConsole.Format(Amount)}"),
        SoakFaultKind.Suspend => Invariant($"suspend {DemoConsole.Format(Amount)}"),
        SoakFaultKind.ClockJump => Amount > TimeSpan.Zero ? Invariant($"clock jumps {Amount.TotalMinutes:0} min ahead") : Amount < TimeSpan.Zero ? Invariant($"clock jumps {-Amount.TotalMinutes:0} min behind") : "clock corrected",
        SoakFaultKind.Revocation => "sessions revoked",
        _ => Invariant($"{Kind} x{Count}"),
    };

    /// <summary>Gets the number of failing calls of a throttling or reset fault.</summary>
    public int Count => (int)Amount.TotalSeconds;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// A soak's fault plan, drawn from a seed: two or three faults in every hour of session time but the last (in which
/// the last faults settle), of distinct kinds, at least eight minutes apart. The same seed and length give the same plan.
/// </summary>
public static class SoakPlan
{
    /// <summary>How far the application's clock jumps from STS's.</summary>
    public static readonly TimeSpan ClockJump = TimeSpan.FromMinutes(4);

    /// <summary>Creates the plan for <paramref name="span"/> of session time.</summary>
    public static IReadOnlyList<SoakFault> Create(int seed, TimeSpan span)
    {
        var random = new Random(seed);
        var kinds = Enum.GetValues<SoakFaultKind>();
        var plan = new List<SoakFault>();
        var skewed = false;
        for (var hour = 0; hour < (int)Math.Ceiling(span.TotalHours) - 1; hour++)
        {
            var count = random.Next(2, 4);
            var picked = kinds.OrderBy(_ => random.Next()).Take(count).ToList();

            // Minutes 5-55 of the hour, at least 8 apart, in order.
            var minutes = new List<int>();
            while (minutes.Count < count)
            {
                var minute = random.Next(5, 56);
                if (minutes.TrueForAll(m => Math.Abs(m - minute) >= 8))
                {
                    minutes.Add(minute);
                }
            }

            minutes.Sort();
            for (var i = 0; i < count; i++)
            {
                var at = TimeSpan.FromHours(hour) + TimeSpan.FromMinutes(minutes[i]) + TimeSpan.FromSeconds(15 * random.Next(4));
                if (at >= span)
                {
                    continue;
                }

                var kind = picked[i];
                var amount = kind switch
                {
                    SoakFaultKind.StsOutage => TimeSpan.FromMinutes(random.Next(1, 41)),
                    SoakFaultKind.Suspend => TimeSpan.FromMinutes(random.Next(2, 21)),
                    SoakFaultKind.ClockJump => skewed ? TimeSpan.Zero : random.Next(2) == 0 ? ClockJump : -ClockJump,
                    _ => TimeSpan.FromSeconds(random.Next(1, 4)),
                };
                skewed = kind == SoakFaultKind.ClockJump ? !skewed : skewed;
                plan.Add(new SoakFault(at, kind, amount));
            }
        }

        return plan;
    }
}
