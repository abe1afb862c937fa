using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Sts.Resilience.Testing.Container;
using Sts.Resilience.Testing.Imds;
using Sts.Resilience.Testing.SigV4;

namespace Sts.Resilience.Testing;

/// <summary>The request pipeline: route, read the body, inject faults, authenticate, handle, record.</summary>
public sealed partial class LocalSts
{
    private async Task HandleAsync(HttpContext http)
    {
        var requestId = KeyGenerator.RequestId();
        var endpoint = SelectEndpoint(http);
        var target = http.Features.Get<IHttpRequestFeature>()?.RawTarget ?? "/";
        var question = target.IndexOf('?', StringComparison.Ordinal);
        var rawPath = question < 0 ? target : target[..question];
        var rawQuery = question < 0 ? string.Empty : target[(question + 1)..];
        IncomingRequest? request = null;
        try
        {
            var body = await ReadBodyAsync(http).ConfigureAwait(false);
            request = new IncomingRequest(http, requestId, body ?? [], rawPath, rawQuery);
            if (body is null)
            {
                await RespondAsync(request, endpoint, ServiceResult.Fail(endpoint.ErrorFor(Problem.BodyTooLarge,
                    $"Request body is larger than {_maxBodyBytes.ToString(CultureInfo.InvariantCulture)} bytes."))).ConfigureAwait(false);
                return;
            }

            var routeError = endpoint.Route(request);

            var latency = Faults.LatencyFor(request.Action);
            if (latency > TimeSpan.Zero)
            {
                await Task.Delay(latency, _time, http.RequestAborted).ConfigureAwait(false);
            }

            if (Faults.TakeFault(request.Action, endpoint.Name, UtcNow) is { } fault)
            {
                if (fault == LocalStsFault.ConnectionReset)
                {
                    Record(request, endpoint, 0, LocalStsOutcomes.ConnectionReset);
                    ResetMidResponse(http);
                    http.Abort();
                    return;
                }

                var problem = fault switch
                {
                    LocalStsFault.Throttling => Problem.Throttling,
                    LocalStsFault.ServiceUnavailable => Problem.ServiceUnavailable,
                    LocalStsFault.IdpCommunicationError when request.Action == LocalStsActions.AssumeRoleWithWebIdentity => Problem.IdpCommunicationError,
                    LocalStsFault.IdpRejectedClaim when request.Action == LocalStsActions.AssumeRoleWithWebIdentity => Problem.IdpRejectedClaim,
                    _ => Problem.InternalFailure,
                };
                await RespondAsync(request, endpoint, ServiceResult.Fail(endpoint.ErrorFor(problem))).ConfigureAwait(false);
                return;
            }

            var error = routeError ?? (endpoint.RequiresSignature(request) ? Authenticate(endpoint, request) : null);
            var result = error is null ? endpoint.Handle(request) : ServiceResult.Fail(error);
            await RespondAsync(request, endpoint, result).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client went away (or the server is stopping): nobody to answer.
        }
#pragma warning disable CA1031 // Bad input of any kind must never take the server down: answer InternalFailure and keep serving.
        catch (Exception)
#pragma warning restore CA1031
        {
            if (!http.Response.HasStarted)
            {
                request ??= new IncomingRequest(http, requestId, [], rawPath, rawQuery);
                http.Response.Clear();
                await RespondAsync(request, endpoint, ServiceResult.Fail(endpoint.ErrorFor(Problem.InternalFailure))).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Picks the service from the SigV4 credential scope, or from the request's shape when it is not signed.</summary>
    private ServiceEndpoint SelectEndpoint(HttpContext http)
    {
        var authorization = http.Request.Headers.Authorization.ToString();
        var at = authorization.IndexOf("Credential=", StringComparison.Ordinal);
        string? service = null;
        if (at >= 0)
        {
            var scope = authorization[(at + "Credential=".Length)..];
            var end = scope.IndexOfAny([',', ' ']);
            var parts = (end < 0 ? scope : scope[..end]).Split('/');
            service = parts.Length == 5 ? parts[3] : null;
        }
        else if (http.Request.QueryString.HasValue)
        {
            service = PresignedQuery.ScopeService(http.Request.QueryString.Value!);
        }

        switch (service)
        {
            case "sts": return _sts;
            case "s3": return _s3;
            case "dynamodb": return _dynamoDb;
            case "execute-api": return _executeApi;
        }

        if (http.Request.Host.Host.Contains(".execute-api.", StringComparison.OrdinalIgnoreCase))
        {
            return _executeApi;
        }

        // The credential endpoints are not signed with SigV4: they have their own tokens.
        var path = http.Request.Path.Value ?? "/";
        if (InstanceMetadataEndpoint.Matches(path))
        {
            return _imds;
        }

        if (ContainerCredentialsEndpoint.Matches(path))
        {
            return _container;
        }

        if (http.Request.Headers.ContainsKey("X-Amz-Target"))
        {
            return _dynamoDb;
        }

        return HttpMethods.IsPost(http.Request.Method) || http.Request.Query.ContainsKey("Action") ? _sts : _s3;
    }

    /// <summary>Reads the whole body, or returns <see langword="null"/> when it is larger than the limit.</summary>
    private async Task<byte[]?> ReadBodyAsync(HttpContext http)
    {
        if (http.Request.ContentLength > _maxBodyBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await http.Request.Body.ReadAsync(chunk, http.RequestAborted).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > _maxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private ServiceError? Authenticate(ServiceEndpoint endpoint, IncomingRequest request)
    {
        var header = request.Header("Authorization");
        PresignedQuery? presigned = null;
        AuthorizationHeader? auth;
        if (string.IsNullOrEmpty(header))
        {
            if (!PresignedQuery.IsPresent(request.RawQuery))
            {
                return endpoint.ErrorFor(Problem.MissingAuthentication);
            }

            if (!PresignedQuery.TryParse(request.RawQuery, out presigned, out var queryError))
            {
                return endpoint.PresignedQueryMalformed(queryError);
            }

            auth = presigned!.Authorization;
        }
        else if (!AuthorizationHeader.TryParse(header, out auth, out var parseError))
        {
            return endpoint.ErrorFor(Problem.IncompleteSignature, parseError);
        }

        request.Authorization = auth!;
        var amzDateText = presigned?.AmzDate ?? request.Header("X-Amz-Date");
        if (amzDateText is null)
        {
            return endpoint.ErrorFor(Problem.IncompleteSignature, "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
        }

        if (!LocalStsText.TryParseAmzDate(amzDateText, out var amzDate))
        {
            return endpoint.ErrorFor(Problem.IncompleteSignature, $"Date must be in ISO-8601 'basic format'. Got '{Shorten(amzDateText)}'. See http://en.wikipedia.org/wiki/ISO_8601");
        }

        // A presigned URL lives for minutes to days, like a session: it is judged by the session clock, which tests advance.
        if (presigned is not null && UtcNow > amzDate + presigned.Expires)
        {
            return endpoint.PresignedUrlExpired(new PresignedExpiry(amzDateText, presigned.Expires, presigned.ExpiresText, amzDate + presigned.Expires, UtcNow));
        }

        if (!auth!.SignedHeaders.Contains("host", StringComparer.Ordinal))
        {
            return endpoint.ErrorFor(Problem.IncompleteSignature, "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
        }

        var principal = _store.Find(auth.AccessKeyId);
        if (principal is null)
        {
            return endpoint.ErrorFor(Problem.UnknownAccessKey);
        }

        request.Principal = principal;
        var token = presigned is null ? request.Header("X-Amz-Security-Token") : presigned.SecurityToken;
        if (principal.IsTemporary)
        {
            if (token is null || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes(principal.SessionToken!)))
            {
                return endpoint.ErrorFor(Problem.InvalidToken);
            }

            if (principal.Revoked || UtcNow >= principal.Expiration)
            {
                return endpoint.ErrorFor(Problem.ExpiredToken);
            }
        }
        else if (!string.IsNullOrEmpty(token))
        {
            // A long-term key never comes with a session token.
            return endpoint.ErrorFor(Problem.InvalidToken);
        }

        if (auth.Service != endpoint.Name)
        {
            return endpoint.ErrorFor(Problem.WrongScope, $"Credential should be scoped to correct service: '{endpoint.Name}'. ");
        }

        if (auth.Region != Region)
        {
            return endpoint.WrongRegion(Shorten(auth.Region), Region);
        }

        if (auth.Date != amzDateText[..8])
        {
            return endpoint.ErrorFor(Problem.WrongScope,
                $"Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '{Shorten(auth.Date)}' != '{amzDateText[..8]}', from '{amzDateText}'.");
        }

        // Header signing: current on the signature clock, or on a session clock that a Date header showed the client.
        // A presigned URL is judged on the session clock (its X-Amz-Expires is checked by the endpoint); only a date in
        // the future is refused here.
        var serverTime = presigned is null ? SignatureNow : UtcNow;
        if (presigned is null
            ? !_publishedOffsets.Accepts(amzDate, serverTime, LocalStsDefaults.SignatureTolerance)
            : amzDate > serverTime + LocalStsDefaults.SignatureTolerance)
        {
            return amzDate < serverTime
                ? endpoint.ErrorFor(Problem.SignatureExpired,
                    $"Signature expired: {amzDateText} is now earlier than {LocalStsText.AmzDate(serverTime - LocalStsDefaults.SignatureTolerance)} ({LocalStsText.AmzDate(serverTime)} - 5 min.)")
                : endpoint.ErrorFor(Problem.SignatureExpired,
                    $"Signature not yet current: {amzDateText} is still later than {LocalStsText.AmzDate(serverTime + LocalStsDefaults.SignatureTolerance)} ({LocalStsText.AmzDate(serverTime)} + 5 min.)");
        }

        var contentSha256 = request.Header("x-amz-content-sha256");
        var streaming = AwsChunked.IsStreaming(contentSha256);
        string payloadHash;
        if (presigned is not null && endpoint.SignsRawPath)
        {
            // A presigned S3 URL never signs its body.
            payloadHash = "UNSIGNED-PAYLOAD";
        }
        else if (streaming || contentSha256 == "UNSIGNED-PAYLOAD")
        {
            if (!endpoint.SignsRawPath)
            {
                return endpoint.ErrorFor(Problem.PayloadHashMismatch);
            }

            payloadHash = contentSha256!;
        }
        else
        {
            payloadHash = SigV4Math.HexSha256(request.Body);
            if (contentSha256 is not null && !string.Equals(contentSha256, payloadHash, StringComparison.OrdinalIgnoreCase))
            {
                return endpoint.ErrorFor(Problem.PayloadHashMismatch);
            }
        }

        var headers = request.Http.Request.Headers;
        var expected = SigV4Math.ExpectedSignature(auth, principal.SecretAccessKey, amzDateText, request.Method, request.RawPath,
            presigned?.QueryWithoutSignature ?? request.RawQuery, endpoint.SignsRawPath, name => headers[name].ToArray(), payloadHash, out var signingKey);
        if (!SigV4Math.SignaturesEqual(expected, auth.Signature))
        {
            return endpoint.ErrorFor(Problem.SignatureMismatch);
        }

        if (streaming)
        {
            var decoder = new AwsChunked(signingKey, amzDateText, auth.Scope, auth.Signature);
            if (!decoder.TryDecode(request.Body, AwsChunked.SignsChunks(contentSha256!), out var payload, out _))
            {
                return endpoint.ErrorFor(Problem.SignatureMismatch);
            }

            request.Payload = payload;
        }

        return null;
    }

    private async Task RespondAsync(IncomingRequest request, ServiceEndpoint endpoint, ServiceResult result)
    {
        var response = request.Http.Response;
        var error = result.Error;
        var status = error?.Status ?? 200;
        Record(request, endpoint, status, error?.Code ?? LocalStsOutcomes.Success);

        response.StatusCode = status;
        // The Date header is the session clock, so clients (and the library under test) learn the server's time;
        // on signature errors it is the signature clock, which the AWS SDK's clock-skew correction then adopts.
        // Whatever offset a client learns here keeps its signatures current (see PublishedClockOffsets).
        DateTimeOffset date;
        if (error is { IsSignatureError: true })
        {
            date = SignatureNow;
        }
        else
        {
            date = UtcNow;
            _publishedOffsets.Publish(_time.GetUtcNow() - _signatureClock.GetUtcNow());
        }

        response.Headers.Date = date.ToString("r", CultureInfo.InvariantCulture);
        endpoint.AddRequestIdHeaders(response, request.RequestId);
        var isHead = HttpMethods.IsHead(request.Method);
        if (error is not null)
        {
            await endpoint.WriteErrorAsync(response, error, request.RequestId, isHead).ConfigureAwait(false);
            return;
        }

        if (result.Headers is not null)
        {
            foreach (var header in result.Headers)
            {
                response.Headers[header.Key] = header.Value;
            }
        }

        response.ContentType = result.ContentType;
        var body = result.Body ?? [];
        response.ContentLength = result.ContentLength ?? body.Length;
        if (!isHead && body.Length > 0)
        {
            await response.Body.WriteAsync(body, request.Http.RequestAborted).ConfigureAwait(false);
        }
    }

    private void Record(IncomingRequest request, ServiceEndpoint endpoint, int status, string outcome)
    {
        Counters.Add(request.Action, outcome);
        _requests.Enqueue(new LocalStsRequest(
            Interlocked.Increment(ref _requestSequence), UtcNow, endpoint.Name, request.Action,
            request.Authorization?.AccessKeyId, status, outcome, request.RequestId)
        {
            ContentSha256 = request.Header("x-amz-content-sha256"),
        });
    }

    /// <summary>
    /// Sends a status line, headers and part of a body straight to the socket, then closes it. Dropped before any
    /// response byte, HttpClient would silently resend the request on a new connection and the fault would vanish;
    /// Kestrel's own response pipe may not reach the socket before an abort, so the bytes go to the socket directly.
    /// </summary>
    private static void ResetMidResponse(HttpContext http)
    {
        if (http.Features.Get<IConnectionSocketFeature>()?.Socket is { } socket)
        {
            socket.Send("HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: 1024\r\n\r\n<partial"u8);
            socket.Shutdown(SocketShutdown.Both);
        }
    }

    private static string Shorten(string text) => text.Length <= 32 ? text : text[..32];
}
