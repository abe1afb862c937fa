using System.Text.Json;

namespace Sts.Resilience.Testing;

/// <summary>Small JSON bodies with their keys in the order given, as the credential endpoints write them.</summary>
internal static class JsonBody
{
    public static byte[] Of(params (string Key, string Value)[] members)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            foreach (var (key, value) in members)
            {
                writer.WriteString(key, value);
            }

            writer.WriteEndObject();
        }

        return stream.ToArray();
    }
}
