using Sts.Resilience.Credentials;

namespace Sts.Resilience.Tests.Credentials;

/// <summary>
/// Every limit of <c>RefreshingRoleCredentialsOptionsValidator</c> at its edge: the last value STS accepts passes, the
/// first it refuses gives exactly one error naming the field. Written for the mutants dotnet-stryker left alive
/// (docs/reliability.md): the property test draws values far from the edges, so `&gt;` and `&gt;=` looked alike.
/// </summary>
public sealed class OptionsValidatorBoundaryTests
{
    private const string RoleArn = "arn:aws:iam::123456789012:role/app";

    public static TheoryData<string> Limits => new()
    {
        "RoleArn longest", "ExternalId shortest", "ExternalId longest", "PolicyArns count", "PolicyArn shortest", "PolicyArn longest", "Policy longest",
        "Tags count", "Tag key shortest", "Tag key longest", "Tag value longest", "TransitiveTagKeys count",
        "MfaSerialNumber shortest", "MfaSerialNumber longest", "Duration longest", "StsTimeout shortest", "StsTimeout longest",
        "AdvisoryWindow shortest", "AdvisoryWindow longest", "RoleSessionName shortest", "RoleSessionName longest",
    };

    [Theory]
    [MemberData(nameof(Limits))]
    public void GetErrors_AtTheLimit_Passes_AndOnePast_OneErrorNamingTheField(string limit)
    {
        var atLimit = Options(limit, past: false);
        var pastLimit = Options(limit, past: true);

        Assert.Empty(RefreshingRoleCredentialsOptionsValidator.GetErrors(atLimit));
        var error = Assert.Single(RefreshingRoleCredentialsOptionsValidator.GetErrors(pastLimit));
        Assert.StartsWith(ErrorOf(limit), error, StringComparison.Ordinal);
    }

    [Fact]
    public void GetErrors_TransitiveTagKeyNotATag_OneError()
    {
        var options = new RefreshingRoleCredentialsOptions { RoleArn = RoleArn };
        options.Tags["team"] = "core";
        options.TransitiveTagKeys.Add("project");

        Assert.Equal(["TransitiveTagKeys names 'project', which is not one of Tags."], RefreshingRoleCredentialsOptionsValidator.GetErrors(options));
    }

    [Fact]
    public void GetErrors_MfaTokenCodeProviderWithoutSerial_OneError()
    {
        var options = new RefreshingRoleCredentialsOptions { RoleArn = RoleArn, MfaTokenCodeProvider = _ => ValueTask.FromResult("123456") };

        Assert.Equal(["MfaTokenCodeProvider is set but MfaSerialNumber is not."], RefreshingRoleCredentialsOptionsValidator.GetErrors(options));
    }

    [Fact]
    public void GetErrors_RelativeServiceUrl_OneError()
    {
        var options = new RefreshingRoleCredentialsOptions { RoleArn = RoleArn, ServiceUrl = "sts.local" };

        Assert.Equal(["ServiceUrl 'sts.local' is not an absolute URL."], RefreshingRoleCredentialsOptionsValidator.GetErrors(options));
    }

