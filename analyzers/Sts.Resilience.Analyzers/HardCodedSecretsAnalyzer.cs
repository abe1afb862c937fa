using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Sts.Resilience.Analyzers;

/// <summary>
/// STSR001 (session token) and STSR002 (access key id, secret access key) in string constants. These run in
/// every compilation, AWS SDK or not: a leaked key is a leak wherever it is written.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HardCodedSecretsAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor SessionTokenRule = new(
        RuleIdentifiers.HardCodedSessionToken,
        title: "Hard-coded AWS session token",
        messageFormat: "This string holds an AWS session token ({0}…): it leaks with the source and expires within hours; read credentials from a refreshing provider instead",
        RuleIdentifiers.Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A session token in source code is both a leaked secret and a credential that will expire. Obtain temporary credentials at run time (RefreshingRoleCredentials, a profile, the default chain).",
        helpLinkUri: RuleIdentifiers.GetHelpUri(RuleIdentifiers.HardCodedSessionToken));

    internal static readonly DiagnosticDescriptor AccessKeyRule = new(
        RuleIdentifiers.HardCodedAccessKey,
        title: "Hard-coded AWS access key",
        messageFormat: "This string holds an AWS {0} ({1}): keys in source code leak with it; read credentials from a profile, the environment of the host or a refreshing provider",
        RuleIdentifiers.Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Access key ids (AKIA…, ASIA…) and secret access keys written in code end up in every copy of the repository and of the build output.",
        helpLinkUri: RuleIdentifiers.GetHelpUri(RuleIdentifiers.HardCodedAccessKey));

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(SessionTokenRule, AccessKeyRule);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterOperationAction(AnalyzeConstant, OperationKind.Literal, OperationKind.Binary, OperationKind.InterpolatedString);
        context.RegisterOperationAction(AnalyzeArgument, OperationKind.Argument);
    }

    private static void AnalyzeConstant(OperationAnalysisContext context)
    {
        var operation = context.Operation;
        if (operation.ConstantValue is not { HasValue: true, Value: string text } || !IsOutermostConstant(operation))
        {
            return;
        }

        // Cheap rejection first: most strings are short.
        if (text.Length < 20)
        {
            return;
        }

        var tree = operation.Syntax.SyntaxTree;
        var location = operation.Syntax.GetLocation();

        var token = SecretShapes.FindSessionToken(text, AnalyzerOptionReader.GetAllowedPattern(context.Options, tree, RuleIdentifiers.HardCodedSessionToken));
        if (token is not null)
        {
            context.ReportDiagnostic(Diagnostic.Create(SessionTokenRule, location, token.Substring(0, 16)));
            return;
        }

        var allowedKey = AnalyzerOptionReader.GetAllowedPattern(context.Options, tree, RuleIdentifiers.HardCodedAccessKey);
        var keyId = SecretShapes.FindAccessKeyId(text, allowedKey);
        if (keyId is not null)
        {
            context.ReportDiagnostic(Diagnostic.Create(AccessKeyRule, location, "access key id", Describe(keyId)));
            return;
        }

        if (text.Length == SecretShapes.SecretKeyLength
            && GetTargetName(operation) is { } name
            && SecretShapes.NameSaysSecret(name)
            && SecretShapes.IsSecretAccessKey(text, allowedKey))
        {
            context.ReportDiagnostic(Diagnostic.Create(AccessKeyRule, location, "secret access key", "for '" + name + "'"));
        }
    }

    /// <summary>A secret key that reaches a credential parameter through a local or field named innocently.</summary>
    private static void AnalyzeArgument(OperationAnalysisContext context)
    {
        var argument = (IArgumentOperation)context.Operation;
        if (argument.Parameter is not { } parameter || !SecretShapes.NameSaysSecret(parameter.Name))
        {
            return;
        }

        var value = argument.Value.WalkDownConversions();
        var referenced = value switch
        {
            ILocalReferenceOperation local => (ISymbol)local.Local,
            IFieldReferenceOperation field => field.Field,
            _ => null,
        };

        // Literals are reported where they are written; a reference whose own name says secret was reported at its declaration.
        if (referenced is null || SecretShapes.NameSaysSecret(referenced.Name))
        {
            return;
        }

        if (value.GetConstantThroughSymbols() is { HasValue: true, Value: string text }
            && SecretShapes.IsSecretAccessKey(text, AnalyzerOptionReader.GetAllowedPattern(context.Options, argument.Syntax.SyntaxTree, RuleIdentifiers.HardCodedAccessKey)))
        {
            context.ReportDiagnostic(Diagnostic.Create(AccessKeyRule, argument.Syntax.GetLocation(), "secret access key", "for '" + parameter.Name + "'"));
        }
    }

    private static string Describe(string keyId) => keyId.Substring(0, 4) + "…" + keyId.Substring(keyId.Length - 4);

    /// <summary>Only the whole constant is judged, so a token split across a concatenation is found once.</summary>
    private static bool IsOutermostConstant(IOperation operation)
    {
        var parent = operation.Parent;
        while (parent is IInterpolationOperation or IInterpolatedStringTextOperation or IParenthesizedOperation or IConversionOperation)
        {
            if (parent is IConversionOperation or IParenthesizedOperation && parent.ConstantValue.HasValue)
            {
                return false;
            }

            parent = parent.Parent;
        }

        return parent is null || !parent.ConstantValue.HasValue || parent.ConstantValue.Value is not string;
    }

    /// <summary>The name of what a constant is given to: a parameter, field, property or local.</summary>
    private static string? GetTargetName(IOperation operation)
    {
        var parent = operation.WalkUpConversions(out var child);
        return parent switch
        {
            IArgumentOperation argument => argument.Parameter?.Name,
            IFieldInitializerOperation field when !field.InitializedFields.IsEmpty => field.InitializedFields[0].Name,
            IPropertyInitializerOperation property when !property.InitializedProperties.IsEmpty => property.InitializedProperties[0].Name,
            IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => declarator.Symbol.Name,
            ISimpleAssignmentOperation assignment when assignment.Value == child => assignment.Target switch
            {
                IFieldReferenceOperation f => f.Field.Name,
                IPropertyReferenceOperation p => p.Property.Name,
                ILocalReferenceOperation l => l.Local.Name,
                IParameterReferenceOperation p => p.Parameter.Name,
                _ => null,
            },
            _ => null,
        };
    }
}
