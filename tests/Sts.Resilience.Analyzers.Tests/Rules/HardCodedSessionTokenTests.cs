using Sts.Resilience.Analyzers.Tests.Verifiers;
using Verify = Sts.Resilience.Analyzers.Tests.Verifiers.AnalyzerVerifier<Sts.Resilience.Analyzers.HardCodedSecretsAnalyzer>;

namespace Sts.Resilience.Analyzers.Tests.Rules;

public class HardCodedSessionTokenTests
{
    private const string Token = FakeSecrets.SessionToken;

    // The token split where a URL encoder would put %2F / %2B.
    private static readonly string s_urlEncodedToken = Token.Replace("/", "%2F", StringComparison.Ordinal).Replace("+", "%2B", StringComparison.Ordinal);

    public static TheoryData<string> Positives => new()
    {
        // A literal in a local.
        $$"""class C { void M() { var token = {|#0:"{{Token}}"|}; } }""",
        // A const field.
        $$"""class C { const string Token = {|#0:"{{Token}}"|}; }""",
        // Split by concatenation of constants.
        $$"""class C { const string Token = {|#0:"{{Token[..20]}}" + "{{Token[20..]}}"|}; }""",
        // A constant interpolated string.
        $$"""class C { const string Prefix = "IQoJb3JpZ2luX2Vj"; const string Token = {|#0:$"{Prefix}{{Token[16..]}}"|}; }""",
        // Split across constants joined by name only (their shape asks for the semantic model).
        $$"""class C { const string A = "{{Token[..20]}}"; const string B = "{{Token[20..]}}"; const string Token = {|#0:A + (B)|}; }""",
        // Joined with a number or a call: never a constant, so the literal is judged on its own.
        $$"""class C { string M(int n) => {|#0:"{{Token}}"|} + n; }""",
        $$"""class C { string M() => {|#0:"{{Token}}"|} + M(); }""",
        // An interpolated string whose hole has a format is never constant: its text parts are judged.
        $$"""class C { string M(int n) => $"{n:D4}{|#0:{{Token}}|}"; }""",
        // A literal in a hole of an interpolated string that is not constant, parenthesised or not.
        $$$"""class C { string M(string key) => $"{key}{{|#0:"{{{Token}}}"|}}"; }""",
        $$"""class C { string M(string key) => ({|#0:"{{Token}}"|}) + key; }""",
        // A constant concatenation in an attribute argument (operation actions run there too).
        $$"""[System.Obsolete({|#0:"{{Token[..20]}}" + "{{Token[20..]}}"|})] class C { }""",
        // A constant interpolated string in an attribute argument.
        $$"""class C { const string Prefix = "IQoJb3JpZ2luX2Vj"; [System.Obsolete({|#0:$"{Prefix}{{Token[16..]}}"|})] void M() { } }""",
        // URL-encoded inside a presigned URL.
        $$"""class C { string Url = {|#0:"https://bucket.s3.amazonaws.com/key?X-Amz-Security-Token={{s_urlEncodedToken}}&X-Amz-Expires=300"|}; }""",
        // The text part of a non-constant interpolated string.
        $$"""class C { string Url(string key) => $"{|#0:https://bucket.s3.amazonaws.com/?X-Amz-Security-Token={{Token}}&k=|}{key}"; }""",
        // A literal given to a user-defined + (neither side is a constant, so the literal is judged on its own).
        $$"""class P { public static P operator +(P p, string s) => p; } class C { P M(P p) => p + {|#0:"{{Token}}"|}; }""",
        // Inside a larger concatenation, converted to object on the way: reported once, at the constant part.
        $$"""class C { object M(string key) => (object)({|#0:"{{Token[..20]}}" + "{{Token[20..]}}"|}) + key; }""",
        // A literal concatenated with a run-time value.
        $$"""class C { string Url(string key) => {|#0:"https://bucket.s3.amazonaws.com/?X-Amz-Security-Token={{Token}}&k="|} + key; }""",
        // An older token format passed as an argument.
        $$"""class C { void M() => Use({|#0:"{{FakeSecrets.OlderSessionToken}}"|}); void Use(string s) { } }""",
        // Named argument to a parameter.
        $$"""class C { void M() => Use(b: 1, token: {|#0:"{{Token}}"|}); void Use(string token, int b) { } }""",
    };

    public static TheoryData<string> Negatives => new()
    {
        // AWS's documentation example token.
        $$"""class C { const string Token = "{{FakeSecrets.DocsSessionToken}}"; }""",
        // Placeholders.
        """class C { const string Token = "<session-token>"; string T = "YOUR_SESSION_TOKEN"; }""",
        // The prefix with too short a tail.
        $$"""class C { const string Token = "{{Token[..60]}}"; }""",
        // The prefix followed by filler.
        $$"""class C { const string Token = "IQoJb3JpZ2luX2Vj{{new string('A', 120)}}"; }""",
        // Hashes, GUIDs, public key tokens, base64 digests.
        """
        class C
        {
            const string Sha1 = "da39a3ee5e6b4b0d3255bfef95601890afd80709";
            const string Sha256 = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";
            const string Id = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";
            const string Name = "System.Runtime, Version=8.0.0.0, Culture=neutral, PublicKeyToken=b03f5f7f11d50a3a";
        }
        """,
        // Values read at run time.
        """class C { string T = System.Environment.GetEnvironmentVariable("AWS_SESSION_TOKEN") ?? ""; }""",
        // A long base64 string that is not a session token (no session-token prefix).
        $$"""class C { const string Blob = "{{FakeSecrets.SecretKey}}{{FakeSecrets.SecretKey}}{{FakeSecrets.SecretKey}}"; }""",
    };

    [Theory]
    [MemberData(nameof(Positives))]
    public Task Constant_HoldingSessionToken_Reported(string source)
        => Verify.VerifyAsync(source, Verify.Diagnostic("STSR001").WithLocation(0).WithArguments(source.Contains("FwoG", StringComparison.Ordinal) ? FakeSecrets.OlderSessionToken[..16] : Token[..16]));

    [Theory]
    [MemberData(nameof(Negatives))]
    public Task Constant_NotASessionToken_NotReported(string source) => Verify.VerifyAsync(source);

    [Fact]
    public Task Token_WithoutAwsSdk_StillReported()
        => Verify.VerifyWithoutAwsAsync($$"""class C { const string Token = {|#0:"{{Token}}"|}; }""", Verify.Diagnostic("STSR001").WithLocation(0).WithArguments(Token[..16]));

    [Fact]
    public Task Token_MatchingAllowedPattern_NotReported()
        => Verify.VerifyWithConfigAsync($$"""class C { const string Token = "{{Token}}"; }""", "STSR001.allowed_patterns = ^IQoJb3JpZ2luX2VjDVWq\n");

    [Fact]
    public Task Token_NotMatchingAllowedPattern_Reported()
        => Verify.VerifyWithConfigAsync(
            $$"""class C { const string Token = {|#0:"{{Token}}"|}; }""",
            "STSR001.allowed_patterns = ^FAKE-\n",
            expected: Verify.Diagnostic("STSR001").WithLocation(0).WithArguments(Token[..16]));

    [Fact]
    public Task Token_InGeneratedCode_NotReported()
        => Verify.VerifyAsync($$"""
            // <auto-generated/>
            class C { const string Token = "{{Token}}"; }
            """);

    [Fact]
    public Task Token_SeverityNone_NotReported()
        => Verify.VerifyWithConfigAsync($$"""class C { const string Token = "{{Token}}"; }""", "dotnet_diagnostic.STSR001.severity = none\n");
}
