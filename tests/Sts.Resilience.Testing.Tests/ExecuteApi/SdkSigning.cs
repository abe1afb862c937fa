using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Signing;

namespace Sts.Resilience.Testing.Tests.ExecuteApi;

/// <summary>Signs raw HTTP requests with the AWS SDK's public signer (the client side the server judges).</summary>
internal static class SdkSigning
{
    public static async Task<HttpRequestMessage> SignAsync(
        LocalSts sts, HttpMethod method, string pathAndQuery, AWSCredentials credentials, string service = "execute-api", byte[]? body = null, DateTime? signedAt = null)
    {
        var uri = new Uri(new Uri(sts.ServiceUrl), pathAndQuery);
        var request = new HttpRequestMessage(method, uri);
        var signing = new AWSSigningRequest { HttpMethod = method, RequestUri = uri, Content = body };
        var result = await AWSSigV4Signer.SignAsync(signing, Parameters(sts, credentials, service, signedAt), CancellationToken.None);
        foreach (var header in result.Headers)
        {
            request.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
        }

        return request;
    }

    public static async Task<Uri> PresignAsync(LocalSts sts, HttpMethod method, string path, AWSCredentials credentials, TimeSpan expires, DateTime signedAt, string service = "s3")
    {
        var signing = new AWSSigningRequest { HttpMethod = method, RequestUri = new Uri(new Uri(sts.ServiceUrl), path) };
        var result = await AWSSigV4Signer.PresignAsync(signing, Parameters(sts, credentials, service, signedAt), expires, CancellationToken.None);
        return result.Uri;
    }

    private static AWSSigV4Parameters Parameters(LocalSts sts, AWSCredentials credentials, string service, DateTime? signedAt) => new()
    {
        Credentials = credentials,
        Region = RegionEndpoint.GetBySystemName(sts.Region),
        Service = service,
        SignedAt = signedAt,
    };
}
