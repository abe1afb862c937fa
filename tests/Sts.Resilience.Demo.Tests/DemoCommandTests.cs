namespace Sts.Resilience.Demo.Tests;

public sealed class DemoCommandTests
{
    [Fact]
    public async Task RunAsync_Help_PrintsEveryOptionAndExitsZero()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await DemoCommand.RunAsync(["--help"], output, error);

        Assert.Equal(0, code);
        foreach (var option in new[] { "--source", "web-identity", "container", "imds", "--naive", "--stepped", "--duration", "--workers", "--quiet", "--plain", "--soak", "--seed", "--role-arn", "--region", "--profile", "serve" })
        {
            Assert.Contains(option, output.ToString(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(new[] { "--bogus" }, "unexpected argument '--bogus'")]
    [InlineData(new[] { "--role-arn", "arn:aws:iam::123456789012:role/app" }, "--role-arn needs --region")]
    [InlineData(new[] { "--region", "eu-west-1" }, "--region alone is not enough")]
    [InlineData(new[] { "--naive", "--profile", "dev" }, "--naive runs against the embedded LocalSts only")]
    [InlineData(new[] { "--duration", "9" }, "--duration needs a number of seconds from 10 to 86400")]
    [InlineData(new[] { "--workers", "0" }, "--workers needs a whole number from 1 to 64")]
    [InlineData(new[] { "--profile" }, "need a value")]
    [InlineData(new[] { "--stepped", "--duration", "30" }, "--stepped runs as long as the machine needs")]
    [InlineData(new[] { "--stepped", "--profile", "dev" }, "real AWS runs on the wall clock")]
    [InlineData(new[] { "--source", "lambda" }, "--source needs one of role, web-identity, container, imds")]
    [InlineData(new[] { "--source" }, "--source needs one of role, web-identity, container, imds")]
    [InlineData(new[] { "--naive", "--source", "imds" }, "it cannot be combined with --source")]
    [InlineData(new[] { "--source", "container", "--profile", "dev" }, "--source picks a source served by the embedded LocalSts")]
    [InlineData(new[] { "--soak", "0" }, "--soak takes a whole number of hours from 1 to 1000")]
    [InlineData(new[] { "--soak", "--naive" }, "--soak runs the resilient workload")]
    [InlineData(new[] { "--soak", "--duration", "30" }, "--soak runs the resilient workload")]
    [InlineData(new[] { "--soak", "--seed", "x" }, "--seed needs a whole number")]
    [InlineData(new[] { "--soak", "--source", "imds" }, "it cannot be combined with another --source")]
    public async Task RunAsync_BadArguments_ExplainsAndExitsTwo(string[] args, string message)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await DemoCommand.RunAsync(args, output, error);

        Assert.Equal(2, code);
        Assert.Contains(message, error.ToString(), StringComparison.Ordinal);
        Assert.Empty(output.ToString());
    }

    [Fact]
    public void Parse_RoleArnAndRegion_SelectsRealAws()
    {
        var options = DemoOptions.Parse(["--role-arn", "arn:aws:iam::123456789012:role/app", "--region", "eu-west-1", "--duration", "30"], out var error, out _);

        Assert.Null(error);
        Assert.NotNull(options);
        Assert.Equal(DemoMode.Aws, options.Mode);
        Assert.Equal(TimeSpan.FromSeconds(30), options.Duration);
    }

    [Fact]
    public void Parse_NoArguments_SelectsTheResilientLocalRunAt180x()
    {
        var options = DemoOptions.Parse([], out var error, out var help);

        Assert.Null(error);
        Assert.False(help);
        Assert.Equal(DemoMode.Resilient, options!.Mode);
        Assert.Equal(180, options.Factor, precision: 6);
    }

    [Fact]
    public void Parse_Stepped_SelectsTheSteppedClockWith15SecondSteps()
    {
        var options = DemoOptions.Parse(["--stepped"], out var error, out _);

        Assert.Null(error);
        Assert.True(options!.Stepped);
        Assert.Equal(TimeSpan.FromSeconds(15), options.Step);
        Assert.Equal(DemoMode.Resilient, options.Mode);
    }

    [Theory]
    [InlineData(new string[0], nameof(DemoSource.Role))]
    [InlineData(new[] { "--source", "role" }, nameof(DemoSource.Role))]
    [InlineData(new[] { "--source", "web-identity", "--stepped" }, nameof(DemoSource.WebIdentity))]
    [InlineData(new[] { "--source", "container" }, nameof(DemoSource.Container))]
    [InlineData(new[] { "--stepped", "--source", "imds" }, nameof(DemoSource.Imds))]
    public void Parse_Source_SelectsTheCredentialsOfTheResilientRun(string[] args, string source)
    {
        var options = DemoOptions.Parse(args, out var error, out _);

        Assert.Null(error);
        Assert.Equal(DemoMode.Resilient, options!.Mode);
        Assert.Equal(Enum.Parse<DemoSource>(source), options.Source);
    }

    [Fact]
    public void Parse_Soak_Is48SteppedQuietHoursWithTwoWorkersAndSeed1()
    {
        var options = DemoOptions.Parse(["--soak"], out var error, out _);

        Assert.Null(error);
        Assert.True(options!.Soak && options.Stepped);
        Assert.False(options.ShowLog);
        Assert.Equal(TimeSpan.FromHours(48), options.SimulatedSpan);
        Assert.Equal(2, options.Workers);
        Assert.Equal(1, options.Seed);
    }

    [Fact]
    public void Parse_SoakWithHoursSeedWorkersAndVerbose_KeepsEach()
    {
        var options = DemoOptions.Parse(["--workers", "3", "--soak", "6", "--seed", "-7", "--verbose"], out var error, out _);

        Assert.Null(error);
        Assert.Equal(TimeSpan.FromHours(6), options!.SimulatedSpan);
        Assert.Equal(3, options.Workers);
        Assert.Equal(-7, options.Seed);
        Assert.True(options.ShowLog);
    }

    [Fact]
    public void SoakPlan_SameSeed_SamePlan_AndNoFaultInTheLastHour()
    {
        var plan = SoakPlan.Create(3, TimeSpan.FromHours(10));

        Assert.Equal(plan, SoakPlan.Create(3, TimeSpan.FromHours(10)));
        Assert.NotEqual(plan, SoakPlan.Create(4, TimeSpan.FromHours(10)));
        Assert.All(plan, f => Assert.True(f.At < TimeSpan.FromHours(9), f.Describe()));
        Assert.InRange(plan.Count, 18, 27);
        Assert.All(plan.Zip(plan.Skip(1)), p => Assert.True(p.Second.At - p.First.At >= TimeSpan.FromMinutes(7), p.Second.Describe()));

        // Clock jumps alternate: off by 4 minutes, then corrected.
        var jumps = plan.Where(f => f.Kind == SoakFaultKind.ClockJump).Select(f => f.Amount).ToList();
        Assert.All(jumps.Where((_, i) => i % 2 == 1), a => Assert.Equal(TimeSpan.Zero, a));
        Assert.All(jumps.Where((_, i) => i % 2 == 0), a => Assert.Equal(TimeSpan.FromMinutes(4), a.Duration()));
    }
}
