using System.Text;
using Amazon.SecurityToken.Model;
using CsCheck;
using Xunit.Abstractions;

namespace Sts.Resilience.Testing.Tests.SigV4;

/// <summary>
/// Malformed and random requests (any method, path, query, headers, Authorization and body, including bodies that
/// claim a signed aws-chunked upload) never get a 5xx other than 501 NotImplemented, and the server keeps answering.
/// </summary>
public sealed class MalformedRequestTests(ITestOutputHelper output)
{
    private const long Iterations = 600;
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(60) };

    private static readonly Gen<string> Printable = Gen.Char[' ', '~'].Array[0, 40].Select(c => new string(c));

    private static readonly Gen<string> Authorization = Gen.Frequency(
        (3, Gen.Select(Printable, Gen.OneOf("20261201", "2026120", "", "x"), Gen.OneOf("us-east-1", "", "/"), Gen.OneOf("sts", "s3", "dynamodb", "", "x"),
            Gen.OneOf("aws4_request", "", "x"), Printable, Gen.Char["0123456789abcdefg"].Array[0, 70].Select(c => new string(c)),
            (key, date, region, service, terminator, signed, signature) => $"AWS4-HMAC-SHA256 Credential={key}/{date}/{region}/{service}/{terminator}, SignedHeaders={signed}, Signature={signature}")),
        (1, Gen.OneOf("AWS4-HMAC-SHA256", "AWS4-HMAC-SHA256 ", "AWS4-HMAC-SHA256 Credential=", "AWS4-HMAC-SHA256 Credential=/////, SignedHeaders=;;, Signature=", "Bearer x", "AWS AKID:sig", "", ",,,,", "AWS4-HMAC-SHA256 Credential=a/b/c/d/e/f/g, Credential=x")),
        (1, Printable));

    private static readonly Gen<KeyValuePair<string, string>> Header = Gen.Frequency(
        (2, Gen.Select(Gen.OneOf("X-Amz-Date", "x-amz-date", "X-Amz-Security-Token", "X-Amz-Target", "x-amz-content-sha256", "x-amz-decoded-content-length", "Content-Encoding", "x-amz-trailer", "Date"),
            Gen.Frequency((3, Printable), (1, Gen.OneOf("20261201T120000Z", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER", "STREAMING-UNSIGNED-PAYLOAD-TRAILER", "UNSIGNED-PAYLOAD", "aws-chunked", "DynamoDB_20120810.ListTables", "DynamoDB_20120810.", "-1", "99999999999999999999", "x-amz-checksum-crc32"))),
            (name, value) => new KeyValuePair<string, string>(name, value))),
        (1, Gen.Select(Gen.Char['a', 'z'].Array[1, 12].Select(c => "x-" + new string(c)), Printable, (name, value) => new KeyValuePair<string, string>(name, value))));

    private static readonly Gen<byte[]> Body = Gen.Frequency(
        (2, Gen.Byte.Array[0, 512]),
        (2, Printable.Select(t => Encoding.UTF8.GetBytes(t))),
        (1, Gen.OneOf("Action=GetCallerIdentity&Version=2011-06-15", "Action=AssumeRole&Version=2011-06-15&RoleArn=%ZZ&DurationSeconds=99999999999", "Action=&Version=", "%", "&&&==", "{}", "{", "[]", "null", "{\"Limit\":-1}",
            "0;chunk-signature=\r\n", "ffffffffffffffff;chunk-signature=00\r\n", "5;chunk-signature=0000000000000000000000000000000000000000000000000000000000000000\r\nhello\r\n0;chunk-signature=00\r\n\r\n", "1\r\n").Select(t => Encoding.UTF8.GetBytes(t))));

    private static readonly Gen<(string Method, string Path, string Query, KeyValuePair<string, string>[] Headers, string? Authorization, string? ContentType, byte[] Body)> Request = Gen.Select(
        Gen.OneOf("GET", "POST", "PUT", "HEAD", "DELETE", "PATCH", "OPTIONS", "FROB"),
        Gen.Frequency((3, Gen.OneOf("/", "/reports", "/reports/key", "/reports/a/b%20c", "//", "/%", "/%zz", "/reports/..", "/" + new string('a', 2000))), (1, Printable.Select(p => "/" + Uri.EscapeDataString(p)))),
        Gen.Frequency((3, Gen.OneOf("", "Action=GetCallerIdentity&Version=2011-06-15", "list-type=2", "x", "=", "&&", "a=%zz", "X-Amz-Signature=00", "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=a%2Fb")), (1, Printable.Select(Uri.EscapeDataString))),
        Header.Array[0, 6],
        Gen.Frequency((1, Gen.Const((string?)null)), (4, Authorization.Select(a => (string?)a))),
        Gen.OneOf<string?>(null, "application/x-www-form-urlencoded; charset=utf-8", "application/x-amz-json-1.0", "application/json", "text/plain", "multipart/form-data; boundary=x", "x/y; charset=nonsense"),
        Body,
        (method, path, query, headers, authorization, contentType, body) => (method, path, query, headers, (string?)authorization, contentType, body));

    [Fact]
    public async Task RandomRequests_NeverA5xxOtherThan501_AndTheServerKeepsAnswering()
    {
        await using var f = await LocalStsFixture.StartAsync();
        var statuses = new System.Collections.Concurrent.ConcurrentDictionary<int, int>();

        await Request.SampleAsync(
            async r =>
            {
                using var request = new HttpRequestMessage(new HttpMethod(r.Method), f.Sts.ServiceUrl.TrimEnd('/') + r.Path + (r.Query.Length > 0 ? "?" + r.Query : string.Empty));
                if (r.Method is not ("GET" or "HEAD") || r.Body.Length > 0)
                {
                    request.Content = new ByteArrayContent(r.Body);
                    if (r.ContentType is not null)
                    {
                        request.Content.Headers.TryAddWithoutValidation("Content-Type", r.ContentType);
                    }
                }

                foreach (var (name, value) in r.Headers)
                {
                    if (!request.Headers.TryAddWithoutValidation(name, value))
                    {
                        request.Content?.Headers.TryAddWithoutValidation(name, value);
                    }
                }

                if (r.Authorization is not null)
                {
                    request.Headers.TryAddWithoutValidation("Authorization", r.Authorization);
                }

                using var response = await Http.SendAsync(request);
                var status = (int)response.StatusCode;
                statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
                Assert.False(status >= 500 && status != 501, $"{status}: {await response.Content.ReadAsStringAsync()}");
            },
            iter: Iterations, threads: 2, writeLine: output.WriteLine,
            print: r => $"{r.Method} {r.Path}?{r.Query} auth={r.Authorization} type={r.ContentType} headers=[{string.Join(", ", r.Headers)}] body={Encoding.UTF8.GetString(r.Body)}");

        output.WriteLine("statuses: " + string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}")));
        using var client = f.Sts.CreateStsClient(f.User.Credentials);
        Assert.Equal(f.User.Arn, (await client.GetCallerIdentityAsync(new GetCallerIdentityRequest())).Arn);
    }
}
