using System.Net;
using System.Text;
using Amazon.Runtime;

namespace Sts.Resilience.Tests.Http;

/// <summary>The public predicate on responses and exceptions, in every protocol's words.</summary>
public sealed class ExpiredTokenErrorsHttpTests
{
    private static HttpResponseMessage Response(HttpStatusCode status, string? body, string? errorType = null, string contentType = "application/json")
    {
        var response = new HttpResponseMessage(status) { Content = body is null ? new ByteArrayContent([]) : new StringContent(body, Encoding.UTF8, contentType) };
        if (errorType is not null)
        {
            response.Headers.TryAddWithoutValidation("x-amzn-ErrorType", errorType);
        }

        return response;
    }

    [Theory]
    [InlineData(HttpStatusCode.Forbidden, "{\"message\":\"The security token included in the request is expired\"}", "ExpiredTokenException")]
    [InlineData(HttpStatusCode.Forbidden, "{\"message\":\"The security token included in the request is expired\"}", null)]
    [InlineData(HttpStatusCode.Forbidden, "{\"Message\":\"x\"}", "ExpiredTokenException:http://internal.amazon.com/coral/com.amazon.coral.service/")]
    [InlineData(HttpStatusCode.BadRequest, "<?xml version=\"1.0\"?><Error><Code>ExpiredToken</Code><Message>The provided token has expired.</Message></Error>", null)]
    [InlineData(HttpStatusCode.Forbidden, "<ErrorResponse><Error><Type>Sender</Type><Code>ExpiredToken</Code></Error></ErrorResponse>", null)]
    [InlineData(HttpStatusCode.BadRequest, "{\"__type\":\"com.amazon.coral.service#ExpiredTokenException\",\"message\":\"The security token included in the request is expired\"}", null)]
    public async Task IsExpiredTokenAsync_ExpiredAnswers_True(HttpStatusCode status, string body, string? errorType)
    {
        using var response = Response(status, body, errorType);

        Assert.True(await ExpiredTokenErrors.IsExpiredTokenAsync(response));
        Assert.Equal(body, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(HttpStatusCode.Forbidden, "{\"message\":\"The security token included in the request is invalid.\"}", "UnrecognizedClientException")]
    [InlineData(HttpStatusCode.Forbidden, "{\"message\":\"Missing Authentication Token\"}", "MissingAuthenticationTokenException")]
    [InlineData(HttpStatusCode.Forbidden, "<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>", null)]
    [InlineData(HttpStatusCode.BadRequest, "<Error><Code>InvalidToken</Code></Error>", null)]
    [InlineData(HttpStatusCode.InternalServerError, "<Error><Code>ExpiredToken</Code></Error>", null)]
    [InlineData(HttpStatusCode.BadRequest, null, null)]
    [InlineData(HttpStatusCode.BadRequest, "not an error document", null)]
    public async Task IsExpiredTokenAsync_OtherAnswers_False(HttpStatusCode status, string? body, string? errorType)
    {
        using var response = Response(status, body, errorType);

        Assert.False(await ExpiredTokenErrors.IsExpiredTokenAsync(response));
    }

    [Fact]
    public void IsExpiredToken_Response_ReadsOnlyTheHeader()
    {
        using var apiGateway = Response(HttpStatusCode.Forbidden, "{}", "ExpiredTokenException");
        using var s3 = Response(HttpStatusCode.BadRequest, "<Error><Code>ExpiredToken</Code></Error>");

        Assert.True(ExpiredTokenErrors.IsExpiredToken(apiGateway));
        Assert.False(ExpiredTokenErrors.IsExpiredToken(s3));
    }

    [Theory]
    [InlineData("ExpiredToken", true)]
    [InlineData("ExpiredTokenException", true)]
    [InlineData("InvalidClientTokenId", false)]
    [InlineData("RequestExpired", false)]
    public void IsExpiredToken_Exception_ByCodeAlsoWhenWrapped(string code, bool expected)
    {
        var service = new AmazonServiceException("m", ErrorType.Sender, code, "req", HttpStatusCode.Forbidden);

        Assert.Equal(expected, ExpiredTokenErrors.IsExpiredToken(service));
        Assert.Equal(expected, ExpiredTokenErrors.IsExpiredToken(new InvalidOperationException("wrapped", service)));
        Assert.False(ExpiredTokenErrors.IsExpiredToken(new HttpRequestException("connection refused")));
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(360, false)]
    public void IsExpiredToken_RequestExpired_OnlyWhenSignedWithinFiveMinutesOfTheServiceClock(int signedSecondsBefore, bool expected)
    {
        var serviceTime = new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("https://ec2.us-east-1.amazonaws.com/"));
        request.Headers.TryAddWithoutValidation("X-Amz-Date", serviceTime.AddSeconds(-signedSecondsBefore).ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture));
        using var response = Response(HttpStatusCode.BadRequest, "{}", "RequestExpired");
        response.RequestMessage = request;
        response.Headers.Date = serviceTime;

        Assert.Equal(expected, ExpiredTokenErrors.IsExpiredToken(response));
    }
}
