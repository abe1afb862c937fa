using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace Sts.Resilience.Analyzers.CodeFixes;

/// <summary>
/// STSR005: replaces a duration STS would reject with the nearest one it accepts for that call (for AssumeRole 900 or
/// 43200 seconds, for GetSessionToken up to 129600, for AssumeRoot at most 900). The call fails as written, so the
/// nearest valid value is the smallest change that makes it work. The value is replaced where it is used: a constant,
/// field or local it came through may serve other, valid uses.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SessionDurationCodeFix))]
[Shared]
public sealed class SessionDurationCodeFix : CodeFixProvider
{
    internal const string EquivalenceKey = CodeFixesAssembly.EquivalenceKeyPrefix + "STSR005.UseNearestValidDuration";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.DurationOutOfRange);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(SessionDurationAnalyzer.NearestValidSecondsProperty, out var text)
                || !int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
                || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax value)
            {
                continue;
            }

            var isTimeSpan = model.GetTypeInfo(value, context.CancellationToken).ConvertedType?.ToDisplayString() == "System.TimeSpan";
            var title = $"Use {SessionDurationAnalyzer.SessionRange.Human(seconds)}, the nearest duration STS accepts here";
            context.RegisterCodeFix(
                CodeAction.Create(title, token => ReplaceAsync(context.Document, value, seconds, isTimeSpan, token), EquivalenceKey),
                diagnostic);
        }
    }

    private static async Task<Document> ReplaceAsync(Document document, ExpressionSyntax value, int seconds, bool isTimeSpan, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        ExpressionSyntax replacement = isTimeSpan
            ? TimeSpanFactory(seconds switch
            {
                _ when seconds % 3600 == 0 => ("FromHours", seconds / 3600),
                _ when seconds % 60 == 0 => ("FromMinutes", seconds / 60),
                _ => ("FromSeconds", seconds),
            })
            : SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(seconds));

        return document.WithSyntaxRoot(root.ReplaceNode(value, replacement.WithTriviaFrom(value).WithAdditionalAnnotations(Simplifier.Annotation, Formatter.Annotation)));
    }

    private static InvocationExpressionSyntax TimeSpanFactory((string Method, int Amount) call)
        => SyntaxFactory.InvocationExpression(
            SyntaxFactory.MemberAccessExpression(
                SyntaxKind.SimpleMemberAccessExpression,
                SyntaxFactory.ParseTypeName("global::System.TimeSpan").WithAdditionalAnnotations(Simplifier.Annotation),
                SyntaxFactory.IdentifierName(call.Method)),
            SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(
                SyntaxFactory.Argument(SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(call.Amount))))));
}
