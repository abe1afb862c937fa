namespace Sts.Resilience.Profiles;

/// <summary>One <c>key = value</c> line of a shared config or credentials file.</summary>
/// <param name="Key">The key, in lower case (the AWS CLI reads keys case-insensitively).</param>
/// <param name="Value">The value, trimmed; may be a secret for <c>aws_secret_access_key</c> and <c>aws_session_token</c>.</param>
/// <param name="Location">Where the line is.</param>
public sealed record IniEntry(string Key, string Value, SourceLocation Location)
{
    /// <summary>Gets the key and location without the value, which may be a secret.</summary>
    /// <returns>For example <c>aws_session_token (/home/me/.aws/credentials:4)</c>.</returns>
    public override string ToString() => Key + " (" + Location + ")";
}
