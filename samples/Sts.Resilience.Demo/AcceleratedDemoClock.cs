using System.Globalization;

namespace Sts.Resilience.Demo;

/// <summary>The interactive demo's clock: <see cref="AcceleratedTimeProvider"/>, <see cref="DemoOptions.Factor"/> times the wall clock.</summary>
internal sealed class AcceleratedDemoClock : DemoClock
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(5);
    private readonly AcceleratedTimeProvider _time;

    public AcceleratedDemoClock(DateTimeOffset origin, double factor) => _time = new AcceleratedTimeProvider(origin, factor);

    public override TimeProvider Time => _time;

    public override DateTimeOffset Origin => _time.Origin;

    public override string Describe(DemoOptions options) => string.Create(CultureInfo.InvariantCulture,
        $"Time runs {options.Factor:0.#}x: {DemoConsole.Format(options.SimulatedSpan)} of {DemoConsole.Format(options.SessionDuration)} sessions in {options.Duration.TotalSeconds:0} s.");

    public override void Start() => _time.Start();

    public override async Task<bool> RunAsync(DemoOptions options, Task faults, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(options.Duration, cancellationToken);
            return false;
        }
        catch (OperationCanceledException)
        {
            return true;
        }
    }

    public override async Task WaitUntilAsync(Func<bool> condition, CancellationToken stop)
    {
        while (!condition())
        {
            await Task.Delay(PollInterval, stop);
        }
    }

    public override Task SettleAsync(CancellationToken stop) => Task.Delay(TimeSpan.FromSeconds(1), stop);

    public override async Task<bool> PaceAsync(TimeSpan pause, CancellationToken stop)
    {
        try
        {
            await Task.Delay(pause, stop);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
