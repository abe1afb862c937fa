namespace Sts.Resilience.Testing.SigV4;

/// <summary>A parsed <c>Authorization: AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…</c> header.</summary>
internal sealed record AuthorizationHeader(
    string AccessKeyId, string Date, string Region, string Service, string Terminator,
    IReadOnlyList<string> SignedHeaders, string Signature)
{
    public string Scope => $"{Date}/{Region}/{Service}/{Terminator}";

    public string SignedHeadersText => string.Join(';', SignedHeaders);

    /// <summary>Parses the header; on failure <paramref name="error"/> says what is missing, in AWS's words.</summary>
    public static bool TryParse(string value, out AuthorizationHeader? header, out string error)
    {
        header = null;
        var space = value.IndexOf(' ', StringComparison.Ordinal);
        var algorithm = space < 0 ? value : value[..space];
        if (!string.Equals(algorithm, SigV4Math.Algorithm, StringComparison.Ordinal))
        {
            error = $"Unsupported AWS 'algorithm': '{Truncate(algorithm)}'.";
            return false;
        }

        string? credential = null, signedHeaders = null, signature = null;
        foreach (var rawPart in value[(space + 1)..].Split(','))
        {
            var part = rawPart.Trim();
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                continue;
            }

            var name = part[..eq];
            var content = part[(eq + 1)..];
            switch (name)
            {
                case "Credential": credential = content; break;
                case "SignedHeaders": signedHeaders = content; break;
                case "Signature": signature = content; break;
            }
        }

        var missing = new List<string>();
        if (string.IsNullOrEmpty(credential))
        {
            missing.Add("Authorization header requires 'Credential' parameter.");
        }

        if (string.IsNullOrEmpty(signedHeaders))
        {
            missing.Add("Authorization header requires 'SignedHeaders' parameter.");
        }

        if (string.IsNullOrEmpty(signature))
        {
            missing.Add("Authorization header requires 'Signature' parameter.");
        }

        if (missing.Count > 0)
        {
            error = string.Join(" ", missing);
            return false;
        }

        var scope = credential!.Split('/');
        if (scope.Length != 5 || scope[0].Length == 0)
        {
            error = "Credential should be scoped to a valid region, and the scope must read '<key>/<date>/<region>/<service>/aws4_request'.";
            return false;
        }

        if (!string.Equals(scope[4], "aws4_request", StringComparison.Ordinal))
        {
            error = "Credential should be scoped with a valid terminator: 'aws4_request'.";
            return false;
        }

        header = new AuthorizationHeader(scope[0], scope[1], scope[2], scope[3], scope[4],
            signedHeaders!.Split(';'), signature!);
        error = string.Empty;
        return true;
    }

    private static string Truncate(string text) => text.Length <= 32 ? text : text[..32];

    /// <inheritdoc/>
    public override string ToString() => $"AWS4-HMAC-SHA256 key …{LocalStsText.Last4(AccessKeyId)} scope {Date}/{Region}/{Service}";
}
