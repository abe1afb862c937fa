using Sts.Resilience.Analyzers.CodeFixes;
using Sts.Resilience.Analyzers.Tests.Verifiers;
using Verify = Sts.Resilience.Analyzers.Tests.Verifiers.CodeFixVerifier<Sts.Resilience.Analyzers.SessionCredentialsAnalyzer, Sts.Resilience.Analyzers.CodeFixes.RefreshingRoleCredentialsCodeFix>;

namespace Sts.Resilience.Analyzers.Tests.CodeFixes;

public class RefreshingRoleCredentialsCodeFixTests
{
    private const string FromAssumeRole = ", and these are copied from an AssumeRole response (they expire after its DurationSeconds, one hour by default)";

    [Fact]
    public Task SessionCredentials_AfterAssumeRoleWithConstantRole_ReplacedAndCallRemovedAndClientReused()
        => Verify.VerifyCompilesCleanAsync(
            """
            using System.Threading.Tasks;
            using Amazon.Runtime;
            using Amazon.SecurityToken;
            using Amazon.SecurityToken.Model;

            class C
            {
                async Task<AWSCredentials> CreateAsync(IAmazonSecurityTokenService sts)
                {
                    var response = await sts.AssumeRoleAsync(new AssumeRoleRequest { RoleSessionName = "billing", RoleArn = "arn:aws:iam::123456789012:role/billing" });
                    var c = response.Credentials;
                    return {|#0:new SessionAWSCredentials(c.AccessKeyId, c.SecretAccessKey, c.SessionToken)|};
                }
            }
            """,
            """
            using System.Threading.Tasks;
            using Amazon.Runtime;
            using Amazon.SecurityToken;
            using Amazon.SecurityToken.Model;

            class C
            {
                Task<AWSCredentials> CreateAsync(IAmazonSecurityTokenService sts)
                {
                    return Task.FromResult<AWSCredentials>(new Sts.Resilience.RefreshingRoleCredentials(new Sts.Resilience.RefreshingRoleCredentialsOptions { RoleArn = "arn:aws:iam::123456789012:role/billing", RoleSessionName = "billing" }, sts));
                }
            }
            """,
            [LibraryStub.Source],
            Verify.Diagnostic("STSR003").WithLocation(0).WithArguments(FromAssumeRole));

    [Fact]
    public Task TwoSessionCredentials_FixAll_BothReplacedAndNamespaceSimplified()
        => Verify.VerifyAsync(
            """
            using Amazon.Runtime;
            using Amazon.SecurityToken.Model;
            using Sts.Resilience;

            class C
            {
                const string Role = "arn:aws:iam::123456789012:role/reader";

                AWSCredentials First(string a, string s, string t)
                {
                    var request = new AssumeRoleRequest { RoleArn = Role };
                    return {|#0:new SessionAWSCredentials(a, s, t)|};
                }

                AWSCredentials Second(string a, string s, string t)
                {
                    var request = new AssumeRoleRequest { RoleArn = "arn:aws:iam::123456789012:role/writer", ExternalId = "ext-1" };
                    AWSCredentials credentials = {|#1:new SessionAWSCredentials(a, s, t)|};
                    return credentials;
                }
            }
            """,
            """
            using Amazon.Runtime;
            using Amazon.SecurityToken.Model;
            using Sts.Resilience;

            class C
            {
                const string Role = "arn:aws:iam::123456789012:role/reader";

                AWSCredentials First(string a, string s, string t)
                {
                    return new RefreshingRoleCredentials(new RefreshingRoleCredentialsOptions { RoleArn = "arn:aws:iam::123456789012:role/reader" });
                }

                AWSCredentials Second(string a, string s, string t)
                {
                    AWSCredentials credentials = new RefreshingRoleCredentials(new RefreshingRoleCredentialsOptions { RoleArn = "arn:aws:iam::123456789012:role/writer", ExternalId = "ext-1" });
                    return credentials;
                }
            }
            """,
            [LibraryStub.Source],
            Verify.Diagnostic("STSR003").WithLocation(0).WithArguments(""),
            Verify.Diagnostic("STSR003").WithLocation(1).WithArguments(""));

