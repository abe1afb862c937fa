namespace Sts.Resilience.CredentialEndpoints;

/// <summary>One answer of a credentials endpoint, read whole (the bodies are a few hundred bytes).</summary>
/// <param name="Status">The HTTP status code.</param>
/// <param name="Body">The body as text.</param>
/// <param name="Date">The endpoint's clock (the <c>Date</c> header), or <see langword="null"/> when it sent none.</param>
internal sealed record EndpointResponse(int Status, string Body, DateTimeOffset? Date)
{
    public bool IsSuccess => Status is >= 200 and < 300;
}
