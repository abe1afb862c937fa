using Sts.Resilience.Analyzers.Tests.Verifiers;
using Verify = Sts.Resilience.Analyzers.Tests.Verifiers.AnalyzerVerifier<Sts.Resilience.Analyzers.HardCodedSecretsAnalyzer>;

namespace Sts.Resilience.Analyzers.Tests.Rules;

public class SecretsInCommentsTests
{
    private const string KeyId = FakeSecrets.LongTermKeyId;
    private const string Secret = FakeSecrets.SecretKey;
    private const string Token = FakeSecrets.SessionToken;

    [Fact]
    public Task KeyId_InLineAndBlockComments_Reported()
        => Verify.VerifyAsync(
            $$"""
            class C
            {
                // Used to be {|#0:{{KeyId}}|} before the rotation.
                void M() { }

                /* temporary: {|#1:{{FakeSecrets.TemporaryKeyId}}|} */
                int _x;
            }
            """,
            Verify.Diagnostic("STSR002").WithLocation(0).WithArguments("access key id", "AKIA…DLKU"),
            Verify.Diagnostic("STSR002").WithLocation(1).WithArguments("access key id", "ASIA…DLKU"));

    [Fact]
    public Task SessionTokenAndKeys_InXmlDocs_Reported()
        => Verify.VerifyAsync(
            $$"""
            /// <summary>Signs requests.</summary>
            /// <example>Token: <c>{|#0:{{Token}}|}</c></example>
            class C
            {
                /**
                 * <remarks>key id {|#1:{{KeyId}}|}, secret {|#2:{{Secret}}|}</remarks>
                 */
                void M() { }
            }
            """,
            Verify.Diagnostic("STSR001").WithLocation(0).WithArguments(Token[..16]),
            Verify.Diagnostic("STSR002").WithLocation(1).WithArguments("access key id", "AKIA…DLKU"),
            Verify.Diagnostic("STSR002").WithLocation(2).WithArguments("secret access key", "in a comment"));

    [Fact]
    public Task SecretKey_InCommentThatSaysSecret_Reported()
        => Verify.VerifyAsync(
            $$"""
            class C
            {
                // aws_secret_access_key = {|#0:{{Secret}}|}
                void M() { }
            }
            """,
            Verify.Diagnostic("STSR002").WithLocation(0).WithArguments("secret access key", "in a comment"));

    public static TheoryData<string> Negatives => new()
    {
        // AWS's documentation example pair and token.
        $$"""
        // aws_access_key_id = {{FakeSecrets.DocsKeyId}}
        // aws_secret_access_key = {{FakeSecrets.DocsSecretKey}}
        /// <example>{{FakeSecrets.DocsSessionToken}}</example>
        class C { }
        """,
        // A 40-character digest in a comment that says nothing of secrets; placeholders.
        $$"""
        // checksum {{Secret}}
        // AKIAXXXXXXXXXXXXXXXX, <secret-access-key>, YOUR_SECRET
        class C { }
        """,
        // Not word-bounded, and code that merely mentions secrets.
        $$"""
        // X{{KeyId}}Z is not a key id
        class C { string SecretName = "db-password"; /* secret rotation runs nightly */ }
        """,
    };

    [Theory]
    [MemberData(nameof(Negatives))]
    public Task Comment_WithoutRealSecret_NotReported(string source) => Verify.VerifyAsync(source);

    [Fact]
    public Task KeyIdInString_ReportedOnceAsString()
        => Verify.VerifyAsync(
            $$"""class C { string Id = {|#0:"{{KeyId}}"|}; /* no key here */ }""",
            Verify.Diagnostic("STSR002").WithLocation(0).WithArguments("access key id", "AKIA…DLKU"));

    [Fact]
    public Task Comment_MatchingAllowedPatterns_NotReported()
        => Verify.VerifyWithConfigAsync(
            $$"""
            // {{KeyId}}
            // {{Token}}
            class C { }
            """,
            $"STSR002.allowed_patterns = ^{KeyId}$\nSTSR001.allowed_patterns = ^IQoJb3JpZ2luX2Vj\n");

    [Fact]
    public Task Comment_WithoutAwsSdk_StillReported()
        => Verify.VerifyWithoutAwsAsync(
            $$"""
            // {|#0:{{KeyId}}|}
            class C { }
            """,
            Verify.Diagnostic("STSR002").WithLocation(0).WithArguments("access key id", "AKIA…DLKU"));
}
