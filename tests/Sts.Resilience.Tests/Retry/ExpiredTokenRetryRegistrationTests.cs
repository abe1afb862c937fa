using Sts.Resilience.Profiles;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.S3;
using Amazon.SecurityToken;
using Sts.Resilience.Retry;
using Sts.Resilience.Tests.Retry.Support;

namespace Sts.Resilience.Tests.Retry;

[Collection(RetryTestGroup.Name)]
public sealed class ExpiredTokenRetryRegistrationTests
{
    public ExpiredTokenRetryRegistrationTests() => RetryTestRegistration.EnsureRegistered();

    [Fact]
    public void RegisterFor_CalledAgain_InstallsTheRetryOnceAroundTheServicePolicy()
    {
        ExpiredTokenRetry.RegisterFor([typeof(RetryStsClient)]);
        ExpiredTokenRetry.RegisterFor([typeof(RetryStsClient)]);

        using var client = new RetryStsClient(new AnonymousAWSCredentials(), ExpiredTokenRetryPipelineTests.StsConfig(new ScriptedAwsHttp(ScriptedResponse.CallerIdentity())));

        var retryHandlers = client.Handlers.OfType<RetryHandler>().ToList();
        var policy = Assert.IsType<ExpiredTokenRetryPolicy>(Assert.Single(retryHandlers).RetryPolicy);
        Assert.Equal("SecurityTokenServiceStandardRetryPolicy", policy.Inner.GetType().Name);
        Assert.Equal(policy.Inner.MaxRetries, policy.MaxRetries);
        Assert.Single(client.Handlers.OfType<SnapshotSigner>());
        Assert.DoesNotContain(client.Handlers, h => h.GetType() == typeof(Signer));
    }

    [Fact]
    public void RegisterFor_OtherClientTypes_LeavesTheirPipelineAlone()
    {
        using var client = new UnregisteredStsClient(new AnonymousAWSCredentials(), ExpiredTokenRetryPipelineTests.StsConfig(new ScriptedAwsHttp(ScriptedResponse.CallerIdentity())));

        var policy = Assert.Single(client.Handlers.OfType<RetryHandler>()).RetryPolicy;
        Assert.IsNotType<ExpiredTokenRetryPolicy>(policy);
        Assert.Single(client.Handlers, h => h.GetType() == typeof(Signer));
        Assert.Empty(client.Handlers.OfType<SnapshotSigner>());
        Assert.False(ExpiredTokenRetry.IsEnabledFor(typeof(UnregisteredStsClient)));
        Assert.False(ExpiredTokenRetry.IsEnabledFor(typeof(AmazonSecurityTokenServiceClient)));
        Assert.True(ExpiredTokenRetry.IsEnabledFor(typeof(RetryS3Client)));
    }

    [Fact]
    public void RegisterFor_Empty_ThrowsWithGuidance()
    {
        var exception = Assert.Throws<ArgumentException>(() => ExpiredTokenRetry.RegisterFor([]));

        Assert.Equal("clientTypes", exception.ParamName);
        Assert.StartsWith("Name at least one client type, or call Register() without types to cover every client.", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RegisterFor_TypeThatIsNotAClient_ThrowsNamingIt()
    {
        var exception = Assert.Throws<ArgumentException>(() => ExpiredTokenRetry.RegisterFor([typeof(AmazonS3Config)]));

        Assert.StartsWith(
            "'Amazon.S3.AmazonS3Config' is not an AWS service client type: pass types derived from Amazon.Runtime.AmazonServiceClient, such as typeof(AmazonS3Client).",
            exception.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void RegisterFor_Null_Throws()
        => Assert.Equal("clientTypes", Assert.Throws<ArgumentNullException>(() => ExpiredTokenRetry.RegisterFor(null!)).ParamName);

    [Fact]
    public void IsEnabledFor_Null_Throws()
        => Assert.Throws<ArgumentNullException>(() => ExpiredTokenRetry.IsEnabledFor(null!));

    [Fact]
    public void Customizer_AllClientsAfterTypes_CoversEveryType()
    {
        // A private customizer instance: the process-wide one must stay limited to the test client types.
        var customizer = new ExpiredTokenRetryCustomizer(new ExpiredTokenRetrySettings(TimeProvider.System, () => new ProfileFileLocations("/nonexistent/config", "/nonexistent/credentials")));
        customizer.AddClientTypes([typeof(AmazonS3Client)]);

        Assert.True(customizer.AppliesTo(typeof(RetryS3Client)));
        Assert.False(customizer.AppliesTo(typeof(AmazonSecurityTokenServiceClient)));

        customizer.AddAllClients();

        Assert.True(customizer.AppliesTo(typeof(AmazonSecurityTokenServiceClient)));
        Assert.Equal(ExpiredTokenRetry.CustomizerName, customizer.UniqueName);
    }
}
