namespace Sts.Resilience.Tests.TestSupport;

public class IsolatedAwsEnvironmentTests
{
    [Fact]
    public void Initialize_AnyAwsVariable_IsCleared()
    {
        // A name no test or SDK reads, so setting it cannot redirect a test running in parallel; the helper must clear
        // it as it would AWS_ENDPOINT_URL_STS or AWS_IGNORE_CONFIGURED_ENDPOINT_URLS, which it has no list of.
        const string Name = "AWS_ENDPOINT_URL_STS_RESILIENCE_ISOLATION_TEST";
        Environment.SetEnvironmentVariable(Name, "http://169.254.169.254/");

        Sts.Resilience.TestSupport.IsolatedAwsEnvironment.Initialize();

        Assert.Null(Environment.GetEnvironmentVariable(Name));
        Assert.Equal("true", Environment.GetEnvironmentVariable("AWS_EC2_METADATA_DISABLED"));
    }
}
