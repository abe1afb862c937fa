using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Sts.Resilience.Analyzers;

/// <summary>STSR005: a constant session duration outside what STS accepts (900–43200 seconds).</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SessionDurationAnalyzer : DiagnosticAnalyzer
{
    internal const int MinimumSeconds = Sts.Resilience.StsLimits.MinimumDurationSeconds;
    internal const int MaximumSeconds = Sts.Resilience.StsLimits.MaximumRoleDurationSeconds;

    /// <summary>Diagnostic property: the nearest value STS accepts, in seconds (the code fix writes it).</summary>
    internal const string NearestValidSecondsProperty = "NearestValidSeconds";

    internal static readonly DiagnosticDescriptor Rule = new(
        RuleIdentifiers.DurationOutOfRange,
        title: "Session duration outside 900–43200 seconds",
        messageFormat: "{0} is {1} seconds; STS accepts 900 to 43200 (15 minutes to 12 hours) and rejects this AssumeRole call with ValidationError",
        RuleIdentifiers.Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "AssumeRole's DurationSeconds must be between 900 and 43200 seconds, and at most the role's MaxSessionDuration (one hour for role chaining).",
        helpLinkUri: RuleIdentifiers.GetHelpUri(RuleIdentifiers.DurationOutOfRange));

    // Seconds per unit, by the parameter names of TimeSpan's constructors and From* factories.
    private static readonly ImmutableDictionary<string, double> s_secondsPerUnit = new Dictionary<string, double>(StringComparer.Ordinal)
    {
        ["days"] = 86400,
        ["hours"] = 3600,
        ["minutes"] = 60,
        ["seconds"] = 1,
        ["milliseconds"] = 0.001,
        ["microseconds"] = 0.000001,
        ["ticks"] = 0.0000001,
    }.ToImmutableDictionary();

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(static start =>
        {
            var compilation = start.Compilation;
            if (AwsTypes.Get(compilation) is not { } aws)
            {
                return;
            }

            var owners = ImmutableArray.CreateBuilder<INamedTypeSymbol>();
            foreach (var type in new[] { aws.AssumeRoleRequest, aws.AssumeRoleWithWebIdentityRequest, aws.AssumeRoleWithSAMLRequest, aws.AssumeRoleAWSCredentialsOptions, aws.RefreshingRoleCredentialsOptions })
            {
                if (type is not null)
                {
                    owners.Add(type);
                }
            }

            var timeSpan = compilation.GetSpecialType(SpecialType.System_DateTime).ContainingNamespace.GetTypeMembers("TimeSpan").FirstOrDefault();
            if (owners.Count == 0 || timeSpan is null)
            {
                return;
            }

            var ownerTypes = owners.ToImmutable();
            start.RegisterOperationAction(
                operation =>
                {
                    var assignment = (ISimpleAssignmentOperation)operation.Operation;
                    if (assignment.Target is not IPropertyReferenceOperation { Property: { Name: "DurationSeconds" or "Duration" } property }
                        || !ownerTypes.Contains(property.ContainingType.OriginalDefinition, SymbolEqualityComparer.Default))
                    {
                        return;
                    }

                    var seconds = property.Name == "Duration"
                        ? GetTimeSpanSeconds(assignment.Value, timeSpan)
                        : GetSeconds(assignment.Value);
                    if (seconds is not { } value || value is >= MinimumSeconds and <= MaximumSeconds)
                    {
                        return;
                    }

                    var properties = ImmutableDictionary<string, string?>.Empty.Add(
                        NearestValidSecondsProperty,
                        (value < MinimumSeconds ? MinimumSeconds : MaximumSeconds).ToString(CultureInfo.InvariantCulture));
                    operation.ReportDiagnostic(Diagnostic.Create(
                        Rule,
                        assignment.Value.Syntax.GetLocation(),
                        properties,
                        property.ContainingType.Name + "." + property.Name,
                        value.ToString("0.###", CultureInfo.InvariantCulture)));
                },
                OperationKind.SimpleAssignment);
        });
    }

    private static double? GetSeconds(IOperation value)
        => value.GetConstantThroughSymbols() is { HasValue: true, Value: { } constant } && constant is int or long or short or double or float or decimal
            ? Convert.ToDouble(constant, CultureInfo.InvariantCulture)
            : null;

    /// <summary>A <c>TimeSpan</c> built from constants: <c>TimeSpan.FromHours(13)</c>, <c>new TimeSpan(0, 10, 0)</c>, through a local.</summary>
    private static double? GetTimeSpanSeconds(IOperation value, INamedTypeSymbol timeSpan)
    {
        value = value.WalkDownConversions();
        if (value is ILocalReferenceOperation local)
        {
            value = FindLocalInitializer(local) ?? value;
        }

        switch (value)
        {
            case IInvocationOperation invocation
                when invocation.TargetMethod.IsStatic
                     && SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.ContainingType, timeSpan)
                     && invocation.TargetMethod.Name.StartsWith("From", StringComparison.Ordinal):
                return Sum(invocation.Arguments, invocation.TargetMethod.Name.Substring(4).ToLowerInvariant());
            case IObjectCreationOperation creation when SymbolEqualityComparer.Default.Equals(creation.Type, timeSpan):
                return Sum(creation.Arguments, unitOfValue: null);
            default:
                return null;
        }
    }

    private static double? Sum(ImmutableArray<IArgumentOperation> arguments, string? unitOfValue)
    {
        double total = 0;
        foreach (var argument in arguments)
        {
            var unit = argument.Parameter?.Name == "value" ? unitOfValue : argument.Parameter?.Name;
            if (unit is null || !s_secondsPerUnit.TryGetValue(unit, out var factor) || GetSeconds(argument.Value) is not { } amount)
            {
                return null;
            }

            total += amount * factor;
        }

        return total;
    }

    private static IOperation? FindLocalInitializer(ILocalReferenceOperation reference)
    {
        IOperation? initializer = null;
        foreach (var descendant in reference.GetRoot()?.Descendants() ?? [])
        {
            switch (descendant)
            {
                case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, reference.Local):
                    initializer = declarator.GetVariableInitializer()?.Value.WalkDownConversions();
                    break;
                case IAssignmentOperation { Target: ILocalReferenceOperation target } when SymbolEqualityComparer.Default.Equals(target.Local, reference.Local):
                    return null;
            }
        }

        return initializer;
    }
}
