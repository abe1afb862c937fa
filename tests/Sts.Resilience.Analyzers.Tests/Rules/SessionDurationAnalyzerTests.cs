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
            static readonly int FiftyThousand = 50_000;
            static readonly TimeSpan Day = TimeSpan.FromDays(1);
            static readonly TimeSpan FiveMinutes = new(0, 5, 0);
            const double Minutes = 5;
            void M(int configured, TimeSpan fromConfig)
            {
                {{body}}
            }
        }
        {{LibraryStub.Source}}
        {{LibraryStub.WebIdentityOptionsSource}}
        """;

    private const string AssumeRole = "900 to 43200 seconds (15 minutes to 12 hours)";
    private const string SessionToken = "900 to 129600 seconds (15 minutes to 36 hours)";

    public static TheoryData<string, string, string, string, string> Positives => new()
    {
        { """var r = new AssumeRoleRequest { RoleArn = "arn", DurationSeconds = {|#0:600|} };""", "AssumeRoleRequest.DurationSeconds", "600", "AssumeRole", AssumeRole },
        { """var r = new AssumeRoleRequest { DurationSeconds = {|#0:TwelveHoursAndOne|}, RoleArn = "arn" };""", "AssumeRoleRequest.DurationSeconds", "43201", "AssumeRole", AssumeRole },
        { """var r = new AssumeRoleRequest(); r.DurationSeconds = {|#0:60 * 60 * 24|};""", "AssumeRoleRequest.DurationSeconds", "86400", "AssumeRole", AssumeRole },
        { """var seconds = 100; var r = new AssumeRoleWithWebIdentityRequest { DurationSeconds = {|#0:seconds|} };""", "AssumeRoleWithWebIdentityRequest.DurationSeconds", "100", "AssumeRoleWithWebIdentity", AssumeRole },
        { """var r = new AssumeRoleWithSAMLRequest { DurationSeconds = {|#0:FiftyThousand|} };""", "AssumeRoleWithSAMLRequest.DurationSeconds", "50000", "AssumeRoleWithSAML", AssumeRole },
        { """var o = new AssumeRoleAWSCredentialsOptions { DurationSeconds = {|#0:60|} };""", "AssumeRoleAWSCredentialsOptions.DurationSeconds", "60", "AssumeRole", AssumeRole },
        // Each request type's own range.
        { """var r = new GetSessionTokenRequest { DurationSeconds = {|#0:129601|} };""", "GetSessionTokenRequest.DurationSeconds", "129601", "GetSessionToken", SessionToken },
        { """var r = new GetSessionTokenRequest { DurationSeconds = {|#0:600|} };""", "GetSessionTokenRequest.DurationSeconds", "600", "GetSessionToken", SessionToken },
        { """var r = new GetFederationTokenRequest { Name = "n", DurationSeconds = {|#0:200000|} };""", "GetFederationTokenRequest.DurationSeconds", "200000", "GetFederationToken", SessionToken },
        { """var r = new AssumeRootRequest { DurationSeconds = {|#0:3600|} };""", "AssumeRootRequest.DurationSeconds", "3600", "AssumeRoot", "at most 900 seconds (15 minutes)" },
        { """var r = new AssumeRootRequest { DurationSeconds = {|#0:-1|} };""", "AssumeRootRequest.DurationSeconds", "-1", "AssumeRoot", "at most 900 seconds (15 minutes)" },
        // TimeSpans: factories, constructors, target-typed new, named arguments in any order.
        { """var o = new RefreshingRoleCredentialsOptions { Duration = {|#0:TimeSpan.FromHours(13)|} };""", "RefreshingRoleCredentialsOptions.Duration", "46800", "AssumeRole", AssumeRole },
        { """var o = new RefreshingRoleCredentialsOptions { Duration = {|#0:TimeSpan.FromSeconds(899.5)|} };""", "RefreshingRoleCredentialsOptions.Duration", "899.5", "AssumeRole", AssumeRole },
        { """var o = new RefreshingRoleCredentialsOptions { Duration = {|#0:TimeSpan.FromMinutes(Minutes)|} };""", "RefreshingRoleCredentialsOptions.Duration", "300", "AssumeRole", AssumeRole },
        { """var o = new RefreshingRoleCredentialsOptions { Duration = {|#0:new TimeSpan(0, 10, 0)|} };""", "RefreshingRoleCredentialsOptions.Duration", "600", "AssumeRole", AssumeRole },
        { """var o = new RefreshingRoleCredentialsOptions(); o.Duration = {|#0:new(13, 0, 0)|};""", "RefreshingRoleCredentialsOptions.Duration", "46800", "AssumeRole", AssumeRole },
        { """var o = new RefreshingRoleCredentialsOptions { Duration = {|#0:new TimeSpan(seconds: 0, minutes: 0, hours: 24)|} };""", "RefreshingRoleCredentialsOptions.Duration", "86400", "AssumeRole", AssumeRole },
        { """var o = new RefreshingWebIdentityCredentialsOptions { Duration = {|#0:TimeSpan.FromHours(13)|} };""", "RefreshingWebIdentityCredentialsOptions.Duration", "46800", "AssumeRoleWithWebIdentity", AssumeRole },
        // static readonly fields.
        { """var o = new RefreshingRoleCredentialsOptions { Duration = {|#0:Day|} };""", "RefreshingRoleCredentialsOptions.Duration", "86400", "AssumeRole", AssumeRole },
        { """var o = new RefreshingWebIdentityCredentialsOptions { Duration = {|#0:FiveMinutes|} };""", "RefreshingWebIdentityCredentialsOptions.Duration", "300", "AssumeRoleWithWebIdentity", AssumeRole },
        // Folded through locals, arithmetic and TimeSpan.Total*.
        { """var d = TimeSpan.FromMinutes(5); var o = new RefreshingRoleCredentialsOptions { Duration = {|#0:d|} };""", "RefreshingRoleCredentialsOptions.Duration", "300", "AssumeRole", AssumeRole },
        { """var hours = 13; var r = new AssumeRoleRequest { DurationSeconds = {|#0:hours * 3600|} };""", "AssumeRoleRequest.DurationSeconds", "46800", "AssumeRole", AssumeRole },
        { """var hours = 13; var d = TimeSpan.FromHours(hours); var o = new RefreshingRoleCredentialsOptions { Duration = {|#0:d|} };""", "RefreshingRoleCredentialsOptions.Duration", "46800", "AssumeRole", AssumeRole },
        { """var o = new RefreshingRoleCredentialsOptions { Duration = {|#0:TimeSpan.FromHours(12) + TimeSpan.FromMinutes(1)|} };""", "RefreshingRoleCredentialsOptions.Duration", "43260", "AssumeRole", AssumeRole },
        { """var r = new AssumeRoleRequest { DurationSeconds = {|#0:(int)Day.TotalSeconds|} };""", "AssumeRoleRequest.DurationSeconds", "86400", "AssumeRole", AssumeRole },
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
        // Each request type's own bounds.
        """var r = new GetSessionTokenRequest { DurationSeconds = 129600 }; var f = new GetFederationTokenRequest { DurationSeconds = 900 };""",
        """var r = new AssumeRootRequest { DurationSeconds = 900 }; var z = new AssumeRootRequest { DurationSeconds = 0 };""",
        """var o = new RefreshingWebIdentityCredentialsOptions { Duration = TimeSpan.FromHours(12) };""",
        // A local changed later, by ++ or by deconstruction.
        """var s = 100; s++; var r = new AssumeRoleRequest { DurationSeconds = s };""",
        """var s = 100; (s, _) = (configured, 1); var r = new AssumeRoleRequest { DurationSeconds = s };""",
        // Another type's property of the same name.
        """var x = new Other { DurationSeconds = 5 }; } } class Other { public int DurationSeconds { get; set; } void N() {""",
    };

    [Theory]
    [MemberData(nameof(Positives))]
    public Task Duration_OutOfRange_Reported(string body, string property, string seconds, string operation, string accepted)
        => Verify.VerifyAsync(InMethod(body), Verify.Diagnostic("STSR005").WithLocation(0).WithArguments(property, seconds, operation, accepted));

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
