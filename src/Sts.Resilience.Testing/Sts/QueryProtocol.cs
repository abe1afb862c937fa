using System.Text;
using Microsoft.AspNetCore.Http;

namespace Sts.Resilience.Testing.Sts;

/// <summary>The AWS query protocol as STS speaks it: form parameters in, XML out, <c>&lt;ErrorResponse&gt;</c> errors.</summary>
internal static class QueryProtocol
{
    public const string Namespace = "https://sts.amazonaws.com/doc/2011-06-15/";

    /// <summary>Reads <c>name=value&amp;…</c> pairs leniently: bad escapes stay as they are, later duplicates win.</summary>
    public static void ParseForm(string text, Dictionary<string, string> into)
    {
        foreach (var part in text.Split('&'))
        {
            if (part.Length == 0)
            {
                continue;
            }

            var eq = part.IndexOf('=', StringComparison.Ordinal);
            var name = Decode(eq < 0 ? part : part[..eq]);
            var value = eq < 0 ? string.Empty : Decode(part[(eq + 1)..]);
            if (name.Length > 0)
            {
                into[name] = value;
            }
        }
    }

    private static string Decode(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));

    public static byte[] Success(string action, string resultXml, string requestId)
        => Encoding.UTF8.GetBytes(
            $"<{action}Response xmlns=\"{Namespace}\">\n" +
            $"  <{action}Result>\n{resultXml}  </{action}Result>\n" +
            $"  <ResponseMetadata>\n    <RequestId>{requestId}</RequestId>\n  </ResponseMetadata>\n" +
            $"</{action}Response>\n");

    public static async Task WriteErrorAsync(HttpResponse response, ServiceError error, string requestId)
    {
        response.ContentType = "text/xml";
        var type = error.Status >= 500 ? "Receiver" : "Sender";
        var xml =
            $"<ErrorResponse xmlns=\"{Namespace}\">\n" +
            $"  <Error>\n    <Type>{type}</Type>\n    <Code>{LocalStsText.Xml(error.Code)}</Code>\n" +
            $"    <Message>{LocalStsText.Xml(error.Message)}</Message>\n  </Error>\n" +
            $"  <RequestId>{requestId}</RequestId>\n</ErrorResponse>\n";
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(xml)).ConfigureAwait(false);
    }
}
