using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Sts.Resilience.Profiles;

/// <summary>Writes JSON byte for byte as Python's <c>json.dumps(value, sort_keys=True)</c> does.</summary>
internal static class PythonJson
{
    public static void WriteObject(StringBuilder sb, IEnumerable<KeyValuePair<string, Action<StringBuilder>>> members)
    {
        sb.Append('{');
        var first = true;
        foreach (var member in members.OrderBy(m => m.Key, CodePointComparer.Instance))
        {
            if (!first)
            {
                sb.Append(", ");
            }

            first = false;
            WriteString(sb, member.Key);
            sb.Append(": ");
            member.Value(sb);
        }

        sb.Append('}');
    }

    public static void WriteStringArray(StringBuilder sb, IEnumerable<string> values)
    {
        sb.Append('[');
        var first = true;
        foreach (var value in values)
        {
            if (!first)
            {
                sb.Append(", ");
            }

            first = false;
            WriteString(sb, value);
        }

        sb.Append(']');
    }

    public static void WriteString(StringBuilder sb, string value)
    {
        sb.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                default:
                    if (c < ' ' || c > '~')
                    {
                        // UTF-16 code units are what Python writes too (a surrogate pair for U+10000 and above).
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        sb.Append('"');
    }

    /// <summary>Writes <paramref name="policyText"/> re-serialized the Python way, or as a string when it is not JSON.</summary>
    public static void WriteParsedOrString(StringBuilder sb, string policyText)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(policyText);
        }
        catch (JsonException)
        {
            // The CLI would fail on such a policy; STS would refuse it too. Keep a deterministic key.
            WriteString(sb, policyText);
            return;
        }

        using (document)
        {
            var json = new StringBuilder();
            try
            {
                WriteElement(json, document.RootElement);
            }
            catch (InvalidOperationException)
            {
                // An escaped lone surrogate ("\ud800"): Python keeps it, System.Text.Json cannot read it as a string.
                // STS refuses such a policy; keep a deterministic key rather than fail.
                WriteString(sb, policyText);
                return;
            }

            sb.Append(json);
        }
    }

    private static void WriteElement(StringBuilder sb, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                // Python's dict keeps the last of repeated keys.
                var members = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    members[property.Name] = property.Value;
                }

                WriteObject(sb, members.Select(m => new KeyValuePair<string, Action<StringBuilder>>(m.Key, inner => WriteElement(inner, m.Value))));
                break;
            case JsonValueKind.Array:
                sb.Append('[');
                var first = true;
                foreach (var item in element.EnumerateArray())
                {
                    if (!first)
                    {
                        sb.Append(", ");
                    }

                    first = false;
                    WriteElement(sb, item);
                }

                sb.Append(']');
                break;
            case JsonValueKind.String:
                WriteString(sb, element.GetString()!);
                break;
            case JsonValueKind.Number:
                WriteNumber(sb, element.GetRawText());
                break;
            case JsonValueKind.True:
                sb.Append("true");
                break;
            case JsonValueKind.False:
                sb.Append("false");
                break;
            default:
                sb.Append("null");
                break;
        }
    }

    private static void WriteNumber(StringBuilder sb, string raw)
    {
        if (raw.IndexOfAny(['.', 'e', 'E']) < 0)
        {
            // Python ints keep every digit; "-0" is the int 0.
            sb.Append(raw.TrimStart('-').TrimStart('0').Length == 0 ? "0" : raw);
            return;
        }

        sb.Append(FloatRepr(double.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture)));
    }

    /// <summary>
    /// Python's <c>repr(float)</c> as <c>json.dumps</c> writes it: the shortest digits that round-trip, in positional
    /// notation with at least one decimal (<c>1000000000000000.0</c>) while the decimal point falls within
    /// -4 &lt; position &lt;= 16, otherwise <c>d.ddde+XX</c>; overflow is <c>Infinity</c>.
    /// </summary>
#pragma warning disable CA1845 // netstandard2.0 has no span-based string.Concat.
    internal static string FloatRepr(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "Infinity" : "-Infinity";
        }

        // .NET's "R" gives the same shortest round-trip digits as Python, in its own layout: take the digits and the
        // position of the decimal point from it, then lay them out as Python does.
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        var negative = text[0] == '-';
        if (negative)
        {
            text = text.Substring(1);
        }

        var exponent = 0;
        var e = text.IndexOf('E');
        if (e >= 0)
        {
#pragma warning disable CA1846 // netstandard2.0 has no int.Parse(ReadOnlySpan<char>).
            exponent = int.Parse(text.Substring(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
#pragma warning restore CA1846
            text = text.Substring(0, e);
        }

        var dot = text.IndexOf('.');
        var integer = dot < 0 ? text : text.Substring(0, dot);
        var digits = dot < 0 ? text : integer + text.Substring(dot + 1);
        var point = integer.Length + exponent; // value = 0.<digits> x 10^point
        var leading = 0;
        while (leading < digits.Length && digits[leading] == '0')
        {
            leading++;
        }

        digits = digits.Substring(leading).TrimEnd('0');
        point -= leading;
        string body;
        if (digits.Length == 0)
        {
            body = "0.0";
        }
        else if (point <= -4 || point > 16)
        {
            var power = point - 1;
            body = digits.Substring(0, 1) + (digits.Length > 1 ? "." + digits.Substring(1) : string.Empty)
                + "e" + (power < 0 ? "-" : "+") + Math.Abs(power).ToString("00", CultureInfo.InvariantCulture);
        }
        else if (point <= 0)
        {
            body = "0." + new string('0', -point) + digits;
        }
        else if (point >= digits.Length)
        {
            body = digits + new string('0', point - digits.Length) + ".0";
        }
        else
        {
            body = digits.Substring(0, point) + "." + digits.Substring(point);
        }

        return negative ? "-" + body : body;
    }
#pragma warning restore CA1845

    /// <summary>Python sorts <c>str</c> by code point; UTF-16 ordinal order differs above U+FFFF.</summary>
    private sealed class CodePointComparer : IComparer<string>
    {
        public static readonly CodePointComparer Instance = new();

        public int Compare(string? x, string? y)
        {
            if (x is null || y is null)
            {
                return x is null ? (y is null ? 0 : -1) : 1;
            }

            var i = 0;
            var j = 0;
            while (i < x.Length && j < y.Length)
            {
                var a = NextCodePoint(x, ref i);
                var b = NextCodePoint(y, ref j);
                if (a != b)
                {
                    return a.CompareTo(b);
                }
            }

            return (x.Length - i).CompareTo(y.Length - j);
        }

        private static int NextCodePoint(string s, ref int index)
        {
            var c = s[index];
            if (char.IsHighSurrogate(c) && index + 1 < s.Length && char.IsLowSurrogate(s[index + 1]))
            {
                var codePoint = char.ConvertToUtf32(c, s[index + 1]);
                index += 2;
                return codePoint;
            }

            index++;
            return c;
        }
    }
}
