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
            Verify.Diagnostic("STSR005").WithLocation(0).WithArguments("AssumeRoleRequest.DurationSeconds", "600"),
            Verify.Diagnostic("STSR005").WithLocation(1).WithArguments("AssumeRoleRequest.DurationSeconds", "86400"),
            Verify.Diagnostic("STSR005").WithLocation(2).WithArguments("RefreshingRoleCredentialsOptions.Duration", "300"),
            Verify.Diagnostic("STSR005").WithLocation(3).WithArguments("RefreshingRoleCredentialsOptions.Duration", "86400"));
}
