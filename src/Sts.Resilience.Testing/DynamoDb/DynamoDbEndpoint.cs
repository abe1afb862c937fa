using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Sts.Resilience.Testing.DynamoDb;

/// <summary>DynamoDB over JSON 1.0 (<c>X-Amz-Target: DynamoDB_20120810.ListTables</c>). Its job is to accept valid credentials and reject the others as DynamoDB does.</summary>
internal sealed class DynamoDbEndpoint : ServiceEndpoint
{
    private const string TargetPrefix = "DynamoDB_20120810.";
    private const string Coral = "com.amazon.coral.service";
    private const string Availability = "com.amazon.coral.availability";
    private const string Dynamo = "com.amazonaws.dynamodb.v20120810";

    public override string Name => "dynamodb";

    public override ServiceError? Route(IncomingRequest request)
    {
        var target = request.Header("X-Amz-Target");
        if (request.Method == "POST" && target == TargetPrefix + LocalStsActions.ListTables)
        {
            request.Action = LocalStsActions.ListTables;
            return null;
        }

        return new ServiceError(400, "UnknownOperationException", "The operation is not supported by this server.", Coral);
    }

    public override ServiceResult Handle(IncomingRequest request)
    {
        try
        {
            using var document = JsonDocument.Parse(request.Payload.Length == 0 ? "{}"u8.ToArray() : request.Payload);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return ServiceResult.Fail(new ServiceError(400, "SerializationException", "Start of structure or map expected.", Coral));
            }
        }
        catch (JsonException)
        {
            return ServiceResult.Fail(new ServiceError(400, "SerializationException", "The request body is not valid JSON.", Coral));
        }

        return ServiceResult.Ok("application/x-amz-json-1.0", "{\"TableNames\":[]}"u8.ToArray());
    }

    public override ServiceError ErrorFor(Problem problem, string? detail = null) => problem switch
    {
        Problem.MissingAuthentication => new(400, "MissingAuthenticationTokenException", "Request is missing Authentication Token", Coral),
        Problem.IncompleteSignature => new(400, "IncompleteSignatureException", detail ?? "The request signature does not conform to AWS standards.", Coral),
        Problem.UnknownAccessKey or Problem.InvalidToken => new(400, "UnrecognizedClientException", "The security token included in the request is invalid.", Coral),
        Problem.ExpiredToken => new(400, "ExpiredTokenException", "The security token included in the request is expired", Coral),
        Problem.SignatureMismatch => new(400, "InvalidSignatureException",
            "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.", Coral)
        { IsSignatureError = true },
        Problem.SignatureExpired or Problem.WrongScope => new(400, "InvalidSignatureException", detail ?? "Signature expired", Coral) { IsSignatureError = true },
        Problem.PayloadHashMismatch => new(400, "InvalidSignatureException", "The provided 'x-amz-content-sha256' header does not match what was computed.", Coral) { IsSignatureError = true },
        Problem.BodyTooLarge => new(413, "RequestEntityTooLargeException", detail ?? "Request body too large.", Coral),
        Problem.Throttling => new(400, "ThrottlingException", "Rate exceeded", Availability),
        Problem.ServiceUnavailable => new(503, "ServiceUnavailableException", "Service unavailable", Availability),
        _ => new(500, "InternalServerError", "Internal server error", Dynamo),
    };

    public override async Task WriteErrorAsync(HttpResponse response, ServiceError error, string requestId, bool isHead)
    {
        response.ContentType = "application/x-amz-json-1.0";
        // Utf8JsonWriter, not JsonSerializer: no reflection, so LocalSts runs in a Native AOT application.
        var json = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(json))
        {
            writer.WriteStartObject();
            writer.WriteString("__type", (error.JsonNamespace ?? Coral) + "#" + error.Code);
            writer.WriteString("message", error.Message);
            writer.WriteEndObject();
        }

        await response.Body.WriteAsync(json.WrittenMemory).ConfigureAwait(false);
    }

    public override void AddRequestIdHeaders(HttpResponse response, string requestId) => response.Headers["x-amzn-RequestId"] = requestId;
}
