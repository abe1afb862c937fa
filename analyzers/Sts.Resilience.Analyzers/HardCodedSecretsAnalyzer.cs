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

        // String literals are found by syntax kind, the cheapest filter there is (an operation action on Literal would
        // also run for every number, null and bool), and need nothing but their token. A concatenation or interpolated
        // string is judged from its operation, whose constant value the compiler has already worked out: asking the
        // semantic model for it from a syntax action made this rule the first to bind (and run nullable analysis on)
        // whole method bodies, work the compiler and the other analyzers do anyway but that was charged to this rule.
        // Attribute arguments have no operation action, so there the semantic model is still asked.
        context.RegisterSyntaxNodeAction(AnalyzeStringSyntax, SyntaxKind.StringLiteralExpression);
        context.RegisterSyntaxNodeAction(AnalyzeAttributeArgument, SyntaxKind.AttributeArgument);
        context.RegisterOperationAction(AnalyzeStringOperation, OperationKind.Binary, OperationKind.InterpolatedString);
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
        var literal = (LiteralExpressionSyntax)context.Node;
        if (literal.Token.Value is not string text || text.Length < 20)
        {
            return;
        }

        // A part of what may be a constant concatenation or interpolation is judged with the whole, by the whole's action.
        if (GetConstantShapedWhole(literal) is not null)
        {
            return;
        }

        if (Analyze(context.Options, literal, text, context.SemanticModel, operation: null, context.CancellationToken) is { } diagnostic)
        {
            context.ReportDiagnostic(diagnostic);
        }
    }

    private static void AnalyzeStringOperation(OperationAnalysisContext context)
    {
        var operation = context.Operation;
        if (operation.Syntax is not (BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AddExpression } or InterpolatedStringExpressionSyntax)
            || IsInAttribute(operation.Syntax))
        {
            return;
        }

        var node = (ExpressionSyntax)operation.Syntax;
        var constant = MayBeConstantString(node) ? operation.ConstantValue : default;
        if (constant is { HasValue: true, Value: string text })
        {
            // Part of a constant concatenation or interpolation: judged once, as the whole constant.
            if (text.Length >= 20
                && !IsInConstantWhole(operation, node)
                && Analyze(context.Options, node, text, semanticModel: null, operation, context.CancellationToken) is { } diagnostic)
            {
                context.ReportDiagnostic(diagnostic);
            }

            return;
        }

        // Not a constant: its string literals (left to this action by theirs) and the text parts of an interpolation, each on its own.
        List<Diagnostic>? found = null;
        AnalyzeParts(ref found, context.Options, node, semanticModel: null, context.CancellationToken);
        ReportAll(context.ReportDiagnostic, found);
    }

    /// <summary>Concatenations and interpolations in attribute arguments, which no operation action sees.</summary>
    private static void AnalyzeAttributeArgument(SyntaxNodeAnalysisContext context)
    {
        foreach (var node in ((AttributeArgumentSyntax)context.Node).Expression.DescendantNodesAndSelf())
        {
            if (node is not (BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AddExpression } or InterpolatedStringExpressionSyntax))
            {
                continue;
            }

            var whole = (ExpressionSyntax)node;
            if (MayBeConstantString(whole)
                && context.SemanticModel.GetConstantValue(whole, context.CancellationToken) is { HasValue: true, Value: string text })
            {
                var outer = GetConstantShapedWhole(whole);
                if (text.Length >= 20
                    && (outer is null || context.SemanticModel.GetConstantValue(outer, context.CancellationToken) is not { HasValue: true, Value: string })
                    && Analyze(context.Options, whole, text, context.SemanticModel, operation: null, context.CancellationToken) is { } diagnostic)
                {
                    context.ReportDiagnostic(diagnostic);
                }
            }
            else
            {
                List<Diagnostic>? found = null;
                AnalyzeParts(ref found, context.Options, whole, context.SemanticModel, context.CancellationToken);
                ReportAll(context.ReportDiagnostic, found);
            }
        }
    }

    /// <summary>The string literals directly inside a non-constant concatenation or interpolation, and an interpolation's text parts.</summary>
    private static void AnalyzeParts(ref List<Diagnostic>? found, AnalyzerOptions options, ExpressionSyntax node, SemanticModel? semanticModel, CancellationToken cancellationToken)
    {
        if (node is BinaryExpressionSyntax binary)
        {
            AnalyzeLiteralPart(ref found, options, binary.Left, node, semanticModel, cancellationToken);
            AnalyzeLiteralPart(ref found, options, binary.Right, node, semanticModel, cancellationToken);
            return;
        }

        foreach (var content in ((InterpolatedStringExpressionSyntax)node).Contents)
        {
            if (content is InterpolationSyntax hole)
            {
                AnalyzeLiteralPart(ref found, options, hole.Expression, node, semanticModel, cancellationToken);
            }
            else if (content is InterpolatedStringTextSyntax textPart
                && textPart.TextToken.ValueText.Length >= 20
                && Analyze(options, textPart, textPart.TextToken.ValueText, semanticModel, operation: null, cancellationToken) is { } diagnostic)
            {
                (found ??= []).Add(diagnostic);
            }
        }
    }

    /// <summary>A string literal operand or hole of <paramref name="whole"/> that its own action left to the whole's.</summary>
    private static void AnalyzeLiteralPart(ref List<Diagnostic>? found, AnalyzerOptions options, ExpressionSyntax part, ExpressionSyntax whole, SemanticModel? semanticModel, CancellationToken cancellationToken)
    {
        while (part is ParenthesizedExpressionSyntax parenthesized)
        {
            part = parenthesized.Expression;
        }

        if (part is LiteralExpressionSyntax { Token.Value: string { Length: >= 20 } text } literal
            && GetConstantShapedWhole(literal) == whole
            && Analyze(options, literal, text, semanticModel, operation: null, cancellationToken) is { } diagnostic)
        {
            (found ??= []).Add(diagnostic);
        }
    }

    /// <summary>
    /// The concatenation or interpolated string that <paramref name="node"/> is an operand or hole of (through
    /// parentheses), when that whole has a constant's shape; otherwise <see langword="null"/>.
    /// </summary>
    private static ExpressionSyntax? GetConstantShapedWhole(ExpressionSyntax node)
    {
        var parent = node.Parent;
        while (parent is ParenthesizedExpressionSyntax)
        {
            parent = parent.Parent;
        }

        return parent switch
        {
            BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AddExpression } add when MayBeConstantString(add) => add,
            InterpolationSyntax { Parent: InterpolatedStringExpressionSyntax interpolated } when MayBeConstantString(interpolated) => interpolated,
            _ => null,
        };
    }

    /// <summary>Whether <paramref name="operation"/> is a part of a constant-shaped concatenation or interpolation whose value is a constant string.</summary>
    private static bool IsInConstantWhole(IOperation operation, ExpressionSyntax node)
    {
        if (GetConstantShapedWhole(node) is not { } whole)
        {
            return false;
        }

        // The whole's own operation is the first ancestor with the whole as its syntax (conversions and holes sit between).
        for (var parent = operation.Parent; parent is not null && whole.Span.Contains(parent.Syntax.Span); parent = parent.Parent)
        {
            if (parent.Syntax == whole)
            {
                return parent.ConstantValue is { HasValue: true, Value: string };
            }
        }

        return false;
    }

    /// <summary>Reports what <see cref="AnalyzeParts"/> found; nothing to do (and no delegate made) in the usual case.</summary>
    private static void ReportAll(Action<Diagnostic> report, List<Diagnostic>? found)
    {
        foreach (var diagnostic in found ?? Enumerable.Empty<Diagnostic>())
        {
            report(diagnostic);
        }
    }

    private static bool IsInAttribute(SyntaxNode node)
    {
        for (var current = node.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case AttributeArgumentSyntax:
                    return true;
                case StatementSyntax or MemberDeclarationSyntax or ArrowExpressionClauseSyntax or EqualsValueClauseSyntax or AccessorDeclarationSyntax:
                    return false;
            }
        }

        return false;
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

    /// <summary>
    /// The diagnostic for a string of 20 characters or more, or <see langword="null"/>. A 40-character secret key needs the
    /// name of what it is given to: from <paramref name="operation"/> (the node's own), or else asked of <paramref name="semanticModel"/>.
    /// </summary>
    private static Diagnostic? Analyze(AnalyzerOptions options, SyntaxNode node, string text, SemanticModel? semanticModel, IOperation? operation, CancellationToken cancellationToken)
    {
        var tree = node.SyntaxTree;
        var token = SecretShapes.FindSessionToken(text, new AllowedPattern(options, tree, RuleIdentifiers.HardCodedSessionToken));
        if (token is not null)
        {
            return Diagnostic.Create(SessionTokenRule, node.GetLocation(), token.Substring(0, 16));
        }

        var allowedKey = new AllowedPattern(options, tree, RuleIdentifiers.HardCodedAccessKey);
        var keyId = SecretShapes.FindAccessKeyId(text, allowedKey);
        if (keyId is not null)
        {
            return Diagnostic.Create(AccessKeyRule, node.GetLocation(), "access key id", Describe(keyId));
        }

        if (text.Length == SecretShapes.SecretKeyLength
            && SecretShapes.IsSecretAccessKey(text, allowedKey)
            && (operation ?? semanticModel?.GetOperation(node, cancellationToken)) is { } found
            && GetTargetName(found) is { } name
            && SecretShapes.NameSaysSecret(name))
        {
            return Diagnostic.Create(AccessKeyRule, node.GetLocation(), "secret access key", "for '" + name + "'");
        }

        return null;
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
