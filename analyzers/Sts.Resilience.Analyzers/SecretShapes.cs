using System.Text.RegularExpressions;

namespace Sts.Resilience.Analyzers;

/// <summary>
/// The shapes of AWS secrets, tuned for no false positives: a match needs the AWS-specific prefix (or,
/// for a secret key, a caller that says it is one), and placeholders or documentation examples never match.
/// </summary>
internal static class SecretShapes
{
    // Observed prefixes of STS session tokens (base64 of the token's binary header); see docs/rules/STSR001.md.
    private static readonly string[] s_sessionTokenPrefixes =
    [
        "IQoJb3JpZ2luX2Vj",
        "FwoGZXIvYXdzE",
        "FQoGZXIvYXdzE",
        "FQoDYXdzE",
        "AQoDYXdzE",
    ];

    public const int MinimumTokenTail = 80;
    public const int SecretKeyLength = 40;

    /// <summary>The first session token inside <paramref name="text"/>, or <see langword="null"/>.</summary>
    public static string? FindSessionToken(string text, AllowedPattern allowed)
    {
        if (text.Length < MinimumTokenTail + 9)
        {
            return null;
        }

        foreach (var prefix in s_sessionTokenPrefixes)
        {
            var start = text.IndexOf(prefix, StringComparison.Ordinal);
            while (start >= 0)
            {
                var end = start + prefix.Length;
                var tail = 0;
                while (end < text.Length)
                {
                    if (IsBase64Char(text[end]))
                    {
                        end++;
                        tail++;
                    }
                    else if (IsUrlEncodedBase64Char(text, end))
                    {
                        end += 3;
                        tail++;
                    }
                    else
                    {
                        break;
                    }
                }

                if (tail >= MinimumTokenTail)
                {
                    var token = text.Substring(start, end - start);
                    if (!IsPlaceholder(token, prefix.Length, 12, allowed))
                    {
                        return token;
                    }
                }

                start = text.IndexOf(prefix, end, StringComparison.Ordinal);
            }
        }

        return null;
    }

    /// <summary>The first access key id (<c>AKIA</c>/<c>ASIA</c> + 16 of <c>[A-Z2-7]</c>, word-bounded) in <paramref name="text"/>.</summary>
    public static string? FindAccessKeyId(string text, AllowedPattern allowed)
    {
        if (text.Length < 20)
        {
            return null;
        }

        for (var i = 0; i + 20 <= text.Length; i++)
        {
            if (text[i + 1] != 'K' && text[i + 1] != 'S')
            {
                continue;
            }

            if (string.CompareOrdinal(text, i, "AKIA", 0, 4) != 0 && string.CompareOrdinal(text, i, "ASIA", 0, 4) != 0)
            {
                continue;
            }

            if (i > 0 && IsWordChar(text[i - 1]))
            {
                continue;
            }

            var body = 0;
            while (body < 16 && IsBase32Char(text[i + 4 + body]))
            {
                body++;
            }

            if (body != 16 || (i + 20 < text.Length && IsWordChar(text[i + 20])))
            {
                continue;
            }

            var id = text.Substring(i, 20);
            if (!IsPlaceholder(id, 4, 6, allowed))
            {
                return id;
            }
        }

        return null;
    }

    /// <summary>Whether <paramref name="text"/> has the shape of a secret access key (40 characters of base64, not a hex digest).</summary>
    public static bool IsSecretAccessKey(string text, AllowedPattern allowed)
    {
        if (text.Length != SecretKeyLength)
        {
            return false;
        }

        bool upper = false, lower = false, nonHex = false;
        foreach (var c in text)
        {
            if (!IsBase64Char(c) || c == '=')
            {
                return false;
            }

            upper |= c is >= 'A' and <= 'Z';
            lower |= c is >= 'a' and <= 'z';
            nonHex |= c is (> 'F' and <= 'Z') or (> 'f' and <= 'z') or '+' or '/';
        }

        // A hex digest (SHA-1 is 40 hex characters) is not a key; a key mixes cases.
        return upper && lower && nonHex && !IsPlaceholder(text, 0, 12, allowed);
    }

    /// <summary>Whether a symbol's name says it holds an AWS secret: it names a secret, or an AWS key.</summary>
    public static bool NameSaysSecret(string name)
        => name.IndexOf("secret", StringComparison.OrdinalIgnoreCase) >= 0
           || (name.IndexOf("aws", StringComparison.OrdinalIgnoreCase) >= 0 && name.IndexOf("key", StringComparison.OrdinalIgnoreCase) >= 0);

    private static bool IsPlaceholder(string value, int prefixLength, int minimumDistinct, AllowedPattern allowedPattern)
    {
        // AWS documentation examples: AKIAIOSFODNN7EXAMPLE, wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY, tokens with "EXAMPLE".
        if (value.IndexOf("EXAMPLE", StringComparison.Ordinal) >= 0)
        {
            return true;
        }

        // Filler such as AKIAXXXXXXXXXXXXXXXX or a run of one character is not a real, random secret.
        var distinct = new HashSet<char>();
        for (var i = prefixLength; i < value.Length && distinct.Count < minimumDistinct; i++)
        {
            distinct.Add(value[i]);
        }

        if (distinct.Count < minimumDistinct)
        {
            return true;
        }

        if (allowedPattern.Get() is not { } allowed)
        {
            return false;
        }

        try
        {
            return allowed.IsMatch(value);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private static bool IsBase64Char(char c)
        => c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '+' or '/' or '=';

    private static bool IsBase32Char(char c) => c is (>= 'A' and <= 'Z') or (>= '2' and <= '7');

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';

    private static bool IsUrlEncodedBase64Char(string text, int index)
    {
        if (index + 2 >= text.Length || text[index] != '%')
        {
            return false;
        }

        var high = text[index + 1];
        var low = char.ToUpperInvariant(text[index + 2]);
        return (high == '2' && (low == 'B' || low == 'F')) || (high == '3' && low == 'D');
    }
}
