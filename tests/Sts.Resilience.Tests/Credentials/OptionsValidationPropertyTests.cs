using CsCheck;
using Sts.Resilience.Tests.TestSupport;
using Xunit.Abstractions;

namespace Sts.Resilience.Tests.Credentials;

/// <summary>
/// Whatever the options hold, <see cref="RefreshingRoleCredentialsOptions.Validate"/> either passes or throws one
/// <see cref="ArgumentException"/> listing the problems; never another exception. Options it passes satisfy STS's
/// documented limits, so STS never sees a request the validator should have refused.
/// </summary>
public sealed class OptionsValidationPropertyTests(ITestOutputHelper output)
{
    private static readonly Gen<string> AnyText = Gen.String[0, 30];

    private static readonly Gen<string?> Name = Gen.Frequency(
        (2, Gen.Const((string?)null)),
        (4, Gen.OneOf<string?>("app", "a", "session-1", "x@y.z", "a b", "é-name", "name\n", "\nname", "ab\r\n", new string('n', 64), new string('n', 65), "", "  ", "ab\u0663")),
        (2, AnyText.Select(t => (string?)t)));

    private static readonly Gen<string> RoleArn = Gen.Frequency(
        (4, Gen.OneOf("arn:aws:iam::123456789012:role/app", "arn:aws-cn:iam::123456789012:role/app", "arn:aws-us-gov:iam::123456789012:role/a/b",
            "arn:aws:iam::12345678901:role/app", "arn:aws:iam::123456789012:role/", "arn:aws:iam::123456789012:role/app\n",
            "arn:aws:iam::\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669\u0660\u0661\u0662:role/app", "", " ", "arn:aws:iam::123456789012:user/u")),
        (1, AnyText),
        (1, Gen.Int[2040, 2060].Select(n => "arn:aws:iam::123456789012:role/" + new string('r', n - 31))));

    private static readonly Gen<TimeSpan> Span = Gen.Frequency(
        (3, Gen.OneOf(TimeSpan.Zero, TimeSpan.FromSeconds(900), TimeSpan.FromSeconds(899), TimeSpan.FromHours(1), TimeSpan.FromSeconds(43200),
            TimeSpan.FromSeconds(43201), TimeSpan.FromMinutes(1), TimeSpan.FromHours(6), TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(900.5),
            TimeSpan.MinValue, TimeSpan.MaxValue, TimeSpan.FromTicks(-1))),
        (1, Gen.Long.Select(ticks => TimeSpan.FromTicks(ticks))));

    private static readonly Gen<Action<RefreshingRoleCredentialsOptions>> Change = Gen.OneOf<Action<RefreshingRoleCredentialsOptions>>(
        RoleArn.Select<string, Action<RefreshingRoleCredentialsOptions>>(v => o => o.RoleArn = v),
        Gen.Const<Action<RefreshingRoleCredentialsOptions>>(o => o.RoleArn = null!),
        Name.Select<string?, Action<RefreshingRoleCredentialsOptions>>(v => o => o.RoleSessionName = v),
        Name.Select<string?, Action<RefreshingRoleCredentialsOptions>>(v => o => o.SourceIdentity = v),
        Name.Select<string?, Action<RefreshingRoleCredentialsOptions>>(v => o => o.ExternalId = v),
        Name.Select<string?, Action<RefreshingRoleCredentialsOptions>>(v => o => o.Profile = v),
        Name.Select<string?, Action<RefreshingRoleCredentialsOptions>>(v => o => o.Region = v),
        Name.Select<string?, Action<RefreshingRoleCredentialsOptions>>(v => o => o.ServiceUrl = v),
        Gen.OneOf<string?>("http://127.0.0.1:1", "https://sts.amazonaws.com", "sts.amazonaws.com", "://", "http://[::1", null)
            .Select<string?, Action<RefreshingRoleCredentialsOptions>>(v => o => o.ServiceUrl = v),
        Name.Select<string?, Action<RefreshingRoleCredentialsOptions>>(v => o => o.MfaSerialNumber = v),
        Gen.Bool.Select<bool, Action<RefreshingRoleCredentialsOptions>>(v => o => o.MfaTokenCodeProvider = v ? _ => ValueTask.FromResult("123456") : null),
        Gen.Int[0, 3000].Select<int, Action<RefreshingRoleCredentialsOptions>>(n => o => o.Policy = new string('p', n)),
        AnyText.Select<string, Action<RefreshingRoleCredentialsOptions>>(v => o => o.Policy = v),
        Span.Select<TimeSpan, Action<RefreshingRoleCredentialsOptions>>(v => o => o.Duration = v),
        Span.Select<TimeSpan, Action<RefreshingRoleCredentialsOptions>>(v => o => o.StsTimeout = v),
        Span.Select<TimeSpan, Action<RefreshingRoleCredentialsOptions>>(v => o => o.AdvisoryWindow = v),
        Gen.Select(Gen.Int[0, 12], Gen.Int[0, 2100]).Select<(int, int), Action<RefreshingRoleCredentialsOptions>>(v => o =>
        {
            for (var i = 0; i < v.Item1; i++)
            {
                o.PolicyArns.Add(new string('a', v.Item2));
            }
        }),
        Gen.Const<Action<RefreshingRoleCredentialsOptions>>(o => o.PolicyArns.Add(null!)),
        Gen.Select(Gen.Int[0, 55], Gen.Int[0, 130], Gen.Int[0, 260]).Select<(int, int, int), Action<RefreshingRoleCredentialsOptions>>(v => o =>
        {
            for (var i = 0; i < v.Item1; i++)
            {
                o.Tags[i.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(Math.Max(1, v.Item2), 'k')] = new string('v', v.Item3);
            }
        }),
        Gen.Const<Action<RefreshingRoleCredentialsOptions>>(o => o.Tags[""] = "v"),
        Gen.Const<Action<RefreshingRoleCredentialsOptions>>(o => o.Tags["k"] = null!),
        Name.Select<string?, Action<RefreshingRoleCredentialsOptions>>(v => o => o.TransitiveTagKeys.Add(v!)),
        Gen.Int[0, 60].Select<int, Action<RefreshingRoleCredentialsOptions>>(n => o =>
        {
            for (var i = 0; i < n; i++)
            {
                o.TransitiveTagKeys.Add("k");
            }
        }),
        Gen.Const<Action<RefreshingRoleCredentialsOptions>>(o => o.SourceCredentials = new Amazon.Runtime.AnonymousAWSCredentials()));

