using Sts.Resilience.Container;
using static Sts.Resilience.Tests.CredentialEndpoints.TestVariables;

namespace Sts.Resilience.Tests.Container;

/// <summary>The container endpoint's options, host rules and environment variables, without a network.</summary>
public sealed class RefreshingContainerCredentialsOptionsTests
{
    [Theory]
    [InlineData("http://127.0.0.1:8080/creds")]
    [InlineData("http://127.0.0.2/creds")]
    [InlineData("http://[::1]/creds")]
    [InlineData("http://169.254.170.2/v2/credentials/x")]
    [InlineData("http://169.254.170.23/v1/credentials")]
    [InlineData("http://[fd00:ec2::23]/v1/credentials")]
    [InlineData("https://credentials.example.com/creds")]
    [InlineData("https://203.0.113.9/creds")]
    [InlineData("http://localhost:9000/creds")]
    public void CheckFullUri_AllowedHost_NoProblem(string uri) => Assert.Null(ContainerEndpointRules.CheckFullUri(uri));

    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data/")]
    [InlineData("http://169.254.170.3/creds")]
    [InlineData("http://10.0.0.1/creds")]
    [InlineData("http://[fd00:ec2::254]/creds")]
    public void CheckFullUri_PlainHttpToAnotherAddress_Refused(string uri)
    {
        var problem = ContainerEndpointRules.CheckFullUri(uri);

        Assert.NotNull(problem);
        Assert.Contains("http is allowed only to a loopback address, 169.254.170.2 (ECS), 169.254.170.23 or [fd00:ec2::23] (EKS Pod Identity)", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/v2/credentials")]
    [InlineData("ftp://127.0.0.1/creds")]
    [InlineData("file:///etc/passwd")]
    public void CheckFullUri_NotAnHttpUrl_Refused(string uri)
        => Assert.Equal($"FullUri '{uri}' is not an absolute http or https URL.", ContainerEndpointRules.CheckFullUri(uri));

    [Fact]
    public async Task CheckResolvedAsync_HostNameResolvingToLoopback_Passes()
        => await ContainerEndpointRules.CheckResolvedAsync(new Uri("http://localhost/creds"), CancellationToken.None);

    [Fact]
    public void Validate_InvalidOptions_OneMessageListsEveryProblem()
    {
        var options = new RefreshingContainerCredentialsOptions
        {
            RelativeUri = "v2/credentials",
            AuthorizationToken = "a\r\nInjected: header",
            AuthorizationTokenFile = "relative/token",
            Timeout = TimeSpan.Zero,
            AdvisoryWindow = TimeSpan.FromSeconds(5),
        };

        var ex = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Equal(
            "RefreshingContainerCredentialsOptions are invalid:" + Environment.NewLine
            + "- RelativeUri 'v2/credentials' must be a path starting with '/'." + Environment.NewLine
            + "- AuthorizationToken must not contain a line break." + Environment.NewLine
            + "- AuthorizationTokenFile 'relative/token' must be an absolute path." + Environment.NewLine
            + "- Timeout must be more than 0 and at most 1 minute (it is 00:00:00)." + Environment.NewLine
            + "- AdvisoryWindow must be from 1 minute to 6 hours (it is 00:00:05). (Parameter 'options')",
            ex.Message);
    }

    [Fact]
    public void Validate_BothOrNeitherUri_Refused()
    {
        var both = new RefreshingContainerCredentialsOptions { RelativeUri = "/a", FullUri = "http://127.0.0.1/a" };
        var neither = new RefreshingContainerCredentialsOptions();

        Assert.Contains("Set exactly one of RelativeUri and FullUri.", Assert.Throws<ArgumentException>(both.Validate).Message, StringComparison.Ordinal);
        Assert.Contains("Set exactly one of RelativeUri and FullUri.", Assert.Throws<ArgumentException>(neither.Validate).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ctor_Ok_Defaults()
    {
        var options = new RefreshingContainerCredentialsOptions();

        Assert.Null(options.RelativeUri);
        Assert.Null(options.FullUri);
        Assert.Null(options.AuthorizationToken);
        Assert.Null(options.AuthorizationTokenFile);
        Assert.Equal(TimeSpan.FromSeconds(2), options.Timeout);
        Assert.Null(options.AdvisoryWindow);
        Assert.True(options.BackgroundRefresh);
    }

    [Fact]
    public void OptionsFromEnvironment_NoUriVariable_ExceptionNamesBothVariables()
    {
        var ex = Assert.Throws<ArgumentException>(() => RefreshingContainerCredentials.OptionsFromEnvironment(Variables(("AWS_CONTAINER_AUTHORIZATION_TOKEN", "t")), null));

        Assert.Contains("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", ex.Message, StringComparison.Ordinal);
        Assert.Contains("AWS_CONTAINER_CREDENTIALS_FULL_URI", ex.Message, StringComparison.Ordinal);
        Assert.False(RefreshingContainerCredentials.IsConfigured(Variables(("AWS_CONTAINER_AUTHORIZATION_TOKEN", "t"))));
    }

    [Fact]
    public void OptionsFromEnvironment_RelativeUri_AppendedToTheEcsAgent_AndWinsOverFullUri()
    {
        var get = Variables(
            ("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/task-id"),
            ("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:1/ignored"));

        var options = RefreshingContainerCredentials.OptionsFromEnvironment(get, null);

        Assert.True(RefreshingContainerCredentials.IsConfigured(get));
        Assert.Null(options.FullUri);
        Assert.Equal(new Uri("http://169.254.170.2/v2/credentials/task-id"), options.ResolveUri());
    }

    [Fact]
    public void OptionsFromEnvironment_FullUriTokenAndTokenFile_AllRead()
    {
        var options = RefreshingContainerCredentials.OptionsFromEnvironment(
            Variables(
                ("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://169.254.170.23/v1/credentials"),
                ("AWS_CONTAINER_AUTHORIZATION_TOKEN", "token"),
                ("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", "/var/run/secrets/pods.eks.amazonaws.com/serviceaccount/eks-pod-identity-token")),
            o => o.Timeout = TimeSpan.FromSeconds(5));

        Assert.Equal("http://169.254.170.23/v1/credentials", options.FullUri);
        Assert.Equal("token", options.AuthorizationToken);
        Assert.Equal("/var/run/secrets/pods.eks.amazonaws.com/serviceaccount/eks-pod-identity-token", options.AuthorizationTokenFile);
        Assert.Equal(TimeSpan.FromSeconds(5), options.Timeout);
    }

    [Fact]
    public void OptionsFromEnvironment_FullUriNotAllowed_ExceptionNamesTheVariablesAndTheRule()
    {
        var ex = Assert.Throws<ArgumentException>(() => RefreshingContainerCredentials.OptionsFromEnvironment(
            Variables(("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://203.0.113.9/creds")), null));

        Assert.Contains("AWS_CONTAINER_CREDENTIALS_FULL_URI", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Use https for any other host.", ex.Message, StringComparison.Ordinal);
    }
}
