using Sts.Resilience.Analyzers.Tests.Verifiers;
using Verify = Sts.Resilience.Analyzers.Tests.Verifiers.AnalyzerVerifier<Sts.Resilience.Analyzers.SessionDurationAnalyzer>;

namespace Sts.Resilience.Analyzers.Tests.Rules;

public class SessionDurationAnalyzerTests
{
    private static string InMethod(string body) => $$"""
        using System;
        using Amazon.Runtime;
        using Amazon.SecurityToken.Model;
        using Sts.Resilience;
        class C
        {
            const int TwelveHoursAndOne = 43201;
            void M(int configured, TimeSpan fromConfig)
            {
                {{body}}
            }
        }
        {{LibraryStub.Source}}
        """;

    public static TheoryData<string, string, string> Positives => new()
    {
        { """var r = new AssumeRoleRequest { RoleArn = "arn", DurationSeconds = {|#0:600|} };""", "AssumeRoleRequest.DurationSeconds", "600" },
        { """var r = new AssumeRoleRequest { DurationSeconds = {|#0:TwelveHoursAndOne|}, RoleArn = "arn" };""", "AssumeRoleRequest.DurationSeconds", "43201" },
        { """var r = new AssumeRoleRequest(); r.DurationSeconds = {|#0:60 * 60 * 24|};""", "AssumeRoleRequest.DurationSeconds", "86400" },
        { """var seconds = 100; var r = new AssumeRoleWithWebIdentityRequest { DurationSeconds = {|#0:seconds|} };""", "AssumeRoleWithWebIdentityRequest.DurationSeconds", "100" },
        { """var o = new AssumeRoleAWSCredentialsOptions { DurationSeconds = {|#0:60|} };""", "AssumeRoleAWSCredentialsOptions.DurationSeconds", "60" },
        { """var o = new RefreshingRoleCredentialsOptions { Duration = {|#0:TimeSpan.FromHours(13)|} };""", "RefreshingRoleCredentialsOptions.Duration", "46800" },
        { """var o = new RefreshingRoleCredentialsOptions { Duration = {|#0:TimeSpan.FromSeconds(899.5)|} };""", "RefreshingRoleCredentialsOptions.Duration", "899.5" },
        { """var o = new RefreshingRoleCredentialsOptions { Duration = {|#0:new TimeSpan(0, 10, 0)|} };""", "RefreshingRoleCredentialsOptions.Duration", "600" },
        // Target-typed new and a local.
        { """var o = new RefreshingRoleCredentialsOptions(); o.Duration = {|#0:new(13, 0, 0)|};""", "RefreshingRoleCredentialsOptions.Duration", "46800" },
        { """var d = TimeSpan.FromMinutes(5); var o = new RefreshingRoleCredentialsOptions { Duration = {|#0:d|} };""", "RefreshingRoleCredentialsOptions.Duration", "300" },
        // Named arguments in any order.
        { """var o = new RefreshingRoleCredentialsOptions { Duration = {|#0:new TimeSpan(seconds: 0, minutes: 0, hours: 24)|} };""", "RefreshingRoleCredentialsOptions.Duration", "86400" },
    };

    public static TheoryData<string> Negatives => new()
    {
        // The bounds themselves and the default.
        """var a = new AssumeRoleRequest { DurationSeconds = 900 }; var b = new AssumeRoleRequest { DurationSeconds = 43200 }; var c = new AssumeRoleRequest { DurationSeconds = 3600 };""",
        """var o = new RefreshingRoleCredentialsOptions { Duration = TimeSpan.FromMinutes(15) }; o.Duration = TimeSpan.FromHours(12);""",
        // Values known only at run time.
        """var r = new AssumeRoleRequest { DurationSeconds = configured }; var o = new RefreshingRoleCredentialsOptions { Duration = fromConfig };""",
        """var r = new AssumeRoleRequest { DurationSeconds = int.Parse(Environment.GetEnvironmentVariable("DURATION") ?? "3600") };""",
        // A local assigned again.
        """var d = TimeSpan.FromMinutes(5); d = fromConfig; var o = new RefreshingRoleCredentialsOptions { Duration = d };""",
        // GetSessionToken allows up to 36 hours: not this rule's range.
        """var r = new GetSessionTokenRequest { DurationSeconds = 129600 };""",
        // Another type's property of the same name.
        """var x = new Other { DurationSeconds = 5 }; } } class Other { public int DurationSeconds { get; set; } void N() {""",
    };

    [Theory]
    [MemberData(nameof(Positives))]
    public Task Duration_OutOfRange_Reported(string body, string property, string seconds)
        => Verify.VerifyAsync(InMethod(body), Verify.Diagnostic("STSR005").WithLocation(0).WithArguments(property, seconds));

    [Theory]
    [MemberData(nameof(Negatives))]
    public Task Duration_InRangeOrUnknown_NotReported(string body) => Verify.VerifyAsync(InMethod(body));

    [Fact]
    public Task Duration_WithoutAwsSdk_NotReported()
        => Verify.VerifyWithoutAwsAsync("""
            namespace Amazon.SecurityToken.Model { class AssumeRoleRequest { public int DurationSeconds { get; set; } } }
            class C { object M() => new Amazon.SecurityToken.Model.AssumeRoleRequest { DurationSeconds = 5 }; }
            """);
}
