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
/// STSR003: replaces <c>new SessionAWSCredentials(…)</c> with <c>RefreshingRoleCredentials</c> for the role the
/// same method assumes. Offered only when that role is a constant and the Sts.Resilience library is referenced.
/// The AssumeRole call, its request and the locals copied from its response go too once nothing else reads them,
/// and the STS client that call was made on is handed to the refreshing credentials instead of their building one.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RefreshingRoleCredentialsCodeFix))]
[Shared]
public sealed class RefreshingRoleCredentialsCodeFix : CodeFixProvider
{
    internal const string EquivalenceKey = CodeFixesAssembly.EquivalenceKeyPrefix + "STSR003.UseRefreshingRoleCredentials";

    /// <inheritdoc />
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIdentifiers.SessionCredentialsCannotRefresh);

    /// <inheritdoc />
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc />
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null
            || model.Compilation.GetTypeByMetadataName(AwsTypeNames.RefreshingRoleCredentials) is null
            || model.Compilation.GetTypeByMetadataName(AwsTypeNames.RefreshingRoleCredentialsOptions) is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(SessionCredentialsAnalyzer.RoleArnProperty, out var roleArn) || roleArn is null
                || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not BaseObjectCreationExpressionSyntax creation)
            {
                continue;
            }

            // `SessionAWSCredentials c = new(…)` would not compile with another type on the right.
            var converted = model.GetTypeInfo(creation, context.CancellationToken).ConvertedType;
            if (converted?.ToDisplayString() == AwsTypeNames.SessionAWSCredentials)
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    "Use RefreshingRoleCredentials for " + roleArn,
                    token => ReplaceAsync(context.Document, creation, diagnostic.Properties, token),
                    EquivalenceKey),
                diagnostic);
        }
    }

    private static async Task<Document> ReplaceAsync(Document document, BaseObjectCreationExpressionSyntax creation, ImmutableDictionary<string, string?> properties, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return document;
        }

        var assignments = new List<ExpressionSyntax>();
        foreach (var name in new[] { SessionCredentialsAnalyzer.RoleArnProperty, SessionCredentialsAnalyzer.RoleSessionNameProperty, SessionCredentialsAnalyzer.ExternalIdProperty })
        {
            if (properties.TryGetValue(name, out var value) && value is not null)
            {
                assignments.Add(SyntaxFactory.AssignmentExpression(
                    SyntaxKind.SimpleAssignmentExpression,
                    SyntaxFactory.IdentifierName(name),
                    SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(value))));
            }
        }

        var member = creation.FirstAncestorOrSelf<MemberDeclarationSyntax>();
        var stsClient = model.Compilation.GetTypeByMetadataName(AwsTypeNames.SecurityTokenService);
        var client = member is null || stsClient is null ? null : AssumeRoleCallCleanup.FindClient(member, model, stsClient, cancellationToken);
        var removable = member is null ? [] : AssumeRoleCallCleanup.FindRemovable(member, model, cancellationToken);

        var options = SyntaxFactory.ObjectCreationExpression(Qualified(AwsTypeNames.RefreshingRoleCredentialsOptions))
            .WithInitializer(SyntaxFactory.InitializerExpression(SyntaxKind.ObjectInitializerExpression, SyntaxFactory.SeparatedList(assignments)));
        var arguments = SyntaxFactory.SeparatedList(client is null
            ? [SyntaxFactory.Argument(options)]
            : new[] { SyntaxFactory.Argument(options), SyntaxFactory.Argument(client) });
        var replacement = SyntaxFactory.ObjectCreationExpression(Qualified(AwsTypeNames.RefreshingRoleCredentials))
            .WithArgumentList(SyntaxFactory.ArgumentList(arguments))
            .WithTriviaFrom(creation)
            .WithAdditionalAnnotations(Simplifier.Annotation, Formatter.Annotation);

        var memberAnnotation = new SyntaxAnnotation();
        var nodes = new List<SyntaxNode>(removable) { creation };
        if (member is not null)
        {
            nodes.Add(member);
        }

        root = root.ReplaceNodes(nodes, (original, rewritten) => original switch
        {
            _ when original == creation => replacement,
            MemberDeclarationSyntax when original == member => rewritten.WithAdditionalAnnotations(memberAnnotation),
            _ => rewritten.WithAdditionalAnnotations(AssumeRoleCallCleanup.Removable),
        });

        if (root.GetAnnotatedNodes(memberAnnotation).FirstOrDefault() is { } newMember)
        {
            root = AssumeRoleCallCleanup.RemoveUnused(root, newMember);
            if (root.GetAnnotatedNodes(memberAnnotation).FirstOrDefault() is MethodDeclarationSyntax method && AsyncWithoutAwait.Rewrite(method) is { } synchronous)
            {
                root = root.ReplaceNode(method, synchronous);
            }
        }

        return document.WithSyntaxRoot(root);
    }

    private static TypeSyntax Qualified(string metadataName)
        => SyntaxFactory.ParseTypeName("global::" + metadataName).WithAdditionalAnnotations(Simplifier.Annotation);
}
