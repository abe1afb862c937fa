using Verify = Sts.Resilience.Analyzers.Tests.Verifiers.AnalyzerVerifier<Sts.Resilience.Analyzers.SessionCredentialsAnalyzer>;

namespace Sts.Resilience.Analyzers.Tests;

public class SessionCredentialsAnalyzerTests
{
    [Fact]
    public Task NewSessionAWSCredentials_Reported()
        => Verify.VerifyAsync("""
            using Amazon.Runtime;
            class C
            {
                AWSCredentials Create(string a, string s, string t) => {|#0:new SessionAWSCredentials(a, s, t)|};
            }
            """,
            Verify.Diagnostic("STSR003").WithLocation(0));

    [Fact]
    public Task BasicAWSCredentials_NotReported()
        => Verify.VerifyAsync("""
            using Amazon.Runtime;
            class C
            {
                AWSCredentials Create(string a, string s) => new BasicAWSCredentials(a, s);
            }
            """);

    [Fact]
    public Task OwnTypeNamedSessionAWSCredentials_WithoutAwsSdk_NotReported()
        => Verify.VerifyWithoutAwsAsync("""
            namespace Amazon.Runtime.Fake { class SessionAWSCredentials { } }
            class C { object M() => new Amazon.Runtime.Fake.SessionAWSCredentials(); }
            """);
}
