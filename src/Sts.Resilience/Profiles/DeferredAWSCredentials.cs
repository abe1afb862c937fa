using Amazon.Runtime;

namespace Sts.Resilience.Profiles;

/// <summary>
/// Credentials whose SDK provider is created at the first request for credentials, once, and disposed with this
/// object. Lets a profile with <c>credential_source</c> be read (and its errors reported) without touching instance
/// metadata or the container endpoint until a role is actually assumed.
/// </summary>
internal sealed class DeferredAWSCredentials : AWSCredentials, IDisposable
{
    private readonly Lazy<AWSCredentials> _inner;

    public DeferredAWSCredentials(string description, Func<AWSCredentials> factory)
    {
        Description = description;
        _inner = new Lazy<AWSCredentials>(factory, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Where the credentials come from, for logs and tests (no secret).</summary>
    public string Description { get; }

    public bool IsCreated => _inner.IsValueCreated;

    public override ImmutableCredentials GetCredentials() => _inner.Value.GetCredentials();

    public override Task<ImmutableCredentials> GetCredentialsAsync() => _inner.Value.GetCredentialsAsync();

    public override string ToString() => Description;

    public void Dispose()
    {
        if (_inner.IsValueCreated && _inner.Value is IDisposable disposable)
        {
            disposable.Dispose();
        }
    }
}
