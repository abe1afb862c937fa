using Sts.Resilience.Profiles;

namespace Sts.Resilience.Tests.Profiles;

/// <summary>The differences from botocore that CliCacheKeyVectorTests found, each kept as an example (keys from botocore 1.43.11).</summary>
public class CliCacheKeyRegressionTests
{
    private const string RoleArn = "arn:aws:iam::123456789012:role/app";

    [Fact]
    public void Compute_EmptySessionName_SameKeyAsNoneGiven()
    {
        // botocore generates a name when the given one is empty, and leaves it out of the key.
        Assert.Equal("dc7a8abd0b7059a28fae9b5f5fd4bc7c101c0185", CliCacheKey.Compute(new CliCacheKeyArguments(RoleArn) { RoleSessionName = "" }));
        Assert.Equal("dc7a8abd0b7059a28fae9b5f5fd4bc7c101c0185", CliCacheKey.Compute(new CliCacheKeyArguments(RoleArn)));
    }

    [Fact]
    public void Compute_PolicyWithMinusZeroExponentsAndOverflow_BotocoresKey()
        => Assert.Equal(
            "af6d26d2b2c7a36eb8729f0af9585abf15a5552f",
            CliCacheKey.Compute(new CliCacheKeyArguments(RoleArn) { Policy = """{"a": -0, "b": [1e16, 0.00001, -1e400]}""" }));

    [Theory]
    [InlineData("1e16", "1e+16")]
    [InlineData("1e15", "1000000000000000.0")]
    [InlineData("1.5e15", "1500000000000000.0")]
    [InlineData("123456789012345.6", "123456789012345.6")]
    [InlineData("1234567890123456.7", "1234567890123456.8")]
    [InlineData("1e-4", "0.0001")]
    [InlineData("1e-5", "1e-05")]
    [InlineData("-0.0", "-0.0")]
    [InlineData("75500000000000000.0", "7.55e+16")]
    [InlineData("1e400", "Infinity")]
    [InlineData("-1e400", "-Infinity")]
    [InlineData("1e-400", "0.0")]
    [InlineData("5e-324", "5e-324")]
    [InlineData("1.7976931348623157e308", "1.7976931348623157e+308")]
    [InlineData("1E5", "100000.0")]
    [InlineData("3.14159e-07", "3.14159e-07")]
    [InlineData("12345678901234567890.0", "1.2345678901234567e+19")]
    public void FloatRepr_AsPythonsJsonDumps(string json, string python)
        => Assert.Equal(python, PythonJson.FloatRepr(double.Parse(json, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Compute_PolicyWithEscapedLoneSurrogate_DoesNotThrow()
    {
        var key = CliCacheKey.Compute(new CliCacheKeyArguments(RoleArn) { Policy = """{"a": "\ud800"}""" });

        Assert.Matches("^[0-9a-f]{40}$", key);
    }
}
