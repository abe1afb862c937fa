using System.Text;
using CsCheck;

namespace Sts.Resilience.Tests.Profiles;

/// <summary>
/// Generated shared config and credentials files: mostly lines the AWS CLI would read (headers, keys this library
/// interprets, comments, continuations) mixed with broken ones, under every line ending, with or without a BOM.
/// </summary>
internal static class ProfileFileGenerators
{
    private static readonly Gen<string> AnyText = Gen.String[0, 24];

    private static readonly Gen<string> Name = Gen.Frequency(
        (4, Gen.OneOf("default", "dev", "a", "b", "prod", "profile dev", "profile a", "profile b", "profile  b ", "profile", "sso-session s", "services x", "preview", "plugins")),
        (1, AnyText));

    // credential_process is left out on purpose: a plan for such a profile holds a command line, and this test must not
    // build one from random text on a shared machine. Its parsing is the same as every other key's.
    private static readonly Gen<string> Key = Gen.Frequency(
        (6, Gen.OneOf(
            "role_arn", "source_profile", "credential_source", "role_session_name", "external_id", "mfa_serial", "duration_seconds",
            "region", "aws_access_key_id", "aws_secret_access_key", "aws_session_token", "sso_session",
            "ROLE_ARN", "Source_Profile", "web_identity_token_file", "sts_regional_endpoints")),
        (1, AnyText));

    private static readonly Gen<string> Value = Gen.Frequency(
        (6, Gen.OneOf(
            "arn:aws:iam::123456789012:role/r", "arn:aws:iam::123456789012:role/a", "arn:aws:iam::12:role/x", "arn:aws-cn:iam::123456789012:role/c",
            "arn:aws:iam::123456789012:mfa/u", "a", "b", "dev", "default", "prod", "Environment", "Ec2InstanceMetadata", "EcsContainer", "Other",
            "900", "3600", "43200", "43201", "899", "-1", "0", "99999999999999999999", "1e3", "0x10", " 3600 ", "AKIAIOSFODNN7EXAMPLE",
            "secret", "token", "us-east-1", "", "   ", "session-name", "x", "=", ":", "[default]")),
        (1, AnyText));

    private static readonly Gen<string> Line = Gen.Frequency(
        (3, Name.Select(n => "[" + n + "]")),
        (2, Name.Select(n => "[profile " + n + "]")),
        (8, Gen.Select(Key, Gen.OneOf("=", ":", " = ", " : ", "==", "=:"), Value, (k, s, v) => k + s + v)),
        (1, Gen.OneOf("#c", ";c", "", "   ", "\t", "# [default]", "; role_arn = x")),
        (1, Gen.Select(Key, Value, (k, v) => "  " + k + " = " + v)),
        (1, AnyText),
        (1, Gen.Select(Gen.OneOf("[", "]", "[]", "[[x]]", "= v", ": v", " [a]", "\0", "\uFEFF[a]"), AnyText, (a, b) => a + b)));

    private static readonly Gen<string> Newline = Gen.OneOf("\n", "\r\n", "\r", "\n\r", "\r\r\n");

    /// <summary>A whole file as text: 0 to 40 lines, mixed line endings, a BOM character in front or not.</summary>
    public static readonly Gen<string> FileText = Gen.Select(
        Gen.Select(Line, Newline, (line, newline) => line + newline).Array[0, 40],
        Gen.Bool,
        (lines, bom) => (bom ? "\uFEFF" : string.Empty) + string.Concat(lines));

    /// <summary>A file as it lies on disk: the text in UTF-8 (with or without BOM), UTF-16 or UTF-32, or raw random bytes.</summary>
    public static readonly Gen<byte[]> FileBytes = Gen.Frequency(
        (3, Gen.Select(FileText, Gen.Int[0, 4], Encode)),
        (1, Gen.Byte.Array[0, 2048]),
        (1, Gen.Select(FileText, Gen.Byte.Array[1, 16], Gen.Int[0, 2048], (text, noise, at) => Splice(Encoding.UTF8.GetBytes(text), noise, at))));

    private static byte[] Encode(string text, int encoding) => encoding switch
    {
        0 => Encoding.UTF8.GetBytes(text),
        1 => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)],
        2 => [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)],
        3 => [.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(text)],
        _ => [.. Encoding.UTF32.GetPreamble(), .. Encoding.UTF32.GetBytes(text)],
    };

    private static byte[] Splice(byte[] text, byte[] noise, int at)
    {
        var position = text.Length == 0 ? 0 : at % (text.Length + 1);
        return [.. text.AsSpan(0, position), .. noise, .. text.AsSpan(position)];
    }
}
