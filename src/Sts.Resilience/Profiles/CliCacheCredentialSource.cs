using Amazon.Runtime;
using Microsoft.Extensions.Logging;
using Sts.Resilience.Engine;

namespace Sts.Resilience.Profiles;

/// <summary>
/// An <see cref="ICredentialSource"/> decorator that shares sessions with the AWS CLI: it reads the CLI cache entry
/// before calling the inner source (AssumeRole) and writes the new session after a successful call. A cached session is
/// used only when it is not the one this source handed out last, so a refresh asked for by the engine always brings
/// newer credentials (from another process's refresh, or from STS) and never loops on the same entry.
/// </summary>
internal sealed partial class CliCacheCredentialSource : ISynchronousCredentialSource
{
    private readonly ICredentialSource _inner;
    private readonly CliSessionCache _cache;
    private readonly string _key;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private string? _lastAccessKeyId;

    /// <summary>Initializes a new instance of the <see cref="CliCacheCredentialSource"/> class.</summary>
    /// <param name="inner">The source asked when the cache has no newer session (AssumeRole).</param>
    /// <param name="cache">The CLI cache; its clock should be <paramref name="stsTime"/>.</param>
    /// <param name="keyArguments">The AssumeRole arguments the entry is named by.</param>
    /// <param name="stsTime">STS's time as the engine judges it (<see cref="EngineClock.Sts"/>): what "expired" means here.</param>
    /// <param name="logger">Where cache hits are logged.</param>
    public CliCacheCredentialSource(ICredentialSource inner, CliSessionCache cache, CliCacheKeyArguments keyArguments, TimeProvider stsTime, ILogger logger)
    {
        _inner = Internal.Guard.NotNull(inner);
        _cache = Internal.Guard.NotNull(cache);
        _key = CliCacheKey.Compute(Internal.Guard.NotNull(keyArguments));
        _time = stsTime;
        _logger = logger;
    }

    /// <summary>The entry's file, for logs and the doctor.</summary>
    public string EntryPath => _cache.PathFor(_key);

    public string Description => _inner.Description;

    public bool IsNonRecoverable(Exception exception) => _inner.IsNonRecoverable(exception);

    /// <summary>Synchronous when the inner source is (the cache file is read and written synchronously either way).</summary>
    public bool CanFetchSynchronously => _inner is ISynchronousCredentialSource { CanFetchSynchronously: true };

    public async ValueTask<SourceCredentials> FetchAsync(CancellationToken cancellationToken)
        => TryCached() ?? Store(await _inner.FetchAsync(cancellationToken).ConfigureAwait(false));

    public SourceCredentials Fetch(CancellationToken cancellationToken)
        => TryCached() ?? Store(((ISynchronousCredentialSource)_inner).Fetch(cancellationToken));

    /// <summary>The CLI's cached session, when it is not the one this source handed out last.</summary>
    private SourceCredentials? TryCached()
    {
        var cached = _cache.TryRead(_key);
        if (cached is null || string.Equals(cached.AccessKeyId, Volatile.Read(ref _lastAccessKeyId), StringComparison.Ordinal))
        {
            return null;
        }

        Volatile.Write(ref _lastAccessKeyId, cached.AccessKeyId);
        Log.CacheHit(_logger, _inner.Description, EntryPath, cached.AccessKeyIdSuffix, cached.Expiration);
        return new SourceCredentials(new ImmutableCredentials(cached.AccessKeyId, cached.SecretAccessKey, cached.SessionToken), cached.Expiration, ServerTime: null);
    }

    /// <summary>Remembers and shares the inner source's new session.</summary>
    private SourceCredentials Store(SourceCredentials fresh)
    {
        var credentials = fresh.Credentials;
        Volatile.Write(ref _lastAccessKeyId, credentials?.AccessKey);

        // Only a complete, unexpired session is worth sharing; the engine rejects anything else anyway. Unexpired by
        // STS's clock: the answer's own Date when it has one, else the engine's STS time (see EngineClock).
        if (credentials is { AccessKey.Length: > 0, SecretKey.Length: > 0, Token.Length: > 0 } && fresh.Expiration > (fresh.ServerTime ?? _time.GetUtcNow()))
        {
            _cache.Write(_key, new CliCachedSession(credentials.AccessKey, credentials.SecretKey, credentials.Token, fresh.Expiration));
        }

        return fresh;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3003, EventName = "CliCacheHit", Level = LogLevel.Information,
            Message = "Using the AWS CLI cached session for {RoleArn} from {Path} (key ...{AccessKeyIdSuffix}, expires {Expiration:o}); no AssumeRole call.")]
        public static partial void CacheHit(ILogger logger, string roleArn, string path, string accessKeyIdSuffix, DateTimeOffset expiration);
    }
}