    // The profile rules, each alone (mutation run of 2026-12-02: with only these tests and the property test, removing
    // any of the three errors, or flipping its condition, went unnoticed; the profile tests that also catch them are slow).
    [Fact]
    public void GetErrors_NoRoleArn_RequiredWithoutAProfile_NotWithOne()
    {
        Assert.Equal(["RoleArn is required."], RefreshingRoleCredentialsOptionsValidator.GetErrors(new RefreshingRoleCredentialsOptions()));
        Assert.Empty(RefreshingRoleCredentialsOptionsValidator.GetErrors(new RefreshingRoleCredentialsOptions { Profile = "dev" }));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public void GetErrors_BlankProfile_OneError(string profile)
    {
        var options = new RefreshingRoleCredentialsOptions { Profile = profile };

        Assert.Equal(["Profile must not be empty when set."], RefreshingRoleCredentialsOptionsValidator.GetErrors(options));
    }

    [Fact]
    public void GetErrors_ProfileAndSourceCredentials_OneError_ButEitherAloneIsValid()
    {
        var keys = new Amazon.Runtime.BasicAWSCredentials("AKIDEXAMPLE", "secret");

        var error = Assert.Single(RefreshingRoleCredentialsOptionsValidator.GetErrors(new RefreshingRoleCredentialsOptions { Profile = "dev", SourceCredentials = keys }));
        Assert.StartsWith("Profile and SourceCredentials are both set", error, StringComparison.Ordinal);
        Assert.Empty(RefreshingRoleCredentialsOptionsValidator.GetErrors(new RefreshingRoleCredentialsOptions { Profile = "dev" }));
        Assert.Empty(RefreshingRoleCredentialsOptionsValidator.GetErrors(new RefreshingRoleCredentialsOptions { RoleArn = RoleArn, SourceCredentials = keys }));
    }

    /// <summary>How the error about each limit begins.</summary>
    private static string ErrorOf(string limit) => limit switch
    {
        "RoleArn longest" => "RoleArn 'arn:aws:iam::123456789012:role/rrr",
        "PolicyArns count" => "PolicyArns may hold",
        "PolicyArn shortest" or "PolicyArn longest" => "Each PolicyArns entry",
        "Policy longest" => "Policy must be at most",
        "Tags count" => "Tags may hold",
        "Tag key shortest" or "Tag key longest" => "Tag key '",
        "Tag value longest" => "The value of tag 'k'",
        "TransitiveTagKeys count" => "TransitiveTagKeys may hold",
        _ => limit.Split(' ')[0] + " must be",
    };

    private static RefreshingRoleCredentialsOptions Options(string limit, bool past)
    {
        var options = new RefreshingRoleCredentialsOptions { RoleArn = RoleArn };
        int Longest(int max) => past ? max + 1 : max;
        int Shortest(int min) => past ? min - 1 : min;
        switch (limit)
        {
            case "RoleArn longest":
                options.RoleArn = "arn:aws:iam::123456789012:role/" + new string('r', Longest(2048) - "arn:aws:iam::123456789012:role/".Length);
                break;
            case "ExternalId shortest":
                options.ExternalId = new string('e', Shortest(2));
                break;
            case "ExternalId longest":
                options.ExternalId = new string('e', Longest(1224));
                break;
            case "PolicyArns count":
                for (var i = 0; i < Longest(10); i++)
                {
                    options.PolicyArns.Add($"arn:aws:iam::aws:policy/Policy{i:D2}");
                }

                break;
            case "PolicyArn shortest":
                // Two entries too short: still one error, not one per entry.
                options.PolicyArns.Add(new string('p', Shortest(20)));
                options.PolicyArns.Add(new string('q', Shortest(20)));
                break;
            case "PolicyArn longest":
                options.PolicyArns.Add(new string('p', Longest(2048)));
                break;
            case "Policy longest":
                options.Policy = new string(' ', Longest(2048));
                break;
            case "Tags count":
                for (var i = 0; i < Longest(50); i++)
                {
                    options.Tags[$"k{i}"] = "v";
                }

                break;
            case "Tag key shortest":
                options.Tags[new string('k', Shortest(1))] = "v";
                break;
            case "Tag key longest":
                options.Tags[new string('k', Longest(128))] = "v";
                break;
            case "Tag value longest":
                options.Tags["k"] = new string('v', Longest(256));
                break;
            case "TransitiveTagKeys count":
                for (var i = 0; i < Longest(50); i++)
                {
                    options.Tags[$"k{i}"] = "v";
                    options.TransitiveTagKeys.Add($"k{i}");
                }

                // 51 tags would be a second error: the 51st key is one of the 50 tags, named twice.
                if (past)
                {
                    options.Tags.Remove("k50");
                    options.TransitiveTagKeys[50] = "k0";
                }

                break;
            case "MfaSerialNumber shortest":
                options.MfaSerialNumber = new string('1', Shortest(9));
                options.MfaTokenCodeProvider = _ => ValueTask.FromResult("123456");
                break;
            case "MfaSerialNumber longest":
                options.MfaSerialNumber = new string('1', Longest(256));
                options.MfaTokenCodeProvider = _ => ValueTask.FromResult("123456");
                break;
            case "Duration longest":
                options.Duration = TimeSpan.FromSeconds(Longest(43200));
                break;
            case "StsTimeout shortest":
                options.StsTimeout = past ? TimeSpan.Zero : TimeSpan.FromTicks(1);
                break;
            case "StsTimeout longest":
                options.StsTimeout = TimeSpan.FromMinutes(5) + (past ? TimeSpan.FromTicks(1) : TimeSpan.Zero);
                break;
            case "AdvisoryWindow shortest":
                options.AdvisoryWindow = TimeSpan.FromMinutes(1) - (past ? TimeSpan.FromTicks(1) : TimeSpan.Zero);
                break;
            case "AdvisoryWindow longest":
                options.Duration = TimeSpan.FromHours(12);
                options.AdvisoryWindow = TimeSpan.FromHours(6) + (past ? TimeSpan.FromTicks(1) : TimeSpan.Zero);
                break;
            case "RoleSessionName shortest":
                options.RoleSessionName = new string('s', Shortest(2));
                break;
            case "RoleSessionName longest":
                options.RoleSessionName = new string('s', Longest(64));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(limit), limit, "Unknown limit.");
        }

        return options;
    }
}
