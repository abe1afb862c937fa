
namespace Sts.Resilience.Tests.Retry;

public sealed class ExpiredTokenErrorsTests
{
    [Theory]
    [InlineData("ExpiredToken", "GetCallerIdentityRequest")]
    [InlineData("ExpiredToken", "ListBucketsRequest")]
    [InlineData("ExpiredTokenException", "ListTablesRequest")]
    [InlineData("com.amazon.coral.service#ExpiredTokenException", "ListTablesRequest")]
    [InlineData("ExpiredTokenException:http://internal.amazon.com/coral/com.amazon.coral.service/", "InvokeRequest")]
    [InlineData("ExpiredToken", "AssumeRoleRequest")]
    public void IsExpiredCredentials_ExpiredTokenCodes_True(string code, string requestName)
        => Assert.True(ExpiredTokenErrors.IsExpiredCredentials(code, requestName, signingTimeOffset: null));

    [Theory]
    [InlineData("AccessDenied")]
    [InlineData("AccessDeniedException")]
    [InlineData("Throttling")]
    [InlineData("InvalidClientTokenId")]
    [InlineData("UnrecognizedClientException")]
    [InlineData("InvalidToken")]
    [InlineData("SignatureDoesNotMatch")]
    [InlineData("RequestTimeTooSkewed")]
    [InlineData("")]
    [InlineData(null)]
    public void IsExpiredCredentials_OtherCodes_False(string? code)
        => Assert.False(ExpiredTokenErrors.IsExpiredCredentials(code, "GetCallerIdentityRequest", TimeSpan.Zero));

    [Theory]
    [InlineData("AssumeRoleWithWebIdentityRequest")]
    [InlineData("AssumeRoleWithSAMLRequest")]
    public void IsExpiredCredentials_IdentityTokenExpiredInAssumeRoleWith_False(string requestName)
    {
        Assert.False(ExpiredTokenErrors.IsExpiredCredentials("ExpiredTokenException", requestName, TimeSpan.Zero));
        Assert.False(ExpiredTokenErrors.IsExpiredCredentials("ExpiredToken", requestName, TimeSpan.Zero));
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(299, true)]
    [InlineData(-299, true)]
    [InlineData(301, false)]
    [InlineData(-3600, false)]
    public void IsExpiredCredentials_RequestExpired_OnlyWhenSigningTimeWithinFiveMinutes(int offsetSeconds, bool expected)
        => Assert.Equal(expected, ExpiredTokenErrors.IsExpiredCredentials("RequestExpired", "DescribeInstancesRequest", TimeSpan.FromSeconds(offsetSeconds)));

    [Fact]
    public void IsExpiredCredentials_RequestExpiredWithoutServiceTime_False()
        => Assert.False(ExpiredTokenErrors.IsExpiredCredentials("RequestExpired", "DescribeInstancesRequest", signingTimeOffset: null));
}
