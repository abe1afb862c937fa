using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Sts.Resilience.Analyzers;

/// <summary>
/// STSR001 (session token) and STSR002 (access key id, secret access key) in string constants and comments. These
/// run in every compilation, AWS SDK or not: a leaked key is a leak wherever it is written.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed partial class HardCodedSecretsAnalyzer : DiagnosticAnalyzer
{
    internal static readonly DiagnosticDescriptor SessionTokenRule = new(
        RuleIdentifiers.HardCodedSessionToken,
        title: "Hard-coded AWS session token",
        messageFormat: "This text holds an AWS session token ({0}…): it leaks with the source and expires within hours; read credentials from a refreshing provider instead",
        RuleIdentifiers.Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A session token in source code is both a leaked secret and a credential that will expire. Obtain temporary credentials at run time (RefreshingRoleCredentials, a profile, the default chain).",
        helpLinkUri: RuleIdentifiers.GetHelpUri(RuleIdentifiers.HardCodedSessionToken));

    internal static readonly DiagnosticDescriptor AccessKeyRule = new(
        RuleIdentifiers.HardCodedAccessKey,
        title: "Hard-coded AWS access key",
        messageFormat: "This text holds an AWS {0} ({1}): keys in source code leak with it; read credentials from a profile, the environment of the host or a refreshing provider",
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

        // String constants are found by syntax kind, the cheapest filter there is (an operation action on
        // Literal would also run for every number, null and bool); their value and target come from the
        // semantic model and the operation tree, and only for the rare string that has a secret's shape.
        context.RegisterSyntaxNodeAction(
            AnalyzeStringSyntax,
            SyntaxKind.StringLiteralExpression,
            SyntaxKind.InterpolatedStringExpression,
            SyntaxKind.AddExpression);
        context.RegisterSyntaxTreeAction(AnalyzeComments);

        context.RegisterCompilationStartAction(static start =>
        {
            if (AwsTypes.Get(start.Compilation) is not { AWSCredentials: { } awsCredentials, ImmutableCredentials: { } immutableCredentials })
            {
                return;
            }

            start.RegisterOperationAction(
                operation =>
                {
                    var creation = (IObjectCreationOperation)operation.Operation;
                    if (creation.Type.DerivesFrom(awsCredentials) || creation.Type.DerivesFrom(immutableCredentials))
                    {
                        foreach (var argument in creation.Arguments)
                        {
                            AnalyzeCredentialArgument(operation, argument);
                        }
                    }
                },
                OperationKind.ObjectCreation);
        });
    }

    private static void AnalyzeStringSyntax(SyntaxNodeAnalysisContext context)
    {
        var node = context.Node;
        var parent = node.Parent;
        while (parent is ParenthesizedExpressionSyntax)
        {
            parent = parent.Parent;
        }

        // Part of a constant concatenation or interpolation: judged once, as the whole constant. The semantic model is
        // asked only when the whole has a constant's shape (most `+` are arithmetic or join a call's result).
        if (parent is BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AddExpression } or InterpolationSyntax
            && (parent is InterpolationSyntax ? parent.Parent : parent) is ExpressionSyntax whole
            && MayBeConstantString(whole)
            && context.SemanticModel.GetConstantValue(whole, context.CancellationToken) is { HasValue: true, Value: string })
        {
            return;
        }

        if (node is LiteralExpressionSyntax literal)
        {
            if (literal.Token.Value is string text && text.Length >= 20)
            {
                Analyze(context, node, text);
            }

            return;
        }

        if (MayBeConstantString((ExpressionSyntax)node)
            && context.SemanticModel.GetConstantValue(node, context.CancellationToken) is { HasValue: true, Value: string constant })
        {
            if (constant.Length >= 20)
            {
                Analyze(context, node, constant);
            }
        }
        else if (node is InterpolatedStringExpressionSyntax interpolated)
        {
            // Not a constant: each text part on its own (a token pasted into a URL template).
            foreach (var content in interpolated.Contents)
            {
                if (content is InterpolatedStringTextSyntax textPart && textPart.TextToken.ValueText.Length >= 20)
                {
                    Analyze(context, textPart, textPart.TextToken.ValueText);
                }
            }
        }
    }

    /// <summary>
    /// Whether a concatenation or interpolated string has the shape of a constant: each operand or hole (looked at one
    /// level deep, so a long chain costs no more per node) is a string, <c>null</c> or character literal, a name, a
    /// member access, a cast, a conditional, <c>nameof</c>, or a nested concatenation or interpolation, and no hole has
    /// an alignment or format. Numbers, calls and the rest never make a constant string, so they need no binding.
    /// </summary>
    private static bool MayBeConstantString(ExpressionSyntax expression)
    {
        switch (expression)
        {
            case BinaryExpressionSyntax binary:
                return MayBeConstantOperand(binary.Left) && MayBeConstantOperand(binary.Right);
            case InterpolatedStringExpressionSyntax interpolated:
                foreach (var content in interpolated.Contents)
                {
                    if (content is InterpolationSyntax hole
                        && (hole.AlignmentClause is not null || hole.FormatClause is not null || !MayBeConstantOperand(hole.Expression)))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return true;
        }
    }

    private static bool MayBeConstantOperand(ExpressionSyntax operand)
    {
        while (operand is ParenthesizedExpressionSyntax parenthesized)
        {
            operand = parenthesized.Expression;
        }

        return operand switch
        {
            LiteralExpressionSyntax literal => literal.Kind() is SyntaxKind.StringLiteralExpression or SyntaxKind.NullLiteralExpression
                or SyntaxKind.CharacterLiteralExpression or SyntaxKind.DefaultLiteralExpression,
            BinaryExpressionSyntax binary => binary.IsKind(SyntaxKind.AddExpression),
            InterpolatedStringExpressionSyntax or IdentifierNameSyntax or MemberAccessExpressionSyntax or QualifiedNameSyntax
                or AliasQualifiedNameSyntax or CastExpressionSyntax or ConditionalExpressionSyntax => true,
            InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "nameof" } } => true,
            _ => false,
        };
    }

    private static void Analyze(SyntaxNodeAnalysisContext context, SyntaxNode node, string text)
    {
        var tree = node.SyntaxTree;
        var token = SecretShapes.FindSessionToken(text, new AllowedPattern(context.Options, tree, RuleIdentifiers.HardCodedSessionToken));
        if (token is not null)
        {
            context.ReportDiagnostic(Diagnostic.Create(SessionTokenRule, node.GetLocation(), token.Substring(0, 16)));
            return;
        }

        var allowedKey = new AllowedPattern(context.Options, tree, RuleIdentifiers.HardCodedAccessKey);
        var keyId = SecretShapes.FindAccessKeyId(text, allowedKey);
        if (keyId is not null)
        {
            context.ReportDiagnostic(Diagnostic.Create(AccessKeyRule, node.GetLocation(), "access key id", Describe(keyId)));
            return;
        }

        if (text.Length == SecretShapes.SecretKeyLength
            && SecretShapes.IsSecretAccessKey(text, allowedKey)
            && context.SemanticModel.GetOperation(node, context.CancellationToken) is { } operation
            && GetTargetName(operation) is { } name
            && SecretShapes.NameSaysSecret(name))
        {
            context.ReportDiagnostic(Diagnostic.Create(AccessKeyRule, node.GetLocation(), "secret access key", "for '" + name + "'"));
        }
    }

    /// <summary>A secret key that reaches an AWS credential parameter through a local or field named innocently.</summary>
    private static void AnalyzeCredentialArgument(OperationAnalysisContext context, IArgumentOperation argument)
    {
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
            && SecretShapes.IsSecretAccessKey(text, new AllowedPattern(context.Options, argument.Syntax.SyntaxTree, RuleIdentifiers.HardCodedAccessKey)))
        {
            context.ReportDiagnostic(Diagnostic.Create(AccessKeyRule, argument.Syntax.GetLocation(), "secret access key", "for '" + parameter.Name + "'"));
        }
    }

    private static string Describe(string keyId) => keyId.Substring(0, 4) + "…" + keyId.Substring(keyId.Length - 4);

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
