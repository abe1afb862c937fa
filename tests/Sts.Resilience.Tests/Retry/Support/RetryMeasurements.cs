using System.Diagnostics.Metrics;

namespace Sts.Resilience.Tests.Retry.Support;

/// <summary>Collects the expired-token retry counter while alive.</summary>
internal sealed class RetryMeasurements : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly List<(long Value, string Outcome, string Service)> _values = [];

    public RetryMeasurements()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "Sts.Resilience" && instrument.Name == "sts_resilience.expired_token.retries")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            string outcome = "", service = "";
            foreach (var tag in tags)
            {
                if (tag.Key == "sts_resilience.outcome")
                {
                    outcome = (string)tag.Value!;
                }
                else if (tag.Key == "rpc.service")
                {
                    service = (string)tag.Value!;
                }
            }

            lock (_values)
            {
                _values.Add((value, outcome, service));
            }
        });
        _listener.Start();
    }

    public IReadOnlyList<(long Value, string Outcome, string Service)> Values
    {
        get
        {
            lock (_values)
            {
                return [.. _values];
            }
        }
    }

    public void Dispose() => _listener.Dispose();
}
