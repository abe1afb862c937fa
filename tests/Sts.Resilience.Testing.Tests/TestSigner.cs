using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace Sts.Resilience.Testing.Tests;

/// <summary>
/// A deliberately small SigV4 signer for the raw-HTTP tests (requests no SDK would send). Written separately
/// from the server's verifier; the verifier itself is proven against AWS's published example and the real SDK.
/// </summary>
internal static class TestSigner
{
    public static HttpRequestMessage Sign(
        HttpRequestMessage request, string accessKeyId, string secret, string region, string service,
        DateTimeOffset time, string? sessionToken = null, byte[]? body = null)
    {
        body ??= [];
        var amzDate = time.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var date = amzDate[..8];
        var uri = request.RequestUri!;
        request.Headers.Host = uri.Authority;
        request.Headers.Add("X-Amz-Date", amzDate);
        if (sessionToken is not null)
        {
            request.Headers.Add("X-Amz-Security-Token", sessionToken);
        }

        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["host"] = uri.Authority,
            ["x-amz-date"] = amzDate,
        };
        if (sessionToken is not null)
        {
            headers["x-amz-security-token"] = sessionToken;
        }

        if (request.Content?.Headers.ContentType is { } contentType)
        {
            headers["content-type"] = contentType.ToString();
        }

        var signedHeaders = string.Join(';', headers.Keys);
        var canonical = string.Join('\n',
            request.Method.Method,
            uri.AbsolutePath,
            uri.Query.TrimStart('?'),
            string.Concat(headers.Select(h => h.Key + ":" + h.Value + "\n")),
            signedHeaders,
            Hex(SHA256.HashData(body)));
        var scope = $"{date}/{region}/{service}/aws4_request";
        var toSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))}";
        var key = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secret), Encoding.UTF8.GetBytes(date));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(region));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(service));
        key = HMACSHA256.HashData(key, "aws4_request"u8.ToArray());
        var signature = Hex(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(toSign)));
        request.Headers.TryAddWithoutValidation("Authorization",
            $"AWS4-HMAC-SHA256 Credential={accessKeyId}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}");
        return request;
    }

    public static HttpRequestMessage StsPost(LocalSts sts, string form)
        => new(HttpMethod.Post, sts.ServiceUrl)
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(form))
            {
                Headers = { ContentType = MediaTypeHeaderValue.Parse("application/x-www-form-urlencoded; charset=utf-8") },
            },
        };

    private static string Hex(byte[] bytes) => Convert.ToHexString(bytes).ToLowerInvariant();
}
