using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Sts.Resilience.Analyzers;

internal static class OperationHelpers
{
    public static IOperation WalkDownConversions(this IOperation operation)
    {
        while (operation is IConversionOperation conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }

    public static IOperation? WalkUpConversions(this IOperation operation, out IOperation child)
    {
        child = operation;
        var parent = operation.Parent;
        while (parent is IConversionOperation or IParenthesizedOperation)
        {
            child = parent;
            parent = parent.Parent;
        }

        return parent;
    }

    /// <summary>
    /// The constant an expression stands for: a literal or <c>const</c>, a local whose only value is its
    /// constant initializer, or a <c>readonly</c> field initialised with a literal.
    /// </summary>
    public static Optional<object?> GetConstantThroughSymbols(this IOperation operation)
    {
        operation = operation.WalkDownConversions();
        if (operation.ConstantValue.HasValue)
        {
            return operation.ConstantValue;
        }

        return operation switch
        {
            ILocalReferenceOperation local => GetLocalInitializer(local),
            IFieldReferenceOperation { Field: { IsReadOnly: true } field } => GetReadOnlyFieldLiteral(field),
            _ => default,
        };
    }

    public static IOperation? GetRoot(this IOperation operation)
    {
        var current = operation;
        while (current.Parent is not null)
        {
            current = current.Parent;
        }

        return current;
    }

    /// <summary>A local whose declaration has a constant initializer and which is never assigned again in the method.</summary>
    private static Optional<object?> GetLocalInitializer(ILocalReferenceOperation reference)
        => reference.GetSingleDefinition() is { } value ? value.WalkDownConversions().ConstantValue : default;

    /// <summary>
    /// The initializer of a local that nothing assigns again (no assignment, no <c>ref</c>/<c>out</c>, no deconstruction
    /// into it) anywhere in its method, lambdas included; otherwise <see langword="null"/>.
    /// </summary>
    public static IOperation? GetSingleDefinition(this ILocalReferenceOperation reference)
    {
        var root = reference.GetRoot();
        if (root is null)
        {
            return null;
        }

        IOperation? value = null;
        foreach (var descendant in root.Descendants())
        {
            switch (descendant)
            {
                case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, reference.Local):
                    value = declarator.GetVariableInitializer()?.Value;
                    if (value is null)
                    {
                        return null;
                    }

                    break;
                case IAssignmentOperation { Target: ILocalReferenceOperation target } when SymbolEqualityComparer.Default.Equals(target.Local, reference.Local):
                case IIncrementOrDecrementOperation { Target: ILocalReferenceOperation incremented } when SymbolEqualityComparer.Default.Equals(incremented.Local, reference.Local):
                case IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out, Value: ILocalReferenceOperation byRef } when SymbolEqualityComparer.Default.Equals(byRef.Local, reference.Local):
                case IDeconstructionAssignmentOperation deconstruction when Assigns(deconstruction.Target, reference.Local):
                    return null;
            }
        }

        return value;
    }

    private static bool Assigns(IOperation target, ILocalSymbol local) => target switch
    {
        ITupleOperation tuple => tuple.Elements.Any(e => Assigns(e, local)),
        ILocalReferenceOperation reference => SymbolEqualityComparer.Default.Equals(reference.Local, local),
        _ => false,
    };

    private static Optional<object?> GetReadOnlyFieldLiteral(IFieldSymbol field)
    {
        foreach (var reference in field.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is VariableDeclaratorSyntax { Initializer.Value: LiteralExpressionSyntax literal })
            {
                return literal.Token.Value;
            }
        }

        return default;
    }

    /// <summary>The argument bound to a parameter, by name (named arguments may come in any order).</summary>
    public static IArgumentOperation? GetArgument(this System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments, string parameterName)
    {
        foreach (var argument in arguments)
        {
            if (argument.Parameter?.Name == parameterName)
            {
                return argument;
            }
        }

        return null;
    }
}
