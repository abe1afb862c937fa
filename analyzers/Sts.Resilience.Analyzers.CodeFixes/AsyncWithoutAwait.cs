using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace Sts.Resilience.Analyzers.CodeFixes;

/// <summary>
/// An <c>async</c> method left without an <c>await</c> (its only one was the AssumeRole call the STSR003 fix removed)
/// warns CS1998, an error where warnings are. It becomes a plain method returning <c>Task.FromResult</c> /
/// <c>new ValueTask&lt;T&gt;(…)</c>.
/// </summary>
internal static class AsyncWithoutAwait
{
    /// <summary>The method made synchronous, or <see langword="null"/> when it still awaits or its shape is not the simple one.</summary>
    public static MethodDeclarationSyntax? Rewrite(MethodDeclarationSyntax method)
    {
        var asyncKeyword = method.Modifiers.FirstOrDefault(m => m.IsKind(SyntaxKind.AsyncKeyword));
        if (asyncKeyword == default || method.Body is not { } body
            || method.ReturnType is not GenericNameSyntax { Identifier.ValueText: "Task" or "ValueTask", TypeArgumentList.Arguments.Count: 1 } returnType
            || OwnNodes(body).Any(n => n is AwaitExpressionSyntax
                || n is ForEachStatementSyntax { AwaitKeyword.RawKind: not 0 }
                || n is UsingStatementSyntax { AwaitKeyword.RawKind: not 0 }
                || n is LocalDeclarationStatementSyntax { AwaitKeyword.RawKind: not 0 }))
        {
            return null;
        }

        var returns = OwnNodes(body).OfType<ReturnStatementSyntax>().ToList();
        if (returns.Any(r => r.Expression is null))
        {
            return null;
        }

        var resultType = returnType.TypeArgumentList.Arguments[0];
        var rewritten = body.ReplaceNodes(returns, (original, _) => original.WithExpression(Wrap(returnType.Identifier.ValueText, resultType, original.Expression!)));
        var synchronous = method.WithBody(rewritten);
        var modifiers = synchronous.Modifiers.Remove(synchronous.Modifiers.First(m => m.IsKind(SyntaxKind.AsyncKeyword)));
        if (method.Modifiers.IndexOf(asyncKeyword) == 0)
        {
            // `async` carried the method's indentation (and any comment before it): the next token keeps it.
            return modifiers.Count > 0
                ? synchronous.WithModifiers(modifiers.Replace(modifiers[0], modifiers[0].WithLeadingTrivia(asyncKeyword.LeadingTrivia)))
                : synchronous.WithModifiers(modifiers).WithReturnType(synchronous.ReturnType.WithLeadingTrivia(asyncKeyword.LeadingTrivia));
        }

        return synchronous.WithModifiers(modifiers);
    }

    private static ExpressionSyntax Wrap(string taskName, TypeSyntax resultType, ExpressionSyntax value)
    {
        var arguments = SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(value.WithoutTrivia())));
        ExpressionSyntax wrapped = taskName == "Task"
            ? SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(
                    SyntaxKind.SimpleMemberAccessExpression,
                    SyntaxFactory.ParseTypeName("global::System.Threading.Tasks.Task").WithAdditionalAnnotations(Simplifier.Annotation),
                    SyntaxFactory.GenericName(SyntaxFactory.Identifier("FromResult"), SyntaxFactory.TypeArgumentList(SyntaxFactory.SingletonSeparatedList(resultType.WithoutTrivia())))),
                arguments)
            : SyntaxFactory.ObjectCreationExpression(
                SyntaxFactory.QualifiedName(
                    SyntaxFactory.ParseName("global::System.Threading.Tasks"),
                    SyntaxFactory.GenericName(SyntaxFactory.Identifier("ValueTask"), SyntaxFactory.TypeArgumentList(SyntaxFactory.SingletonSeparatedList(resultType.WithoutTrivia()))))
                    .WithAdditionalAnnotations(Simplifier.Annotation),
                arguments,
                initializer: null);
        return wrapped.WithTriviaFrom(value).WithAdditionalAnnotations(Simplifier.Annotation, Formatter.Annotation);
    }

    /// <summary>The method's own nodes: not those of lambdas or local functions, which await or return for themselves.</summary>
    private static IEnumerable<SyntaxNode> OwnNodes(BlockSyntax body)
        => body.DescendantNodes(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax));
}
