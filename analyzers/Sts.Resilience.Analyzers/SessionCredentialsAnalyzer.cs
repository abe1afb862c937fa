using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Sts.Resilience.Analyzers;

/// <summary>STSR003: <c>new SessionAWSCredentials(…)</c> holds temporary credentials that never refresh.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SessionCredentialsAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor Rule = new(
        RuleIdentifiers.SessionCredentialsCannotRefresh,
        title: "SessionAWSCredentials cannot refresh",
        messageFormat: "SessionAWSCredentials holds temporary credentials that never refresh: calls fail with ExpiredToken once the session ends; use RefreshingRoleCredentials",
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
            var sessionCredentials = start.Compilation.GetTypeByMetadataName(AwsTypeNames.SessionAWSCredentials);
            if (sessionCredentials is null)
            {
                return;
            }

            start.RegisterOperationAction(
                operation =>
                {
                    var creation = (IObjectCreationOperation)operation.Operation;
                    if (SymbolEqualityComparer.Default.Equals(creation.Type, sessionCredentials))
                    {
                        operation.ReportDiagnostic(Diagnostic.Create(Rule, creation.Syntax.GetLocation()));
                    }
                },
                OperationKind.ObjectCreation);
        });
    }
}
