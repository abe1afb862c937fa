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

        // A literal on its own is judged from syntax alone: no binding. A literal that is part of a concatenation or an
        // interpolation is judged with the whole, from the operation tree: whether `A + B` or `$"{A}…"` is a constant
        // needs binding, and the operation tree is bound by the analyzer driver, once, for every analyzer (asking the
        // semantic model from a syntax action bound and null-checked the member first, charged to this rule).
        context.RegisterSyntaxNodeAction(AnalyzeLiteral, SyntaxKind.StringLiteralExpression);
        context.RegisterOperationAction(AnalyzeConcatenation, OperationKind.Binary, OperationKind.InterpolatedString);
        context.RegisterSyntaxTreeAction(AnalyzeComments);

        context.RegisterCompilationStartAction(static start =>
        {
            if (!CompilationReferences.HasAwsSdk(start.Compilation))
            {
                return;
            }

            start.RegisterOperationAction(
                operation =>
                {
                    var creation = (IObjectCreationOperation)operation.Operation;
                    if (KnownType.AWSCredentials.IsBaseOf(creation.Type) || KnownType.ImmutableCredentials.IsBaseOf(creation.Type))
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

    private static void AnalyzeLiteral(SyntaxNodeAnalysisContext context)
    {
        var literal = (LiteralExpressionSyntax)context.Node;
        if (literal.Token.Value is not string { Length: >= 20 } text)
        {
            return;
        }

        var parent = literal.Parent;
        while (parent is ParenthesizedExpressionSyntax)
        {
            parent = parent.Parent;
        }

        // Part of a concatenation or a hole: AnalyzeConcatenation's.
        if (parent is BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AddExpression } or InterpolationSyntax)
        {
            return;
        }

        Analyze(new Finder(context), literal, text, operation: null);
    }

    /// <summary>
    /// The outermost string concatenation or interpolated string: judged as one constant when it is one, otherwise
    /// part by part (each constant operand or hole, and each text part of an interpolation).
    /// </summary>
    private static void AnalyzeConcatenation(OperationAnalysisContext context)
    {
        var operation = context.Operation;
        if (!IsStringPart(operation) || IsStringPart(operation.WalkUpConversions(out _)))
        {
            return;
        }

        AnalyzePart(new Finder(context), operation);
    }

    private static void AnalyzePart(in Finder finder, IOperation operation)
    {
        operation = operation.WalkDownConversions();
        while (operation is IParenthesizedOperation parenthesized)
        {
            operation = parenthesized.Operand.WalkDownConversions();
        }

        if (operation.ConstantValue is { HasValue: true, Value: string constant })
        {
            if (constant.Length >= 20)
            {
                Analyze(finder, operation.Syntax, constant, operation);
            }

            return;
        }

        switch (operation)
        {
            case IBinaryOperation binary when IsStringPart(binary):
                AnalyzePart(finder, binary.LeftOperand);
                AnalyzePart(finder, binary.RightOperand);
                break;
            case IInterpolatedStringOperation interpolated:
                foreach (var part in interpolated.Parts)
                {
                    switch (part)
                    {
                        case IInterpolatedStringTextOperation { Text.ConstantValue: { HasValue: true, Value: string { Length: >= 20 } text } } textPart:
                            Analyze(finder, textPart.Syntax, text, textPart);
                            break;
                        case IInterpolationOperation hole:
                            AnalyzePart(finder, hole.Expression);
                            break;
                    }
                }

                break;
        }
    }

    /// <summary>An interpolated string, or a <c>+</c> with a string on either side (a user-defined operator included).</summary>
    private static bool IsStringPart(IOperation? operation) => operation switch
    {
        IInterpolatedStringOperation => true,
        IBinaryOperation { OperatorKind: BinaryOperatorKind.Add } binary => binary.Type?.SpecialType == SpecialType.System_String
            || binary.LeftOperand.Type?.SpecialType == SpecialType.System_String
            || binary.RightOperand.Type?.SpecialType == SpecialType.System_String,
        _ => false,
    };

    private static void Analyze(in Finder finder, SyntaxNode node, string text, IOperation? operation)
    {
        var tree = node.SyntaxTree;
        var token = SecretShapes.FindSessionToken(text, new AllowedPattern(finder.Options, tree, RuleIdentifiers.HardCodedSessionToken));
        if (token is not null)
        {
            finder.Report(Diagnostic.Create(SessionTokenRule, node.GetLocation(), token.Substring(0, 16)));
            return;
        }

        var allowedKey = new AllowedPattern(finder.Options, tree, RuleIdentifiers.HardCodedAccessKey);
        var keyId = SecretShapes.FindAccessKeyId(text, allowedKey);
        if (keyId is not null)
        {
            finder.Report(Diagnostic.Create(AccessKeyRule, node.GetLocation(), "access key id", Describe(keyId)));
            return;
        }

        if (text.Length == SecretShapes.SecretKeyLength
            && SecretShapes.IsSecretAccessKey(text, allowedKey)
            && (operation ?? finder.GetOperation(node)) is { } bound
            && GetTargetName(bound) is { } name
            && SecretShapes.NameSaysSecret(name))
        {
            finder.Report(Diagnostic.Create(AccessKeyRule, node.GetLocation(), "secret access key", "for '" + name + "'"));
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

    /// <summary>Where a string constant was found: reports and options for a syntax action or an operation action alike.</summary>
    private readonly struct Finder
    {
        private readonly SyntaxNodeAnalysisContext _syntax;
        private readonly OperationAnalysisContext _operation;
        private readonly bool _isOperation;

        public Finder(SyntaxNodeAnalysisContext context) => _syntax = context;

        public Finder(OperationAnalysisContext context)
        {
            _operation = context;
            _isOperation = true;
        }

        public AnalyzerOptions Options => _isOperation ? _operation.Options : _syntax.Options;

        public void Report(Diagnostic diagnostic)
        {
            if (_isOperation)
            {
                _operation.ReportDiagnostic(diagnostic);
            }
            else
            {
                _syntax.ReportDiagnostic(diagnostic);
            }
        }

        /// <summary>The bound form of a literal found from syntax (only for the rare string with a secret key's shape).</summary>
        public IOperation? GetOperation(SyntaxNode node)
            => _isOperation ? null : _syntax.SemanticModel.GetOperation(node, _syntax.CancellationToken);
    }
}
