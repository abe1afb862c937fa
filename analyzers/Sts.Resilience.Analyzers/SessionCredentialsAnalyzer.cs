using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Sts.Resilience.Analyzers;

/// <summary>STSR003: <c>new SessionAWSCredentials(…)</c> holds temporary credentials that never refresh.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SessionCredentialsAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: the constant <c>RoleArn</c> of an <c>AssumeRoleRequest</c> in the same method (the code fix needs it).</summary>
    internal const string RoleArnProperty = "RoleArn";

    /// <summary>Diagnostic property: the constant <c>RoleSessionName</c> of that request, when there is one.</summary>
    internal const string RoleSessionNameProperty = "RoleSessionName";

    /// <summary>Diagnostic property: the constant <c>ExternalId</c> of that request, when there is one.</summary>
    internal const string ExternalIdProperty = "ExternalId";

    // Test frameworks whose reference marks a test project (STSR003 is off there unless asked for).
    private static readonly ImmutableHashSet<string> s_testFrameworkAssemblies = ImmutableHashSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "xunit.core", "xunit.v3.core", "xunit.assert", "nunit.framework", "Microsoft.VisualStudio.TestPlatform.TestFramework", "MSTest.TestFramework", "TUnit.Core");

    internal static readonly DiagnosticDescriptor Rule = new(
        RuleIdentifiers.SessionCredentialsCannotRefresh,
        title: "SessionAWSCredentials cannot refresh",
        messageFormat: "SessionAWSCredentials holds temporary credentials that never refresh{0}: calls fail with ExpiredToken once the session ends; use RefreshingRoleCredentials",
        RuleIdentifiers.Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Temporary credentials copied into SessionAWSCredentials expire (usually after an hour) and are never renewed. Use RefreshingRoleCredentials, or a profile with role_arn and source_profile.",
        helpLinkUri: RuleIdentifiers.GetHelpUri(RuleIdentifiers.SessionCredentialsCannotRefresh));

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
            if (!CompilationReferences.HasAwsSdk(compilation))
            {
                return;
            }

            var isTestProject = IsTestProject(compilation, start.Options);

            start.RegisterOperationAction(
                operation =>
                {
                    var creation = (IObjectCreationOperation)operation.Operation;
                    if (!KnownType.SessionAWSCredentials.Is(creation.Type))
                    {
                        return;
                    }

                    if (isTestProject
                        && !AnalyzerOptionReader.IsTrue(operation.Options.AnalyzerConfigOptionsProvider.GetOptions(creation.Syntax.SyntaxTree), AnalyzerOptionReader.IncludeTestProjectsKey)
                        && !AnalyzerOptionReader.IsTrue(operation.Options.AnalyzerConfigOptionsProvider.GlobalOptions, AnalyzerOptionReader.IncludeTestProjectsKey))
                    {
                        return;
                    }

                    var properties = ImmutableDictionary<string, string?>.Empty;
                    if (FindAssumeRoleRequest(creation) is { } request)
                    {
                        properties = request;
                    }

                    operation.ReportDiagnostic(Diagnostic.Create(Rule, creation.Syntax.GetLocation(), properties, Explain(creation)));
                },
                OperationKind.ObjectCreation);
        });
    }

    private static bool IsTestProject(Compilation compilation, AnalyzerOptions options)
    {
        if (AnalyzerOptionReader.IsTrue(options.AnalyzerConfigOptionsProvider.GlobalOptions, "build_property.IsTestProject"))
        {
            return true;
        }

        // From the references' file names, without binding them (CompilationReferences).
        return CompilationReferences.Any(compilation, s_testFrameworkAssemblies.Contains);
    }

    /// <summary>Why this instance is worse than usual, as a clause for the message, or empty.</summary>
    private static string Explain(IObjectCreationOperation creation)
    {
        foreach (var argument in creation.Arguments)
        {
            if (argument.Value.WalkDownConversions() is IPropertyReferenceOperation property
                && KnownType.StsCredentials.IsBaseOf(property.Property.ContainingType))
            {
                return ", and these are copied from an AssumeRole response (they expire after its DurationSeconds, one hour by default)";
            }
        }

        for (IOperation? current = creation.WalkUpConversions(out var child); current is not null; child = current, current = current.Parent)
        {
            switch (current)
            {
                case IFieldInitializerOperation field when field.InitializedFields.Any(f => f.IsStatic):
                    return $", and static field '{field.InitializedFields[0].Name}' keeps them for the life of the process";
                case IPropertyInitializerOperation property when property.InitializedProperties.Any(p => p.IsStatic):
                    return $", and static property '{property.InitializedProperties[0].Name}' keeps them for the life of the process";
                case ISimpleAssignmentOperation { Target: IFieldReferenceOperation { Field.IsStatic: true } target } assignment when assignment.Value == child:
                    return $", and static field '{target.Field.Name}' keeps them for the life of the process";
                case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.IsStatic: true } target } assignment when assignment.Value == child:
                    return $", and static property '{target.Property.Name}' keeps them for the life of the process";
                case IInvocationOperation invocation when invocation.TargetMethod.Name.IndexOf("Singleton", StringComparison.Ordinal) >= 0:
                    return ", and they are registered as a singleton that lives as long as the process";
                case IInvocationOperation:
                case IObjectCreationOperation:
                    return string.Empty;
            }
        }

        return string.Empty;
    }

    /// <summary>An <c>AssumeRoleRequest</c> with a constant <c>RoleArn</c> in the same method: the role the code fix can refresh.</summary>
    private static ImmutableDictionary<string, string?>? FindAssumeRoleRequest(IOperation creation)
    {
        var root = creation.GetRoot();
        if (root is null)
        {
            return null;
        }

        foreach (var descendant in root.Descendants())
        {
            if (descendant is not IObjectCreationOperation { Initializer: { } initializer } request
                || !KnownType.AssumeRoleRequest.Is(request.Type))
            {
                continue;
            }

            var builder = ImmutableDictionary.CreateBuilder<string, string?>(StringComparer.Ordinal);
            foreach (var member in initializer.Initializers)
            {
                if (member is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation property } assignment
                    && property.Property.Name is RoleArnProperty or RoleSessionNameProperty or ExternalIdProperty
                    && assignment.Value.GetConstantThroughSymbols() is { HasValue: true, Value: string value })
                {
                    builder[property.Property.Name] = value;
                }
            }

            if (builder.ContainsKey(RoleArnProperty))
            {
                return builder.ToImmutable();
            }
        }

        return null;
    }
}
