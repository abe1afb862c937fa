using Sts.Resilience.Analyzers.Tests.Verifiers;
using Verify = Sts.Resilience.Analyzers.Tests.Verifiers.CodeFixVerifier<Sts.Resilience.Analyzers.SessionDurationAnalyzer, Sts.Resilience.Analyzers.CodeFixes.SessionDurationCodeFix>;

namespace Sts.Resilience.Analyzers.Tests.CodeFixes;

public class SessionDurationCodeFixTests
{
    [Fact]
    public Task DurationsOutOfRange_FixAll_ClampedToNearestValid()
        => Verify.VerifyAsync(
            """
            using System;
            using Amazon.SecurityToken.Model;
            using Sts.Resilience;

            class C
            {
                void M()
                {
                    var a = new AssumeRoleRequest { RoleArn = "arn", DurationSeconds = {|#0:600|} };
                    var b = new AssumeRoleRequest { RoleArn = "arn", DurationSeconds = {|#1:86400|} };
                    var o = new RefreshingRoleCredentialsOptions { Duration = {|#2:TimeSpan.FromMinutes(5)|} };
                    o.Duration = {|#3:TimeSpan.FromDays(1)|};
                }
            }
            """,
            """
            using System;
            using Amazon.SecurityToken.Model;
            using Sts.Resilience;

            class C
            {
                void M()
                {
                    var a = new AssumeRoleRequest { RoleArn = "arn", DurationSeconds = 900 };
                    var b = new AssumeRoleRequest { RoleArn = "arn", DurationSeconds = 43200 };
                    var o = new RefreshingRoleCredentialsOptions { Duration = TimeSpan.FromMinutes(15) };
                    o.Duration = TimeSpan.FromHours(12);
                }
            }
            """,
            [LibraryStub.Source],
            AssumeRole(0, "AssumeRoleRequest.DurationSeconds", "600"),
            AssumeRole(1, "AssumeRoleRequest.DurationSeconds", "86400"),
            AssumeRole(2, "RefreshingRoleCredentialsOptions.Duration", "300"),
            AssumeRole(3, "RefreshingRoleCredentialsOptions.Duration", "86400"));

    [Fact]
    public Task DurationsOfEachRequestType_FixAll_ClampedToThatTypesRange()
        => Verify.VerifyAsync(
            """
            using System;
            using Amazon.Runtime;
            using Amazon.SecurityToken.Model;
            using Sts.Resilience;

            class C
            {
                void M()
                {
                    var a = new GetSessionTokenRequest { DurationSeconds = {|#0:200000|} };
                    var b = new GetFederationTokenRequest { Name = "n", DurationSeconds = {|#1:60|} };
                    var c = new AssumeRootRequest { DurationSeconds = {|#2:3600|} };
                    var d = new AssumeRoleWithSAMLRequest { DurationSeconds = {|#3:50000|} };
                    var e = new AssumeRoleAWSCredentialsOptions { DurationSeconds = {|#4:60|} };
                    var f = new RefreshingWebIdentityCredentialsOptions { Duration = {|#5:TimeSpan.FromHours(13)|} };
                }
            }
            """,
            """
            using System;
            using Amazon.Runtime;
            using Amazon.SecurityToken.Model;
            using Sts.Resilience;

            class C
            {
                void M()
                {
                    var a = new GetSessionTokenRequest { DurationSeconds = 129600 };
                    var b = new GetFederationTokenRequest { Name = "n", DurationSeconds = 900 };
                    var c = new AssumeRootRequest { DurationSeconds = 900 };
                    var d = new AssumeRoleWithSAMLRequest { DurationSeconds = 43200 };
                    var e = new AssumeRoleAWSCredentialsOptions { DurationSeconds = 900 };
                    var f = new RefreshingWebIdentityCredentialsOptions { Duration = TimeSpan.FromHours(12) };
                }
            }
            """,
            [LibraryStub.Source, LibraryStub.WebIdentityOptionsSource],
            Verify.Diagnostic("STSR005").WithLocation(0).WithArguments("GetSessionTokenRequest.DurationSeconds", "200000", "GetSessionToken", SessionToken),
            Verify.Diagnostic("STSR005").WithLocation(1).WithArguments("GetFederationTokenRequest.DurationSeconds", "60", "GetFederationToken", SessionToken),
            Verify.Diagnostic("STSR005").WithLocation(2).WithArguments("AssumeRootRequest.DurationSeconds", "3600", "AssumeRoot", "at most 900 seconds (15 minutes)"),
            Verify.Diagnostic("STSR005").WithLocation(3).WithArguments("AssumeRoleWithSAMLRequest.DurationSeconds", "50000", "AssumeRoleWithSAML", AssumeRoleRange),
            AssumeRole(4, "AssumeRoleAWSCredentialsOptions.DurationSeconds", "60"),
            Verify.Diagnostic("STSR005").WithLocation(5).WithArguments("RefreshingWebIdentityCredentialsOptions.Duration", "46800", "AssumeRoleWithWebIdentity", AssumeRoleRange));

    [Fact]
    public Task DurationsThroughFieldsAndLocals_Fix_ReplacesTheUseAndKeepsTheDefinition()
        => Verify.VerifyAsync(
            """
            using System;
            using Amazon.SecurityToken.Model;
            using Sts.Resilience;

            class C
            {
                static readonly TimeSpan Day = TimeSpan.FromDays(1);
                const int Short = 60;

                void M()
                {
                    var hours = 13;
                    var o = new RefreshingRoleCredentialsOptions { Duration = {|#0:Day|} };
                    var r = new AssumeRoleRequest { DurationSeconds = {|#1:Short|} };
                    var q = new AssumeRoleRequest { DurationSeconds = {|#2:hours * 3600|} };
                    var p = new RefreshingRoleCredentialsOptions { Duration = {|#3:TimeSpan.FromSeconds(890)|} };
                }
            }
            """,
            """
            using System;
            using Amazon.SecurityToken.Model;
            using Sts.Resilience;

            class C
            {
                static readonly TimeSpan Day = TimeSpan.FromDays(1);
                const int Short = 60;

                void M()
                {
                    var hours = 13;
                    var o = new RefreshingRoleCredentialsOptions { Duration = TimeSpan.FromHours(12) };
                    var r = new AssumeRoleRequest { DurationSeconds = 900 };
                    var q = new AssumeRoleRequest { DurationSeconds = 43200 };
                    var p = new RefreshingRoleCredentialsOptions { Duration = TimeSpan.FromMinutes(15) };
                }
            }
            """,
            [LibraryStub.Source],
            AssumeRole(0, "RefreshingRoleCredentialsOptions.Duration", "86400"),
            AssumeRole(1, "AssumeRoleRequest.DurationSeconds", "60"),
            AssumeRole(2, "AssumeRoleRequest.DurationSeconds", "46800"),
            AssumeRole(3, "RefreshingRoleCredentialsOptions.Duration", "890"));

    private const string AssumeRoleRange = "900 to 43200 seconds (15 minutes to 12 hours)";
    private const string SessionToken = "900 to 129600 seconds (15 minutes to 36 hours)";

    private static Microsoft.CodeAnalysis.Testing.DiagnosticResult AssumeRole(int location, string property, string seconds)
        => Verify.Diagnostic("STSR005").WithLocation(location).WithArguments(property, seconds, "AssumeRole", AssumeRoleRange);
}