    [Fact]
    public void Validate_AnyOptions_PassesOrThrowsOneArgumentException()
        => Change.Array[0, 8].Sample(
            changes =>
            {
                var options = new RefreshingRoleCredentialsOptions { RoleArn = "arn:aws:iam::123456789012:role/app" };
                foreach (var change in changes)
                {
                    change(options);
                }

                try
                {
                    options.Validate();
                }
                catch (ArgumentException ex) when (ex.GetType() == typeof(ArgumentException))
                {
                    Assert.StartsWith("RefreshingRoleCredentialsOptions are invalid:", ex.Message, StringComparison.Ordinal);
                    return;
                }

                // Passed: then STS's own limits hold (its patterns are ASCII and end at the end of the text).
                Assert.True(string.IsNullOrWhiteSpace(options.RoleArn) || Sts(@"^arn:aws(-cn|-us-gov)?:iam::[0-9]{12}:role/[\x21-\x7e]+$", options.RoleArn), $"RoleArn '{options.RoleArn}'");
                Assert.True(options.RoleSessionName is null || Sts(@"^[A-Za-z0-9_+=,.@-]{2,64}$", options.RoleSessionName), $"RoleSessionName '{options.RoleSessionName}'");
                Assert.True(options.SourceIdentity is null || Sts(@"^[A-Za-z0-9_+=,.@-]{2,64}$", options.SourceIdentity), $"SourceIdentity '{options.SourceIdentity}'");
                Assert.True(options.ExternalId is null || Sts(@"^[A-Za-z0-9_+=,.@:/-]{2,1224}$", options.ExternalId), $"ExternalId '{options.ExternalId}'");
            },
            iter: PropertyRuns.Iterations, threads: PropertyRuns.Threads, writeLine: output.WriteLine);

    [Theory]
    [InlineData("6IQ_Fuif1o-2")] // a RoleArn with Arabic-Indic digits passed
    [InlineData("bruI1SMejcI2")] // a null TransitiveTagKeys entry threw ArgumentNullException
    public void Validate_FailingSeeds_PassesOrThrowsOneArgumentException(string seed)
        => Change.Array[0, 8].Sample(changes => Validate_Seeded(changes), seed: seed, iter: 1, threads: 1);

    [Fact]
    public void Validate_NullTransitiveTagKey_OneArgumentException()
    {
        var options = new RefreshingRoleCredentialsOptions { RoleArn = "arn:aws:iam::123456789012:role/app" };
        options.TransitiveTagKeys.Add(null!);

        var ex = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains("TransitiveTagKeys holds a null key.", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("arn:aws:iam::\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669\u0660\u0661\u0662:role/app", null)] // the seed above: Arabic-Indic digits
    [InlineData("arn:aws:iam::123456789012:role/app\n", null)]
    [InlineData("arn:aws:iam::123456789012:role/a b", null)]
    [InlineData("arn:aws:iam::123456789012:role/app", "name\n")]
    [InlineData("arn:aws:iam::123456789012:role/app", "n\u00e9e")]
    public void Validate_ValuesStsRefuses_ArgumentException(string roleArn, string? sessionName)
    {
        var options = new RefreshingRoleCredentialsOptions
        {
            RoleArn = System.Text.RegularExpressions.Regex.Unescape(roleArn),
            RoleSessionName = sessionName is null ? null : System.Text.RegularExpressions.Regex.Unescape(sessionName),
        };

        Assert.Throws<ArgumentException>(options.Validate);
    }

    private static void Validate_Seeded(Action<RefreshingRoleCredentialsOptions>[] changes)
    {
        var options = new RefreshingRoleCredentialsOptions { RoleArn = "arn:aws:iam::123456789012:role/app" };
        foreach (var change in changes)
        {
            change(options);
        }

        try
        {
            options.Validate();
        }
        catch (ArgumentException ex) when (ex.GetType() == typeof(ArgumentException))
        {
            return;
        }

        Assert.True(string.IsNullOrWhiteSpace(options.RoleArn) || Sts(@"^arn:aws(-cn|-us-gov)?:iam::[0-9]{12}:role/[\x21-\x7e]+$", options.RoleArn), $"RoleArn '{options.RoleArn}'");
    }

    private static bool Sts(string pattern, string value)
        => System.Text.RegularExpressions.Regex.IsMatch(value, pattern.Replace("$", @"\z", StringComparison.Ordinal), System.Text.RegularExpressions.RegexOptions.CultureInvariant);
}
