using Amazon.Runtime;

namespace Sts.Resilience.Profiles;

/// <summary>
/// Credentials whose SDK provider is created at the first request for credentials, once, and disposed with this
/// object. Lets a profile with <c>credential_source</c> be read (and its errors reported) without touching instance
/// metadata or the container endpoint until a role is actually assumed. A provider that fails to build (instance
/// metadata busy at boot, container variables not set yet) is tried again at the next request, not remembered as failed.
/// </summary>
internal sealed class DeferredAWSCredentials : AWSCredentials, Credentials.IInvalidatableCredentials, IDisposable
{
    private readonly object _gate = new();
    private readonly Func<AWSCredentials> _factory;
    private volatile AWSCredentials? _inner;
    private bool _disposed;

    public DeferredAWSCredentials(string description, Func<AWSCredentials> factory)
    {
        Description = description;
        _factory = factory;
    }

    /// <summary>Where the credentials come from, for logs and tests (no secret).</summary>
    public string Description { get; }

    public bool IsCreated => _inner is not null;

    public override ImmutableCredentials GetCredentials() => Create().GetCredentials();

    public override Task<ImmutableCredentials> GetCredentialsAsync() => Create().GetCredentialsAsync();

    public override string ToString() => Description;

    /// <summary>Forwards to the provider once built, when it can be invalidated (this package's fronts can).</summary>
    public bool Invalidate(string rejectedAccessKeyId) =>
        _inner is Credentials.IInvalidatableCredentials inner && inner.Invalidate(rejectedAccessKeyId);

    /// <summary>Gets the provider, or <see langword="null"/> before the first request.</summary>
    public AWSCredentials? Inner => _inner;

    public void Dispose()
    {
        AWSCredentials? inner;
        lock (_gate)
        {
            _disposed = true;
            inner = _inner;
        }

        (inner as IDisposable)?.Dispose();
    }

    private AWSCredentials Create()
    {
        if (_inner is { } inner)
        {
            return inner;
        }

        lock (_gate)
        {
#if NET
            ObjectDisposedException.ThrowIf(_disposed, this);
#else
            if (_disposed)
            {
                throw new ObjectDisposedException(nameof(DeferredAWSCredentials));
            }
#endif

            // A throwing factory leaves _inner null, so the next refresh builds the provider again.
            return _inner ??= _factory();
        }
    }
}
