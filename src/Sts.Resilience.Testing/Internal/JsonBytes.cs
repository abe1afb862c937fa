using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace Sts.Resilience.Testing.Internal;

/// <summary>
/// Small JSON objects written with <see cref="Utf8JsonWriter"/>, not <see cref="JsonSerializer"/>: no reflection, so
/// LocalSts stays trim- and Native-AOT-compatible.
/// </summary>
internal static class JsonBytes
{
    /// <summary>Writes one object with the given members in order; values are strings, numbers, booleans, string lists, JSON elements or null.</summary>
    public static byte[] Object(IEnumerable<KeyValuePair<string, object?>> members)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in members)
            {
                writer.WritePropertyName(name);
                WriteValue(writer, value);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            case int number:
                writer.WriteNumberValue(number);
                break;
            case long number:
                writer.WriteNumberValue(number);
                break;
            case double number:
                writer.WriteNumberValue(number);
                break;
            case JsonElement element:
                element.WriteTo(writer);
                break;
            case IEnumerable<string> list:
                writer.WriteStartArray();
                foreach (var item in list)
                {
                    writer.WriteStringValue(item);
                }

                writer.WriteEndArray();
                break;
            default:
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"JSON values of type {value.GetType()} are not written by LocalSts."), nameof(value));
        }
    }
}
