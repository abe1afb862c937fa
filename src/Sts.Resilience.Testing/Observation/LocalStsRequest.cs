namespace Sts.Resilience.Testing;

/// <summary>One request LocalSts handled, as recorded in <see cref="LocalSts.Requests"/>.</summary>
public sealed class LocalStsRequest
{
    internal LocalStsRequest(long sequence, DateTimeOffset time, string service, string action, string? accessKeyId, int statusCode, string outcome, string requestId)
    {
        Sequence = sequence;
        Time = time;
        Service = service;
        Action = action;
        AccessKeyId = accessKeyId;
        StatusCode = statusCode;
        Outcome = outcome;
        RequestId = requestId;
    }

    /// <summary>Gets the position of the request in arrival order, from 1.</summary>
    public long Sequence { get; }

    /// <summary>Gets the server time (<see cref="LocalStsOptions.TimeProvider"/> plus skew) when the request arrived.</summary>
    public DateTimeOffset Time { get; }

    /// <summary>Gets the service the request was for: <c>sts</c>, <c>s3</c>, <c>dynamodb</c>, or <c>unknown</c>.</summary>
    public string Service { get; }

    /// <summary>Gets the action (see <see cref="LocalStsActions"/>).</summary>
    public string Action { get; }

    /// <summary>Gets the access key id the request was signed with, or <see langword="null"/> when it was not signed.</summary>
    public string? AccessKeyId { get; }

    /// <summary>Gets the HTTP status returned, or 0 when the connection was reset.</summary>
    public int StatusCode { get; }

    /// <summary>Gets <see cref="LocalStsOutcomes.Success"/>, <see cref="LocalStsOutcomes.ConnectionReset"/>, or the error code returned (<c>ExpiredToken</c>, <c>ExpiredTokenException</c>, …).</summary>
    public string Outcome { get; }

    /// <summary>Gets the request id returned to the client.</summary>
    public string RequestId { get; }

    /// <summary>Gets the request's <c>x-amz-content-sha256</c> header (how the payload was signed), for tests of the verifier.</summary>
    internal string? ContentSha256 { get; init; }

    /// <inheritdoc/>
    public override string ToString()
        => $"#{Sequence} {Service} {Action} key …{LocalStsText.Last4(AccessKeyId)} → {StatusCode} {Outcome}";
}
