using Amazon.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Sts.Resilience.Engine;

namespace Sts.Resilience.Credentials;

/// <summary>
/// Static keys (environment variables or a profile's <c>aws_access_key_id</c>) behind the <see cref="RefreshingCredentials"/>
/// surface, so <see cref="RefreshingCredentials.FromDefaultChain(Action{RefreshingCredentialsChainOptions}?, TimeProvider?, ILoggerFactory?)"/>
/// has one return type: a <see cref="RefreshingCredentials.Status"/> for health checks, and an
/// <see cref="RefreshingCredentials.Invalidate"/> that always answers <see langword="false"/> (nothing can replace them,
/// so the expired-token retry explains them instead of retrying). The keys never refresh: the source hands back the same
/// keys with a rolling horizon of <see cref="Horizon"/>, which is what <c>Status.Expiration</c> shows.
/// </summary>
internal sealed class StaticRefreshingCredentials : RefreshingCredentials
{
    /// <summary>How far ahead the keys are reported valid; they are handed out again, unchanged, before that.</summary>
    public static readonly TimeSpan Horizon = TimeSpan.FromHours(12);

    private readonly string _description;

    public StaticRefreshingCredentials(AWSCredentials keys, string description, TimeProvider? timeProvider, ILoggerFactory? loggerFactory)
        : base(new StaticKeysCredentialSource(keys, description, timeProvider ?? TimeProvider.System), new RefreshEngineOptions
        {
            Name = description,
            OwnerType = typeof(StaticRefreshingCredentials),
            BackgroundRefresh = false,
            RequireSessionToken = false,
            TimeProvider = timeProvider ?? TimeProvider.System,
            Logger = (ILogger?)loggerFactory?.CreateLogger<StaticRefreshingCredentials>() ?? NullLogger.Instance,
        })
    {
        Keys = keys;
        _description = description;
    }

    /// <summary>Gets the SDK credentials holding the keys (the retry handler explains them by their kind).</summary>
    public AWSCredentials Keys { get; }

    /// <inheritdoc/>
    private protected override string Description => _description;

    /// <inheritdoc/>
    private protected override bool CanRefresh => false;

    /// <inheritdoc/>
    private protected override void DisposeOwned()
    {
    }

    private sealed class StaticKeysCredentialSource : ICredentialSource
    {
        private readonly AWSCredentials _keys;
        private readonly TimeProvider _time;

        public StaticKeysCredentialSource(AWSCredentials keys, string description, TimeProvider time)
        {
            _keys = keys;
            _time = time;
            Description = description;
        }

        public string Description { get; }

        public bool IsNonRecoverable(Exception exception) => true;

        public ValueTask<SourceCredentials> FetchAsync(CancellationToken cancellationToken) =>
            new(new SourceCredentials(_keys.GetCredentials(), _time.GetUtcNow() + Horizon, ServerTime: null));
    }
}
