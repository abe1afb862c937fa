using System.Xml.Linq;

namespace Sts.Resilience.Testing.Tests;

/// <summary>Reads STS's &lt;ErrorResponse&gt; as an SDK would, and fails when the shape is not STS's.</summary>
internal sealed record AwsErrorXml(string Type, string Code, string Message, string RequestId)
{
    private static readonly XNamespace Sts = "https://sts.amazonaws.com/doc/2011-06-15/";

    public static async Task<AwsErrorXml> ReadAsync(HttpResponseMessage response)
    {
        var document = XDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = document.Root!;
        Assert.Equal(Sts + "ErrorResponse", root.Name);
        var error = root.Element(Sts + "Error")!;
        return new AwsErrorXml(
            error.Element(Sts + "Type")!.Value,
            error.Element(Sts + "Code")!.Value,
            error.Element(Sts + "Message")!.Value,
            root.Element(Sts + "RequestId")!.Value);
    }
}
