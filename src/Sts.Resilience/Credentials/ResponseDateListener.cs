using System.Globalization;
using Amazon.Runtime;

namespace Sts.Resilience.Credentials;

/// <summary>
/// Captures the HTTP <c>Date</c> header of one request's response from an SDK client (which publishes response
/// headers after each call), so a credential source can tell the engine STS's clock. Only the request passed to
/// <see cref="CallAsync{TRequest, TResponse}"/> counts: the client may be shared with other code.
/// </summary>
internal sealed class ResponseDateListener : IDisposable
{
    /// <summary>
    /// A client that is not an <see cref="AmazonServiceClient"/> (a test fake, a wrapper) can report the server's clock by
    /// putting the HTTP <c>Date</c> header value under this key of <see cref="ResponseMetadata.Metadata"/>.
    /// </summary>
    public const string DateMetadataKey = "Date";

    private readonly AmazonServiceClient? _client;
    private object? _pending;
    private string? _date;

    public ResponseDateListener(object client)
    {
        if (client is AmazonServiceClient serviceClient)
        {
            _client = serviceClient;
            _client.AfterResponseEvent += OnAfterResponse;
        }
    }

    public async Task<TResponse> CallAsync<TRequest, TResponse>(TRequest request, Func<TRequest, Task<TResponse>> call)
        where TRequest : class
    {
        Volatile.Write(ref _date, null);
        Volatile.Write(ref _pending, request);
        try
        {
            return await call(request).ConfigureAwait(false);
        }
        finally
        {
            Volatile.Write(ref _pending, null);
        }
    }

    /// <summary>
    /// Makes a synchronous call whose request object is built inside the SDK (the shared <c>ICoreAmazonSTS</c>
    /// interfaces): the response whose request <paramref name="isOurs"/> accepts counts. Then <see cref="TakeDate"/>.
    /// </summary>
    public T Call<T>(Func<AmazonWebServiceRequest, bool> isOurs, Func<T> call)
    {
        Volatile.Write(ref _date, null);
        Volatile.Write(ref _pending, isOurs);
        try
        {
            return call();
        }
        finally
        {
            Volatile.Write(ref _pending, null);
        }
    }

    /// <summary>The server's clock for the last call, from the event only (a call through <see cref="Call{T}"/>).</summary>
    public DateTimeOffset? TakeDate() => Parse(Volatile.Read(ref _date));

    /// <summary>The server's clock for the last call, from the event or the response metadata.</summary>
    public DateTimeOffset? Take(AmazonWebServiceResponse response)
    {
        var header = Volatile.Read(ref _date);
        if (header is null && response.ResponseMetadata?.Metadata is { } metadata)
        {
            metadata.TryGetValue(DateMetadataKey, out header);
        }

        return Parse(header);
    }

    private static DateTimeOffset? Parse(string? header)
        => header is not null
            && DateTimeOffset.TryParse(header, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date)
            ? date
            : null;

    public void Dispose()
    {
        if (_client is not null)
        {
            _client.AfterResponseEvent -= OnAfterResponse;
        }
    }

    private void OnAfterResponse(object sender, ResponseEventArgs e)
    {
        var pending = Volatile.Read(ref _pending);
        if (e is WebServiceResponseEventArgs args
            && (pending is Func<AmazonWebServiceRequest, bool> isOurs ? args.Request is { } request && isOurs(request) : ReferenceEquals(args.Request, pending))
            && args.ResponseHeaders is { } headers && headers.TryGetValue("Date", out var date))
        {
            Volatile.Write(ref _date, date);
        }
    }
}