    [Fact]
    public Task AssumeRoleOnFieldClient_InAsyncMethodThatStillAwaits_CallAndRequestRemovedClientReused()
        => Verify.VerifyCompilesCleanAsync(
            """
            using System.Threading;
            using System.Threading.Tasks;
            using Amazon.Runtime;
            using Amazon.SecurityToken;
            using Amazon.SecurityToken.Model;
            using Sts.Resilience;

            sealed class C(IAmazonSecurityTokenService sts)
            {
                private readonly IAmazonSecurityTokenService _sts = sts;

                public async Task<AWSCredentials> CreateAsync(CancellationToken cancellationToken)
                {
                    await Task.Yield();
                    var request = new AssumeRoleRequest { RoleArn = "arn:aws:iam::123456789012:role/app", RoleSessionName = "app" };
                    var response = await _sts.AssumeRoleAsync(request, cancellationToken).ConfigureAwait(false);
                    var keys = response.Credentials;
                    AWSCredentials credentials = {|#0:new SessionAWSCredentials(keys.AccessKeyId, keys.SecretAccessKey, keys.SessionToken)|};
                    return credentials;
                }
            }
            """,
            """
            using System.Threading;
            using System.Threading.Tasks;
            using Amazon.Runtime;
            using Amazon.SecurityToken;
            using Amazon.SecurityToken.Model;
            using Sts.Resilience;

            sealed class C(IAmazonSecurityTokenService sts)
            {
                private readonly IAmazonSecurityTokenService _sts = sts;

                public async Task<AWSCredentials> CreateAsync(CancellationToken cancellationToken)
                {
                    await Task.Yield();
                    AWSCredentials credentials = new RefreshingRoleCredentials(new RefreshingRoleCredentialsOptions { RoleArn = "arn:aws:iam::123456789012:role/app", RoleSessionName = "app" }, _sts);
                    return credentials;
                }
            }
            """,
            [LibraryStub.Source],
            Verify.Diagnostic("STSR003").WithLocation(0).WithArguments(FromAssumeRole));

    [Fact]
    public Task ResponseStillRead_AssumeRoleCallKept()
        => Verify.VerifyCompilesCleanAsync(
            """
            using System;
            using Amazon.Runtime;
            using Amazon.SecurityToken;
            using Amazon.SecurityToken.Model;
            using Sts.Resilience;

            static class C
            {
                public static AWSCredentials Create(IAmazonSecurityTokenService sts)
                {
                    var response = sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = "arn:aws:iam::123456789012:role/app" }).GetAwaiter().GetResult();
                    Console.WriteLine(response.AssumedRoleUser.Arn);
                    var c = response.Credentials;
                    return {|#0:new SessionAWSCredentials(c.AccessKeyId, c.SecretAccessKey, c.SessionToken)|};
                }
            }
            """,
            """
            using System;
            using Amazon.Runtime;
            using Amazon.SecurityToken;
            using Amazon.SecurityToken.Model;
            using Sts.Resilience;

            static class C
            {
                public static AWSCredentials Create(IAmazonSecurityTokenService sts)
                {
                    var response = sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = "arn:aws:iam::123456789012:role/app" }).GetAwaiter().GetResult();
                    Console.WriteLine(response.AssumedRoleUser.Arn);
                    return new RefreshingRoleCredentials(new RefreshingRoleCredentialsOptions { RoleArn = "arn:aws:iam::123456789012:role/app" }, sts);
                }
            }
            """,
            [LibraryStub.Source],
            Verify.Diagnostic("STSR003").WithLocation(0).WithArguments(FromAssumeRole));

    [Fact]
    public Task ClientDisposedWithTheMethod_NotHandedOn()
        => Verify.VerifyCompilesCleanAsync(
            """
            using System.Threading.Tasks;
            using Amazon.Runtime;
            using Amazon.SecurityToken;
            using Amazon.SecurityToken.Model;
            using Sts.Resilience;

            static class C
            {
                public static async Task<AWSCredentials> CreateAsync(AWSCredentials source)
                {
                    using var sts = new AmazonSecurityTokenServiceClient(source, new AmazonSecurityTokenServiceConfig { ServiceURL = "http://127.0.0.1:9" });
                    var response = await sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = "arn:aws:iam::123456789012:role/app" });
                    return {|#0:new SessionAWSCredentials(response.Credentials.AccessKeyId, response.Credentials.SecretAccessKey, response.Credentials.SessionToken)|};
                }
            }
            """,
            """
            using System.Threading.Tasks;
            using Amazon.Runtime;
            using Amazon.SecurityToken;
            using Amazon.SecurityToken.Model;
            using Sts.Resilience;

            static class C
            {
                public static Task<AWSCredentials> CreateAsync(AWSCredentials source)
                {
                    using var sts = new AmazonSecurityTokenServiceClient(source, new AmazonSecurityTokenServiceConfig { ServiceURL = "http://127.0.0.1:9" });
                    return Task.FromResult<AWSCredentials>(new RefreshingRoleCredentials(new RefreshingRoleCredentialsOptions { RoleArn = "arn:aws:iam::123456789012:role/app" }));
                }
            }
            """,
            [LibraryStub.Source],
            Verify.Diagnostic("STSR003").WithLocation(0).WithArguments(FromAssumeRole));

