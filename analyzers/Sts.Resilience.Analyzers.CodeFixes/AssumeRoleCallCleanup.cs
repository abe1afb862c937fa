using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Sts.Resilience.Analyzers.CodeFixes;

/// <summary>
/// What the STSR003 fix leaves behind: the <c>AssumeRole</c> call, its request and the locals copied from its response,
/// once the <c>SessionAWSCredentials</c> they fed is gone; and the STS client that call used, which the refreshing
/// credentials can use instead of building their own.
/// </summary>
internal static class AssumeRoleCallCleanup
{
    /// <summary>Marks a statement that may go once nothing reads the local it declares.</summary>
    public static readonly SyntaxAnnotation Removable = new("Sts.Resilience.STSR003.Removable");

    /// <summary>
    /// Local declarations in <paramref name="body"/> that only exist for the AssumeRole call: the call itself, its
    /// request, and member accesses on those (<c>var c = response.Credentials;</c>).
    /// </summary>
    public static List<LocalDeclarationStatementSyntax> FindRemovable(SyntaxNode body, SemanticModel model, CancellationToken cancellationToken)
    {
        var found = new List<LocalDeclarationStatementSyntax>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var declarations = body.DescendantNodes().OfType<LocalDeclarationStatementSyntax>()
            .Where(d => d.Declaration.Variables.Count == 1 && d.Declaration.Variables[0].Initializer is not null && d.UsingKeyword == default)
            .ToList();

        bool added;
        do
        {
            added = false;
            foreach (var declaration in declarations)
            {
                if (found.Contains(declaration))
                {
                    continue;
                }

                var value = declaration.Declaration.Variables[0].Initializer!.Value;
                if (IsAssumeRoleCallOrRequest(value, model, cancellationToken) || IsProjectionOf(value, names))
                {
                    found.Add(declaration);
                    names.Add(declaration.Declaration.Variables[0].Identifier.ValueText);
                    added = true;
                }
            }
        }
        while (added);

        return found;
    }

    /// <summary>Removes each marked declaration whose local nothing else in <paramref name="body"/> reads, until none is left to remove.</summary>
    public static SyntaxNode RemoveUnused(SyntaxNode root, SyntaxNode body)
    {
        var annotation = new SyntaxAnnotation();
        root = root.ReplaceNode(body, body.WithAdditionalAnnotations(annotation));
        while (true)
        {
            var current = root.GetAnnotatedNodes(annotation).First();
            var unused = current.GetAnnotatedNodes(Removable).OfType<LocalDeclarationStatementSyntax>()
                .FirstOrDefault(d => !IsRead(current, d));
            if (unused is null)
            {
                return root;
            }

            root = root.RemoveNode(unused, SyntaxRemoveOptions.KeepNoTrivia)!;
        }
    }

    /// <summary>
    /// The STS client an <c>AssumeRole*</c> call in <paramref name="body"/> is made on, when it can be used from the
    /// replacement too: a parameter, a field or property, or a local that is not disposed at the end of its scope.
    /// </summary>
    public static ExpressionSyntax? FindClient(SyntaxNode body, SemanticModel model, INamedTypeSymbol stsClient, CancellationToken cancellationToken)
    {
        foreach (var invocation in body.DescendantNodes().OfType<InvocationExpressionSyntax>())
        {
            if (invocation.Expression is not MemberAccessExpressionSyntax { Expression: { } receiver }
                || !IsAssumeRoleCall(invocation, model, cancellationToken))
            {
                continue;
            }

            var symbol = model.GetSymbolInfo(receiver, cancellationToken).Symbol;
            var usable = symbol switch
            {
                IParameterSymbol => true,
                IFieldSymbol or IPropertySymbol => true,
                ILocalSymbol local => local.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken)
                    .FirstAncestorOrSelf<LocalDeclarationStatementSyntax>() is { UsingKeyword.RawKind: 0 },
                _ => false,
            };

            if (usable && model.GetTypeInfo(receiver, cancellationToken).Type is { } type && Implements(type, stsClient))
            {
                return receiver.WithoutTrivia();
            }
        }

        return null;
    }

    private static bool IsRead(SyntaxNode body, LocalDeclarationStatementSyntax declaration)
    {
        var name = declaration.Declaration.Variables[0].Identifier.ValueText;
        foreach (var identifier in body.DescendantNodes().OfType<IdentifierNameSyntax>())
        {
            if (identifier.Identifier.ValueText == name && !declaration.Span.Contains(identifier.Span))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsAssumeRoleCallOrRequest(ExpressionSyntax value, SemanticModel model, CancellationToken cancellationToken)
    {
        foreach (var node in value.DescendantNodesAndSelf())
        {
            switch (node)
            {
                case InvocationExpressionSyntax invocation when IsAssumeRoleCall(invocation, model, cancellationToken):
                    return true;
                case BaseObjectCreationExpressionSyntax creation
                    when model.GetTypeInfo(creation, cancellationToken).Type?.ToDisplayString() == AwsTypeNames.AssumeRoleRequest:
                    return true;
            }
        }

        return false;
    }

    private static bool IsAssumeRoleCall(InvocationExpressionSyntax invocation, SemanticModel model, CancellationToken cancellationToken)
        => invocation.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "AssumeRole" or "AssumeRoleAsync" }
           && model.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol { ContainingType: { } type }
           && (type.ToDisplayString() == AwsTypeNames.SecurityTokenService || type.AllInterfaces.Any(i => i.ToDisplayString() == AwsTypeNames.SecurityTokenService));

    /// <summary><c>response.Credentials</c>, <c>response.Credentials.AccessKeyId</c>: reading a removable local, nothing else.</summary>
    private static bool IsProjectionOf(ExpressionSyntax value, HashSet<string> names)
    {
        while (value is MemberAccessExpressionSyntax access)
        {
            value = access.Expression;
        }

        return value is IdentifierNameSyntax identifier && names.Contains(identifier.Identifier.ValueText);
    }

    private static bool Implements(ITypeSymbol type, INamedTypeSymbol stsClient)
        => SymbolEqualityComparer.Default.Equals(type, stsClient) || type.AllInterfaces.Contains(stsClient, SymbolEqualityComparer.Default);
}
