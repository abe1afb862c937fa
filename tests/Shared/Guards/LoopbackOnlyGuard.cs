using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Sts.Resilience.TestSupport;

/// <summary>
/// Fails any HTTP request a test makes to a host that is not loopback, before a connection is attempted: tests talk to
/// LocalSts on 127.0.0.1 only, never to AWS or a metadata address (169.254.169.254, 169.254.170.2, .23). It watches
/// <c>HttpClient</c>'s diagnostic events, which every <c>HttpClient</c> in the process raises, the AWS SDK's included.
/// A test project opts in by compiling this file (see its .csproj).
/// </summary>
internal static class LoopbackOnlyGuard
{
    private static readonly ConcurrentQueue<string> s_refused = new();

    /// <summary>Gets the hosts refused so far (for the guard's own test).</summary>
    public static IReadOnlyCollection<string> Refused => s_refused;

    [ModuleInitializer]
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2255", Justification = "The guard must be on before any test sends a request.")]
    internal static void Install() => DiagnosticListener.AllListeners.Subscribe(new Listeners());

    private static void Check(Uri? uri)
    {
        if (uri is null || !uri.IsAbsoluteUri || uri.IsLoopback)
        {
            return;
        }

        s_refused.Enqueue(uri.Host);
        throw new InvalidOperationException($"A test tried to reach {uri.Scheme}://{uri.Host}: tests may only talk to 127.0.0.1 (LocalSts).");
    }

    private sealed class Listeners : IObserver<DiagnosticListener>
    {
        public void OnNext(DiagnosticListener value)
        {
            if (value.Name == "HttpHandlerDiagnosticListener")
            {
                value.Subscribe(new Requests());
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }
    }

    private sealed class Requests : IObserver<KeyValuePair<string, object?>>
    {
        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value.Key is "System.Net.Http.HttpRequestOut.Start" or "System.Net.Http.Request"
                && value.Value?.GetType().GetProperty("Request")?.GetValue(value.Value) is HttpRequestMessage request)
            {
                Check(request.RequestUri);
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }
    }
}
