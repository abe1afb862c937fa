using Sts.Resilience.Doctor.Engine;

namespace Sts.Resilience.Doctor.Checks;

/// <summary>
/// Compares the local clock with STS's, read from the <c>Date</c> header of an unsigned request. AWS rejects a
/// signed request more than 5 minutes from its own time, and the AWS SDK for .NET only starts correcting for
/// skew above 4 minutes: hence a warning over 4 minutes and a problem over 5.
/// </summary>
internal sealed class ClockCheck : IDoctorCheck
{
    internal static readonly TimeSpan WarningSkew = TimeSpan.FromMinutes(4);
    internal static readonly TimeSpan ProblemSkew = TimeSpan.FromMinutes(5);

    /// <summary>The check's name; it prefixes every finding id, so it never changes.</summary>
    internal const string CheckName = "clock";

    public string Name => CheckName;

    public bool UsesNetwork => true;

    public async Task<IReadOnlyList<Finding>> RunAsync(DoctorContext context, CancellationToken cancellationToken)
    {
        var result = await context.Sts.ReadServerTimeAsync(cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            context.Clock = new ClockResult(null, result.Failure);
            return [new Finding("clock.sts-unreachable", Name, Severity.Problem,
                $"Could not reach STS: {result.Failure!.Message}.",
                Unreachable(context))];
        }

        if (result.Value!.ServerDate is not { } server)
        {
            context.Clock = new ClockResult(null, null);
            return [new Finding("clock.no-date-header", Name, Severity.Warning,
                $"{context.Sts.Endpoint} answered without a Date header, so the clock could not be compared.",
                "Check that --endpoint-url points at STS and not at a proxy that strips headers.")];
        }

        // The Date header has whole seconds: skews under a second are noise.
        var skew = result.Value.LocalTime - server;
        context.Clock = new ClockResult(skew, null);
        var size = skew.Duration();
        if (size < TimeSpan.FromMinutes(1))
        {
            return [new Finding("clock.ok", Name, Severity.Ok, "Local clock agrees with STS (within a minute).")];
        }

        // Whole seconds in the header and the time of the round trip make the last digit noise: show tens of seconds.
        var rounded = TimeSpan.FromSeconds(Math.Round(size.TotalSeconds / 10, MidpointRounding.AwayFromZero) * 10);
        var direction = skew > TimeSpan.Zero ? "ahead of" : "behind";
        var described = $"Local clock is about {Text.Duration(rounded)} {direction} STS";
        if (size > ProblemSkew)
        {
            return [new Finding("clock.skew-problem", Name, Severity.Problem,
                $"{described}: AWS rejects requests signed more than 5 min off (\"Signature expired\"), and credentials look valid after they have expired.",
                SyncFix(context.Host.Platform))];
        }

        if (size > WarningSkew)
        {
            return [new Finding("clock.skew-warning", Name, Severity.Warning,
                $"{described}: close to the 5 min AWS accepts; a little more drift and every signed request fails.",
                SyncFix(context.Host.Platform))];
        }

        return [new Finding("clock.ok", Name, Severity.Ok, $"{described} (AWS accepts up to 5 min).")];
    }

    internal static string SyncFix(HostPlatform platform) => platform switch
    {
        HostPlatform.Windows => "Sync the clock: in an elevated prompt run 'w32tm /resync' (if it fails: 'net start w32time' first), or Settings > Time & language > Date & time > Sync now.",
        HostPlatform.MacOS => "Sync the clock: 'sudo sntp -sS time.apple.com', and turn on System Settings > General > Date & Time > Set time and date automatically.",
        _ => "Sync the clock: 'sudo timedatectl set-ntp true', then check 'timedatectl status' shows 'System clock synchronized: yes' (in a container, fix the host's clock).",
    };

    internal static string Unreachable(DoctorContext context) =>
        context.Sts.EndpointIsCustom
            ? $"Check that the endpoint is running and the URL is right (--endpoint-url {context.Sts.Endpoint})."
            : $"Check the network path to {context.Sts.Endpoint} (proxy: HTTPS_PROXY; firewall; VPC endpoint for STS); the credentials cannot refresh without it.";
}