    [Fact]
    public Task ValueTaskMethodLeftWithoutAwait_BecomesSynchronous()
        => Verify.VerifyCompilesCleanAsync(
            """
            using System.Threading.Tasks;
            using Amazon.Runtime;
            using Amazon.SecurityToken;
            using Amazon.SecurityToken.Model;
            using Sts.Resilience;

            static class C
            {
                // Called once at start-up.
                public static async ValueTask<AWSCredentials> CreateAsync(IAmazonSecurityTokenService sts, bool fresh)
                {
                    var request = new AssumeRoleRequest { RoleArn = "arn:aws:iam::123456789012:role/app" };
                    var response = await sts.AssumeRoleAsync(request);
                    if (!fresh)
                    {
                        return new AnonymousAWSCredentials();
                    }

                    return {|#0:new SessionAWSCredentials(response.Credentials.AccessKeyId, response.Credentials.SecretAccessKey, response.Credentials.SessionToken)|};
                }
            }
            """,
            """
            using System.Threading.Tasks;
            using Amazon.Runtime;
            using Amazon.SecurityToken;
            using Amazon.SecurityToken.Model;
            using Sts.Resilience;

            static class C
            {
                // Called once at start-up.
                public static ValueTask<AWSCredentials> CreateAsync(IAmazonSecurityTokenService sts, bool fresh)
                {
                    if (!fresh)
                    {
                        return new ValueTask<AWSCredentials>(new AnonymousAWSCredentials());
                    }

                    return new ValueTask<AWSCredentials>(new RefreshingRoleCredentials(new RefreshingRoleCredentialsOptions { RoleArn = "arn:aws:iam::123456789012:role/app" }, sts));
                }
            }
            """,
            [LibraryStub.Source],
            Verify.Diagnostic("STSR003").WithLocation(0).WithArguments(FromAssumeRole));

    [Fact]
    public Task RoleNotConstant_NoFixOffered()
    {
        const string source = """
            using Amazon.Runtime;
            using Amazon.SecurityToken.Model;

            class C
            {
                AWSCredentials M(string role, string a, string s, string t)
                {
                    var request = new AssumeRoleRequest { RoleArn = role };
                    return {|#0:new SessionAWSCredentials(a, s, t)|};
                }
            }
            """;
        return Verify.VerifyAsync(source, source, [LibraryStub.Source], Verify.Diagnostic("STSR003").WithLocation(0).WithArguments(""));
    }

    [Fact]
    public Task NoAssumeRoleInMethod_NoFixOffered()
    {
        const string source = """
            using Amazon.Runtime;
            class C { AWSCredentials M(string a, string s, string t) => {|#0:new SessionAWSCredentials(a, s, t)|}; }
            """;
        return Verify.VerifyAsync(source, source, [LibraryStub.Source], Verify.Diagnostic("STSR003").WithLocation(0).WithArguments(""));
    }

    [Fact]
    public Task LibraryNotReferenced_NoFixOffered()
    {
        const string source = """
            using Amazon.Runtime;
            using Amazon.SecurityToken.Model;
            class C
            {
                AWSCredentials M(string a, string s, string t)
                {
                    var request = new AssumeRoleRequest { RoleArn = "arn:aws:iam::123456789012:role/r" };
                    return {|#0:new SessionAWSCredentials(a, s, t)|};
                }
            }
            """;
        return Verify.VerifyAsync(source, source, expected: Verify.Diagnostic("STSR003").WithLocation(0).WithArguments(""));
    }

    [Fact]
    public Task DeclaredAsSessionAWSCredentials_NoFixOffered()
    {
        const string source = """
            using Amazon.Runtime;
            using Amazon.SecurityToken.Model;
            class C
            {
                SessionAWSCredentials M(string a, string s, string t)
                {
                    var request = new AssumeRoleRequest { RoleArn = "arn:aws:iam::123456789012:role/r" };
                    SessionAWSCredentials c = {|#0:new(a, s, t)|};
                    return c;
                }
            }
            """;
        return Verify.VerifyAsync(source, source, [LibraryStub.Source], Verify.Diagnostic("STSR003").WithLocation(0).WithArguments(""));
    }

    [Fact]
    public void EquivalenceKey_IsPerRule() => Assert.StartsWith("Sts.Resilience.STSR003", RefreshingRoleCredentialsCodeFix.EquivalenceKey, StringComparison.Ordinal);
}
