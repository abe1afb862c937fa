using System.Text;
using Sts.Resilience.Testing.SigV4;

namespace Sts.Resilience.Testing.Tests.SigV4;

/// <summary>
/// AWS's published SigV4 example (the IAM ListUsers request in the "Signature Version 4 signing process"
/// documentation): GET https://iam.amazonaws.com/?Action=ListUsers&amp;Version=2010-05-08, key AKIDEXAMPLE,
/// 20150830T123600Z, us-east-1, iam. The canonical request hash and the signature are the documented values.
/// </summary>
public class SigV4MathTests
{
    private const string Secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private const string AmzDate = "20150830T123600Z";
    private const string PublishedSignature = "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7";
    private const string PublishedAuthorization =
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, " +
        "SignedHeaders=content-type;host;x-amz-date, Signature=" + PublishedSignature;

    private static readonly Dictionary<string, string> Headers = new(StringComparer.Ordinal)
    {
        ["content-type"] = "application/x-www-form-urlencoded; charset=utf-8",
        ["host"] = "iam.amazonaws.com",
        ["x-amz-date"] = AmzDate,
    };

    [Fact]
    public void CanonicalRequest_PublishedExample_HashesToDocumentedValue()
    {
        var canonical = SigV4Math.CanonicalRequest("GET", SigV4Math.CanonicalUri("/", false),
            SigV4Math.CanonicalQuery("Action=ListUsers&Version=2010-05-08"),
            Headers.Select(h => new KeyValuePair<string, string>(h.Key, h.Value)).ToList(),
            "content-type;host;x-amz-date", SigV4Math.EmptyPayloadHash);

        Assert.Equal("f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59",
            SigV4Math.HexSha256(Encoding.UTF8.GetBytes(canonical)));
    }

    [Fact]
    public void ExpectedSignature_PublishedRequest_EqualsPublishedSignature()
    {
        Assert.True(AuthorizationHeader.TryParse(PublishedAuthorization, out var auth, out _));

        var signature = SigV4Math.ExpectedSignature(auth!, Secret, AmzDate, "GET", "/", "Action=ListUsers&Version=2010-05-08",
            signsRawPath: false, name => [Headers[name]], SigV4Math.EmptyPayloadHash, out _);

        Assert.Equal(PublishedSignature, signature);
        Assert.True(SigV4Math.SignaturesEqual(signature, auth!.Signature));
    }

    [Theory]
    [InlineData("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEZ", "Action=ListUsers&Version=2010-05-08")]
    [InlineData(Secret, "Action=ListUsers&Version=2010-05-09")]
    [InlineData(Secret, "Action=ListUsers&Version=2010-05-08&Extra=1")]
    public void ExpectedSignature_PublishedRequestAltered_DiffersFromPublishedSignature(string secret, string query)
    {
        Assert.True(AuthorizationHeader.TryParse(PublishedAuthorization, out var auth, out _));

        var signature = SigV4Math.ExpectedSignature(auth!, secret, AmzDate, "GET", "/", query,
            signsRawPath: false, name => [Headers[name]], SigV4Math.EmptyPayloadHash, out _);

        Assert.NotEqual(PublishedSignature, signature);
    }

    [Theory]
    [InlineData("b=2&a=1", "a=1&b=2")]
    [InlineData("a=x%20y&a=b", "a=b&a=x%20y")]
    [InlineData("k=a+b~c*", "k=a%2Bb~c%2A")]
    [InlineData("flag", "flag=")]
    public void CanonicalQuery_SortsAndEncodesTheAwsWay(string raw, string expected)
        => Assert.Equal(expected, SigV4Math.CanonicalQuery(raw));

    [Fact]
    public void CanonicalHeaderValue_TrimsCollapsesAndJoins()
        => Assert.Equal("a b,c", SigV4Math.CanonicalHeaderValue(["  a   b ", "c"]));

    [Theory]
    [InlineData("AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/iam/aws4_request, Signature=abc", "'SignedHeaders'")]
    [InlineData("AWS4-HMAC-SHA256 SignedHeaders=host, Signature=abc", "'Credential'")]
    [InlineData("Bearer abc", "Unsupported AWS 'algorithm'")]
    public void AuthorizationHeader_Incomplete_SaysWhatIsMissing(string header, string expected)
    {
        Assert.False(AuthorizationHeader.TryParse(header, out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }
}
