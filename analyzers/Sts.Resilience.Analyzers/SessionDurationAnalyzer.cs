using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Sts.Resilience.Analyzers;

/// <summary>STSR005: a session duration known at compile time that STS rejects for the call it is given to.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SessionDurationAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: the nearest value STS accepts, in seconds (the code fix writes it).</summary>
    internal const string NearestValidSecondsProperty = "NearestValidSeconds";

    internal static readonly DiagnosticDescriptor Rule = new(
        RuleIdentifiers.DurationOutOfRange,
        title: "Session duration outside what STS accepts",
        messageFormat: "{0} is {1} seconds; {2} accepts {3} and rejects this call with ValidationError",
        RuleIdentifiers.Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "STS checks DurationSeconds per call: AssumeRole, AssumeRoleWithWebIdentity and AssumeRoleWithSAML accept 900–43200 seconds (and at most the role's MaxSessionDuration), GetSessionToken and GetFederationToken 900–129600, AssumeRoot at most 900.",
        helpLinkUri: RuleIdentifiers.GetHelpUri(RuleIdentifiers.DurationOutOfRange));

    internal static readonly SessionRange AssumeRoleRange = new("AssumeRole", StsLimits.MinimumDurationSeconds, StsLimits.MaximumRoleDurationSeconds);
    internal static readonly SessionRange WebIdentityRange = new("AssumeRoleWithWebIdentity", StsLimits.MinimumDurationSeconds, StsLimits.MaximumRoleDurationSeconds);
    internal static readonly SessionRange SamlRange = new("AssumeRoleWithSAML", StsLimits.MinimumDurationSeconds, StsLimits.MaximumRoleDurationSeconds);
    internal static readonly SessionRange SessionTokenRange = new("GetSessionToken", StsLimits.MinimumDurationSeconds, StsLimits.MaximumSessionTokenDurationSeconds);
    internal static readonly SessionRange FederationTokenRange = new("GetFederationToken", StsLimits.MinimumDurationSeconds, StsLimits.MaximumSessionTokenDurationSeconds);
    internal static readonly SessionRange AssumeRootRange = new("AssumeRoot", 0, StsLimits.MaximumAssumeRootDurationSeconds);

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            if (!CompilationReferences.HasAwsSdk(start.Compilation))
            {
                return;
            }

            start.RegisterOperationAction(Analyze, OperationKind.SimpleAssignment);
        });
    }

    // The types whose DurationSeconds / Duration STS checks, and the range of the call each is sent with.
    private static readonly (KnownType Type, SessionRange Range)[] s_ranges =
    [
        (KnownType.AssumeRoleRequest, AssumeRoleRange),
        (KnownType.AssumeRoleWithWebIdentityRequest, WebIdentityRange),
        (KnownType.AssumeRoleWithSAMLRequest, SamlRange),
        (KnownType.GetSessionTokenRequest, SessionTokenRange),
        (KnownType.GetFederationTokenRequest, FederationTokenRange),
        (KnownType.AssumeRootRequest, AssumeRootRange),
        (KnownType.AssumeRoleAWSCredentialsOptions, AssumeRoleRange),
        (KnownType.RefreshingRoleCredentialsOptions, AssumeRoleRange),
        (KnownType.RefreshingWebIdentityCredentialsOptions, WebIdentityRange),
    ];

    /// <summary>The durations STS accepts for a request or options type's duration property, or <see langword="null"/>.</summary>
    internal static SessionRange? GetRange(INamedTypeSymbol type)
    {
        foreach (var (known, range) in s_ranges)
        {
            if (known.Is(type))
            {
                return range;
            }
        }

        return null;
    }

    private static void Analyze(OperationAnalysisContext context)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is not IPropertyReferenceOperation { Property: { Name: "DurationSeconds" or "Duration" } property }
            || GetRange(property.ContainingType) is not { } range)
        {
            return;
        }

        var seconds = KnownType.TimeSpan.Is(property.Type)
            ? DurationFolding.Seconds(assignment.Value)
            : DurationFolding.Number(assignment.Value);
        if (seconds is not { } value || (value >= range.Minimum && value <= range.Maximum))
        {
            return;
        }

        var properties = ImmutableDictionary<string, string?>.Empty.Add(
            NearestValidSecondsProperty,
            (value < range.Minimum ? range.Minimum : range.Maximum).ToString(CultureInfo.InvariantCulture));
        context.ReportDiagnostic(Diagnostic.Create(
            Rule,
            assignment.Value.Syntax.GetLocation(),
            properties,
            property.ContainingType.Name + "." + property.Name,
            value.ToString("0.###", CultureInfo.InvariantCulture),
            range.Operation,
            range.Describe()));
    }

    /// <summary>The durations one STS operation accepts, in seconds.</summary>
    internal sealed class SessionRange(string operation, int minimum, int maximum)
    {
        public string Operation { get; } = operation;

        public int Minimum { get; } = minimum;

        public int Maximum { get; } = maximum;

        /// <summary>"900 to 43200 seconds (15 minutes to 12 hours)".</summary>
        public string Describe()
            => Minimum == 0
                ? $"at most {Maximum} seconds ({Human(Maximum)})"
                : $"{Minimum} to {Maximum} seconds ({Human(Minimum)} to {Human(Maximum)})";

        /// <summary>A whole number of hours or minutes as words: "12 hours", "15 minutes", "1 hour".</summary>
        internal static string Human(int seconds) => seconds switch
        {
            _ when seconds % 3600 == 0 => Plural(seconds / 3600, "hour"),
            _ when seconds % 60 == 0 => Plural(seconds / 60, "minute"),
            _ => Plural(seconds, "second"),
        };

        private static string Plural(int amount, string unit)
            => amount.ToString(CultureInfo.InvariantCulture) + " " + unit + (amount == 1 ? string.Empty : "s");
    }
}
