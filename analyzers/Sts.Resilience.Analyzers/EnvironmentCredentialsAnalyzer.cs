using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Sts.Resilience.Analyzers;

/// <summary>STSR004: temporary credentials copied into <c>AWS_*</c> environment variables, which never refresh.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class EnvironmentCredentialsAnalyzer : DiagnosticAnalyzer
{
    private static readonly ImmutableHashSet<string> s_credentialVariables = ImmutableHashSet.Create(
        // Windows compares environment names without case, so aws_session_token is the same variable there.
        StringComparer.OrdinalIgnoreCase,
        "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY");

    internal static readonly DiagnosticDescriptor Rule = new(
        RuleIdentifiers.CredentialsInEnvironment,
        title: "Credentials copied into environment variables",
        messageFormat: "Setting {0} copies credentials into the environment, where they never refresh: every SDK client created later fails with ExpiredToken once they expire; pass a refreshing AWSCredentials instead",
        RuleIdentifiers.Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "The AWS SDK reads AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN once per client and never renews them. Temporary credentials put there stop working when they expire.",
        helpLinkUri: RuleIdentifiers.GetHelpUri(RuleIdentifiers.CredentialsInEnvironment));

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

            start.RegisterOperationAction(
                operation =>
                {
                    var invocation = (IInvocationOperation)operation.Operation;
                    if (invocation.TargetMethod is not { Name: "SetEnvironmentVariable", ContainingType: { Name: "Environment", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } })
                    {
                        return;
                    }

                    if (invocation.Arguments.GetArgument("variable")?.Value.GetConstantThroughSymbols() is not { HasValue: true, Value: string name }
                        || !s_credentialVariables.Contains(name))
                    {
                        return;
                    }

                    // Clearing a variable (null or "") is the cure, not the problem.
                    var value = invocation.Arguments.GetArgument("value")?.Value.WalkDownConversions();
                    if (value is null || value.ConstantValue is { HasValue: true, Value: null or "" })
                    {
                        return;
                    }

                    operation.ReportDiagnostic(Diagnostic.Create(Rule, invocation.Syntax.GetLocation(), name));
                },
                OperationKind.Invocation);
        });
    }
}
