using Verify = Sts.Resilience.Analyzers.Tests.Verifiers.AnalyzerVerifier<Sts.Resilience.Analyzers.EnvironmentCredentialsAnalyzer>;

namespace Sts.Resilience.Analyzers.Tests.Rules;

public class EnvironmentCredentialsAnalyzerTests
{
    private static string InMethod(string body) => $$"""
        using System;
        using Amazon.Runtime;
        class C
        {
            const string TokenVariable = "AWS_SESSION_TOKEN";
            void M(ImmutableCredentials c, string name, string? value)
            {
                {{body}}
            }
        }
        """;

    public static TheoryData<string, string> Positives => new()
    {
        { """{|#0:Environment.SetEnvironmentVariable("AWS_SESSION_TOKEN", c.Token)|};""", "AWS_SESSION_TOKEN" },
        { """{|#0:Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", c.AccessKey)|};""", "AWS_ACCESS_KEY_ID" },
        // Named arguments in reverse order.
        { """{|#0:Environment.SetEnvironmentVariable(value: c.SecretKey, variable: "AWS_SECRET_ACCESS_KEY")|};""", "AWS_SECRET_ACCESS_KEY" },
        // With a target.
        { """{|#0:Environment.SetEnvironmentVariable("AWS_SESSION_TOKEN", c.Token, EnvironmentVariableTarget.Process)|};""", "AWS_SESSION_TOKEN" },
        // The name through a const field and through a local.
        { """{|#0:Environment.SetEnvironmentVariable(TokenVariable, c.Token)|};""", "AWS_SESSION_TOKEN" },
        { """var variable = "AWS_SESSION_TOKEN"; {|#0:Environment.SetEnvironmentVariable(variable, value)|};""", "AWS_SESSION_TOKEN" },
        // The legacy alias, and lower case (the same variable on Windows).
        { """{|#0:Environment.SetEnvironmentVariable("AWS_SECURITY_TOKEN", c.Token)|};""", "AWS_SECURITY_TOKEN" },
        { """{|#0:Environment.SetEnvironmentVariable("aws_session_token", c.Token)|};""", "aws_session_token" },
    };

    public static TheoryData<string> Negatives => new()
    {
        // Clearing credentials out of the environment.
        """Environment.SetEnvironmentVariable("AWS_SESSION_TOKEN", null);""",
        """Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "");""",
        // Variables that are not credentials.
        """Environment.SetEnvironmentVariable("AWS_REGION", "eu-west-1"); Environment.SetEnvironmentVariable("AWS_PROFILE", value);""",
        // Reading is fine.
        """var token = Environment.GetEnvironmentVariable("AWS_SESSION_TOKEN");""",
        // A name only known at run time.
        """Environment.SetEnvironmentVariable(name, value);""",
        // A local assigned twice is not a constant.
        """var variable = "AWS_SESSION_TOKEN"; variable = name; Environment.SetEnvironmentVariable(variable, value);""",
        // Another type's method of the same name.
        """Other.SetEnvironmentVariable("AWS_SESSION_TOKEN", c.Token); } } static class Other { public static void SetEnvironmentVariable(string variable, string value) { } static void N() {""",
    };

    [Theory]
    [MemberData(nameof(Positives))]
    public Task SetEnvironmentVariable_CredentialVariable_Reported(string body, string variable)
        => Verify.VerifyAsync(InMethod(body), Verify.Diagnostic("STSR004").WithLocation(0).WithArguments(variable));

    [Theory]
    [MemberData(nameof(Negatives))]
    public Task OtherEnvironmentUse_NotReported(string body) => Verify.VerifyAsync(InMethod(body));

    [Fact]
    public Task SetEnvironmentVariable_WithoutAwsSdk_NotReported()
        => Verify.VerifyWithoutAwsAsync("""
            class C { void M(string token) => System.Environment.SetEnvironmentVariable("AWS_SESSION_TOKEN", token); }
            """);
}
