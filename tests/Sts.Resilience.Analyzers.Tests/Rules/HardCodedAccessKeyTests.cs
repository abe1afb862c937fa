using Sts.Resilience.Analyzers.Tests.Verifiers;
using Verify = Sts.Resilience.Analyzers.Tests.Verifiers.AnalyzerVerifier<Sts.Resilience.Analyzers.HardCodedSecretsAnalyzer>;

namespace Sts.Resilience.Analyzers.Tests.Rules;

public class HardCodedAccessKeyTests
{
    private const string KeyId = FakeSecrets.LongTermKeyId;
    private const string Secret = FakeSecrets.SecretKey;
    private const string KeyIdArgument = "access key id";
    private const string SecretArgument = "secret access key";

    public static TheoryData<string, string, string> Positives => new()
    {
        // An access key id anywhere.
        { $$"""class C { void M() { var id = {|#0:"{{KeyId}}"|}; } }""", KeyIdArgument, "AKIA…DLKU" },
        // A temporary key id inside a presigned URL.
        { $$"""class C { const string Url = {|#0:"https://b.s3.amazonaws.com/k?X-Amz-Credential={{FakeSecrets.TemporaryKeyId}}%2F20261128%2Fus-east-1%2Fs3%2Faws4_request"|}; }""", KeyIdArgument, "ASIA…DLKU" },
        // A secret key to a credential parameter, named arguments out of order.
        { $$"""using Amazon.Runtime; class C { AWSCredentials M(string id) => new BasicAWSCredentials(secretKey: {|#0:"{{Secret}}"|}, accessKey: id); }""", SecretArgument, "for 'secretKey'" },
        // Target-typed new.
        { $$"""using Amazon.Runtime; class C { BasicAWSCredentials M(string id) => new(id, {|#0:"{{Secret}}"|}); }""", SecretArgument, "for 'secretKey'" },
        // Through a local with an innocent name.
        { $$"""using Amazon.Runtime; class C { AWSCredentials M(string id) { var value = "{{Secret}}"; return new BasicAWSCredentials(id, {|#0:value|}); } }""", SecretArgument, "for 'secretKey'" },
        // Through a const field with an innocent name.
        { $$"""using Amazon.Runtime; class C { const string Value = "{{Secret}}"; AWSCredentials M(string id, string t) => new SessionAWSCredentials(id, {|#0:Value|}, t); }""", SecretArgument, "for 'awsSecretAccessKey'" },
        // Through a static readonly field.
        { $$"""using Amazon.Runtime; class C { static readonly string Value = "{{Secret}}"; AWSCredentials M(string id) => new BasicAWSCredentials(id, {|#0:Value|}); }""", SecretArgument, "for 'secretKey'" },
        // A field whose name says what it holds.
        { $$"""class C { private const string AwsSecretKey = {|#0:"{{Secret}}"|}; }""", SecretArgument, "for 'AwsSecretKey'" },
        // A property assignment.
        { $$"""class Settings { public string SecretAccessKey { get; set; } = ""; } class C { Settings M() => new Settings { SecretAccessKey = {|#0:"{{Secret}}"|} }; }""", SecretArgument, "for 'SecretAccessKey'" },
    };

    public static TheoryData<string> Negatives => new()
    {
        // AWS's documentation examples.
        $$"""using Amazon.Runtime; class C { AWSCredentials M() => new BasicAWSCredentials("{{FakeSecrets.DocsKeyId}}", "{{FakeSecrets.DocsSecretKey}}"); }""",
        // Role and user ids are not secrets.
        """class C { const string Role = "AROAJ3EGOFSLVMGDDLKU"; const string User = "AIDAJ3EGOFSLVMGDDLKU"; }""",
        // Placeholders.
        """using Amazon.Runtime; class C { AWSCredentials M() => new BasicAWSCredentials("AKIAXXXXXXXXXXXXXXXX", "YOUR_SECRET_KEY"); string P = "<secret-access-key>"; }""",
        // Not word-bounded: part of a longer identifier.
        $$"""class C { const string A = "X{{KeyId}}"; const string B = "{{KeyId}}Z"; const string D = "{{KeyId}}2"; }""",
        // A 40-character string where nothing says it is a secret.
        $$"""class C { const string Checksum = "{{Secret}}"; void M() => Use("{{Secret}}"); void Use(string data) { } }""",
        // A hex digest, even in a field named secret; a base64 digest; a GUID; a public key token.
        """
        class C
        {
            const string SecretHash = "da39a3ee5e6b4b0d3255bfef95601890afd80709";
            const string SecretDigest = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";
            const string SecretId = "3f2504e0-4f89-11d3-9a0c-0305e82c3301";
            const string Name = "Amazon.Runtime, Version=4.0.0.0, Culture=neutral, PublicKeyToken=885c28607f98e604";
        }
        """,
        // Values read at run time.
        """
        using System;
        using Amazon.Runtime;
        class C
        {
            AWSCredentials M() => new BasicAWSCredentials(
                Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID"), Environment.GetEnvironmentVariable("AWS_SECRET_ACCESS_KEY"));
        }
        """,
        // A local that is assigned again is not a constant.
        $$"""using Amazon.Runtime; class C { AWSCredentials M(string id, string other) { var value = "{{Secret}}"; value = other; return new BasicAWSCredentials(id, value); } }""",
    };

    [Theory]
    [MemberData(nameof(Positives))]
    public Task Constant_HoldingKey_Reported(string source, string kind, string detail)
        => Verify.VerifyAsync(source, Verify.Diagnostic("STSR002").WithLocation(0).WithArguments(kind, detail));

    [Theory]
    [MemberData(nameof(Negatives))]
    public Task Constant_NotAKey_NotReported(string source) => Verify.VerifyAsync(source);

    [Fact]
    public Task KeyId_WithoutAwsSdk_StillReported()
        => Verify.VerifyWithoutAwsAsync(
            $$"""class C { string secretAccessKey = {|#1:"{{Secret}}"|}; string id = {|#0:"{{KeyId}}"|}; }""",
            Verify.Diagnostic("STSR002").WithLocation(1).WithArguments(SecretArgument, "for 'secretAccessKey'"),
            Verify.Diagnostic("STSR002").WithLocation(0).WithArguments(KeyIdArgument, "AKIA…DLKU"));

    [Fact]
    public Task KeyId_MatchingAllowedPattern_NotReported()
        => Verify.VerifyWithConfigAsync($$"""class C { const string Id = "{{KeyId}}"; }""", "STSR002.allowed_patterns = ^AKIAJ3EGOFSLVMGDDLKU$\n");
}
