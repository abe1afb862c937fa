using static Sts.Resilience.Tests.CredentialEndpoints.TestVariables;

namespace Sts.Resilience.Tests.InstanceProfile;

/// <summary>The instance-profile options and the <c>AWS_EC2_METADATA_*</c> variables, without a network.</summary>
public sealed class RefreshingInstanceProfileCredentialsOptionsTests
{
    [Fact]
    public void OptionsFromEnvironment_NothingSet_Ipv4Address()
    {
        var options = RefreshingInstanceProfileCredentials.OptionsFromEnvironment(Variables(), null);

        Assert.Equal(new Uri("http://169.254.169.254"), options.ResolveEndpoint());
        Assert.True(RefreshingInstanceProfileCredentials.IsEnabled(Variables()));
    }

    [Theory]
    [InlineData("IPv6")]
    [InlineData("ipv6")]
    public void OptionsFromEnvironment_Ipv6Mode_Ipv6Address(string mode)
    {
        var options = RefreshingInstanceProfileCredentials.OptionsFromEnvironment(Variables(("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", mode)), null);

        Assert.Equal(InstanceMetadataEndpointMode.IPv6, options.EndpointMode);
        Assert.Equal(new Uri("http://[fd00:ec2::254]"), options.ResolveEndpoint());
    }

    [Fact]
    public void OptionsFromEnvironment_EndpointSet_WinsOverTheMode()
    {
        var options = RefreshingInstanceProfileCredentials.OptionsFromEnvironment(
            Variables(("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:1338/"), ("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv6")),
            null);

        Assert.Equal(new Uri("http://127.0.0.1:1338"), options.ResolveEndpoint());
    }

    [Theory]
    [InlineData("true")]
    [InlineData("TRUE")]
    [InlineData(" True ")]
    public void OptionsFromEnvironment_Disabled_ClearException(string value)
    {
        var get = Variables(("AWS_EC2_METADATA_DISABLED", value));

        var ex = Assert.Throws<InvalidOperationException>(() => RefreshingInstanceProfileCredentials.OptionsFromEnvironment(get, null));

        Assert.False(RefreshingInstanceProfileCredentials.IsEnabled(get));
        Assert.StartsWith("Instance metadata is turned off (AWS_EC2_METADATA_DISABLED=", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OptionsFromEnvironment_DisabledFalse_Enabled()
        => Assert.True(RefreshingInstanceProfileCredentials.IsEnabled(Variables(("AWS_EC2_METADATA_DISABLED", "false"))));

    [Fact]
    public void OptionsFromEnvironment_UnknownMode_ExceptionNamesTheVariable()
    {
        var ex = Assert.Throws<ArgumentException>(() => RefreshingInstanceProfileCredentials.OptionsFromEnvironment(
            Variables(("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv5")), null));

        Assert.StartsWith("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE is 'IPv5'; it must be IPv4 or IPv6.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OptionsFromEnvironment_EndpointNotAUrl_ExceptionNamesTheVariables()
    {
        var ex = Assert.Throws<ArgumentException>(() => RefreshingInstanceProfileCredentials.OptionsFromEnvironment(
            Variables(("AWS_EC2_METADATA_SERVICE_ENDPOINT", "169.254.169.254")), null));

        Assert.Contains("AWS_EC2_METADATA_SERVICE_ENDPOINT", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Endpoint '169.254.169.254' is not an absolute http or https URL.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_InvalidOptions_OneMessageListsEveryProblem()
    {
        var options = new RefreshingInstanceProfileCredentialsOptions
        {
            Endpoint = "ftp://127.0.0.1",
            EndpointMode = (InstanceMetadataEndpointMode)7,
            TokenTtl = TimeSpan.FromHours(7),
            Timeout = TimeSpan.FromMinutes(2),
            AdvisoryWindow = TimeSpan.FromHours(7),
        };

        var ex = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Equal(
            "RefreshingInstanceProfileCredentialsOptions are invalid:" + Environment.NewLine
            + "- Endpoint 'ftp://127.0.0.1' is not an absolute http or https URL." + Environment.NewLine
            + "- EndpointMode must be IPv4 or IPv6 (it is 7)." + Environment.NewLine
            + "- TokenTtl must be a whole number of seconds from 1 to 21600 (it is 25200 s)." + Environment.NewLine
            + "- Timeout must be more than 0 and at most 1 minute (it is 00:02:00)." + Environment.NewLine
            + "- AdvisoryWindow must be from 1 minute to 6 hours (it is 07:00:00). (Parameter 'options')",
            ex.Message);
    }

    [Fact]
    public void Ctor_Ok_Defaults()
    {
        var options = new RefreshingInstanceProfileCredentialsOptions();

        Assert.Null(options.Endpoint);
        Assert.Equal(InstanceMetadataEndpointMode.IPv4, options.EndpointMode);
        Assert.Equal(TimeSpan.FromSeconds(21600), options.TokenTtl);
        Assert.Equal(TimeSpan.FromSeconds(1), options.Timeout);
        Assert.Null(options.AdvisoryWindow);
        Assert.True(options.BackgroundRefresh);
    }
}
