using Amazon.Runtime.Internal;
using Microsoft.Extensions.Logging.Abstractions;

namespace Sts.Resilience.Retry;

/// <summary>
/// Installs <see cref="ExpiredTokenRetryPolicy"/> into the pipeline of every new service client that is in scope.
/// The SDK applies registered customizers at the end of the client constructor, after the client's own
/// <c>CustomizeRuntimePipeline</c>, so the <see cref="RetryHandler"/> found here already holds the service's policy.
/// </summary>
internal sealed class ExpiredTokenRetryCustomizer : IRuntimePipelineCustomizer
{
    private readonly object _gate = new();
    private readonly HashSet<Type> _clientTypes = [];
    private bool _allClients;

    public ExpiredTokenRetryCustomizer(ExpiredTokenRetrySettings settings) => Settings = settings;

    public string UniqueName => ExpiredTokenRetry.CustomizerName;

    public ExpiredTokenRetrySettings Settings { get; }

    public void AddAllClients()
    {
        lock (_gate)
        {
            _allClients = true;
        }
    }

    public void AddClientTypes(IEnumerable<Type> clientTypes)
    {
        lock (_gate)
        {
            foreach (var type in clientTypes)
            {
                _clientTypes.Add(type);
            }
        }
    }

    public bool AppliesTo(Type clientType)
    {
        lock (_gate)
        {
            if (_allClients)
            {
                return true;
            }

            foreach (var type in _clientTypes)
            {
                if (type.IsAssignableFrom(clientType))
                {
                    return true;
                }
            }

            return false;
        }
    }

    public void Customize(Type type, RuntimePipeline pipeline)
    {
        if (!AppliesTo(type))
        {
            return;
        }

        // ReplaceHandler<RetryHandler> matches the exact type: a client with its own RetryHandler subclass keeps it.
        RetryHandler? retryHandler = null;
        foreach (var handler in pipeline.EnumerateHandlers())
        {
            if (handler.GetType() == typeof(RetryHandler))
            {
                retryHandler = (RetryHandler)handler;
                break;
            }
        }

        if (retryHandler is null)
        {
            ExpiredTokenRetryLog.NotInstalled(Logger(), type.FullName ?? type.Name, "its pipeline has no Amazon.Runtime.Internal.RetryHandler");
            return;
        }

        if (retryHandler.RetryPolicy is not ExpiredTokenRetryPolicy)
        {
            pipeline.ReplaceHandler<RetryHandler>(new RetryHandler(new ExpiredTokenRetryPolicy(retryHandler.RetryPolicy, Settings)));
        }

        ReplaceSigner(pipeline);
    }

    /// <summary>
    /// Swaps the SDK's <see cref="Signer"/> (exact type, like <c>ReplaceHandler</c>) for <see cref="SnapshotSigner"/>,
    /// which reads the credentials once per signature: the SDK's reads them twice, and a refresh between the reads
    /// sends one session's token with another session's key. A client with its own signer handler keeps it.
    /// </summary>
    private static void ReplaceSigner(RuntimePipeline pipeline)
    {
        foreach (var handler in pipeline.EnumerateHandlers())
        {
            if (handler.GetType() == typeof(Signer))
            {
                pipeline.ReplaceHandler<Signer>(new SnapshotSigner());
                return;
            }
        }
    }

    private Microsoft.Extensions.Logging.ILogger Logger()
        => (Settings.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger(ExpiredTokenRetry.CustomizerName);
}
