using System.Text.Encodings.Web;
using System.Text.Json;
using Sts.Resilience.Doctor.Checks;
using Sts.Resilience.Doctor.Engine;

namespace Sts.Resilience.Doctor.Output;

/// <summary>
/// <c>--json</c>: one JSON document on standard output. <c>schemaVersion</c> changes only when a field changes
/// meaning; finding ids are stable and never reused.
/// </summary>
internal static class JsonReportWriter
{
    public const int SchemaVersion = 1;

    public static void Write(DoctorReport report, TextWriter output)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteNumber("schemaVersion", SchemaVersion);
            json.WriteString("credentialSource", report.CredentialSource);
            json.WriteString("stsEndpoint", report.StsEndpoint.ToString());
            json.WriteString("region", report.Region);
            json.WriteNumber("exitCode", report.ExitCode);
            json.WriteStartObject("summary");
            json.WriteNumber("problem", report.Count(Severity.Problem));
            json.WriteNumber("warning", report.Count(Severity.Warning));
            json.WriteNumber("ok", report.Count(Severity.Ok));
            json.WriteNumber("skipped", report.Count(Severity.Skipped));
            json.WriteEndObject();
            json.WriteStartArray("findings");
            foreach (var finding in report.Findings)
            {
                json.WriteStartObject();
                json.WriteString("id", finding.Id);
                json.WriteString("check", finding.Check);
                json.WriteString("severity", finding.Severity.ToString().ToLowerInvariant());
                json.WriteString("message", finding.Message);
                if (finding.Fix is null)
                {
                    json.WriteNull("fix");
                }
                else
                {
                    json.WriteString("fix", finding.Fix);
                }

                if (finding.File is not null)
                {
                    json.WriteString("file", finding.File);
                    if (finding.Line is { } line)
                    {
                        json.WriteNumber("line", line);
                    }
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }
}
