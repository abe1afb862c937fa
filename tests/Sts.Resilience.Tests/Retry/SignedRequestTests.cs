using Amazon.Runtime.Internal;
using Amazon.SecurityToken.Model;
using Sts.Resilience.Retry;

namespace Sts.Resilience.Tests.Retry;

public sealed class SignedRequestTests
{
    [Theory]
    [InlineData("AWS4-HMAC-SHA256 Credential=ASIAEXAMPLE123456789/20261128/us-east-1/sts/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc", "ASIAEXAMPLE123456789")]
    [InlineData("AWS4-HMAC-SHA256 Credential=/20261128/us-east-1/sts/aws4_request", null)]
    [InlineData("Bearer token", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void KeyFromAuthorization_ReadsTheCredentialScopeKey(string? header, string? expected)
        => Assert.Equal(expected, SignedRequest.KeyFromAuthorization(header));

    [Fact]
    public void DateFromAmzDate_ParsesTheSigV4Timestamp()
    {
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 13, 4, 35, TimeSpan.Zero), SignedRequest.DateFromAmzDate("20261128T130435Z"));
        Assert.Null(SignedRequest.DateFromAmzDate("2026-11-28"));
    }

    [Fact]
    public void Read_RequestSignedByHeaderOnly_UsesTheHeaders()
    {
        var request = new DefaultRequest(new GetCallerIdentityRequest(), "STS");
        request.Headers["Authorization"] = "AWS4-HMAC-SHA256 Credential=ASIAEXAMPLE123456789/20261128/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=abc";
        request.Headers["X-Amz-Date"] = "20261128T130435Z";

        var signed = SignedRequest.Read(request);

        Assert.Equal("ASIAEXAMPLE123456789", signed.AccessKeyId);
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 13, 4, 35, TimeSpan.Zero), signed.SignedAt);
    }

    [Fact]
    public void Read_UnsignedRequest_Nothing()
    {
        var signed = SignedRequest.Read(new DefaultRequest(new GetCallerIdentityRequest(), "STS"));

        Assert.Null(signed.AccessKeyId);
        Assert.Null(signed.SignedAt);
    }
}
