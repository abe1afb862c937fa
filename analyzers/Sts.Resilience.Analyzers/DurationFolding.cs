using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Sts.Resilience.Analyzers;

/// <summary>
/// Folds a duration written in code to seconds: numbers and <c>TimeSpan</c>s built from constants, directly or
/// through locals assigned once, <c>const</c> and <c>readonly</c> fields, arithmetic on those, and
/// <c>TimeSpan.Total*</c>. Only reached for the few values given to a duration property, never on the common path.
/// </summary>
internal static class DurationFolding
{
    // Enough for `var h = 13; var s = h * 3600; var d = TimeSpan.FromSeconds(s);` and a field or two; a cycle stops here too.
    private const int MaximumDepth = 8;

    // Seconds per unit, by the parameter names of TimeSpan's constructors and From* factories.
    private static readonly ImmutableDictionary<string, double> s_secondsPerUnit = new Dictionary<string, double>(StringComparer.Ordinal)
    {
        ["days"] = 86400,
        ["hours"] = 3600,
        ["minutes"] = 60,
        ["seconds"] = 1,
        ["milliseconds"] = 0.001,
        ["microseconds"] = 0.000001,
        ["ticks"] = 0.0000001,
    }.ToImmutableDictionary();

    /// <summary>The value of a number, or <see langword="null"/> when it is not known at compile time.</summary>
    public static double? Number(IOperation value, int depth = 0)
    {
        value = value.WalkDownConversions();
        if (value.GetConstantThroughSymbols() is { HasValue: true, Value: { } constant })
        {
            return constant is int or long or short or byte or uint or ulong or ushort or sbyte or double or float or decimal
                ? Convert.ToDouble(constant, CultureInfo.InvariantCulture)
                : null;
        }

        if (depth >= MaximumDepth)
        {
            return null;
        }

        switch (value)
        {
            case IBinaryOperation { OperatorMethod: null } binary
                when Number(binary.LeftOperand, depth + 1) is { } left && Number(binary.RightOperand, depth + 1) is { } right:
                return binary.OperatorKind switch
                {
                    BinaryOperatorKind.Add => left + right,
                    BinaryOperatorKind.Subtract => left - right,
                    BinaryOperatorKind.Multiply => left * right,
                    BinaryOperatorKind.Divide when right != 0 => IsIntegral(binary.Type) ? Math.Truncate(left / right) : left / right,
                    _ => null,
                };
            case IUnaryOperation { OperatorKind: UnaryOperatorKind.Minus } minus:
                return -Number(minus.Operand, depth + 1);
            case IPropertyReferenceOperation { Instance: { } instance, Property.Name: var name }
                when KnownType.TimeSpan.Is(instance.Type) && name.StartsWith("Total", StringComparison.Ordinal)
                     && s_secondsPerUnit.TryGetValue(name.Substring(5).ToLowerInvariant(), out var factor):
                return Seconds(instance, depth + 1) / factor;
            default:
                return Definition(value) is { } definition ? Number(definition, depth + 1) : null;
        }
    }

    /// <summary>The seconds of a <c>TimeSpan</c>, or <see langword="null"/> when it is not known at compile time.</summary>
    public static double? Seconds(IOperation value, int depth = 0)
    {
        value = value.WalkDownConversions();
        if (depth >= MaximumDepth)
        {
            return null;
        }

        switch (value)
        {
            case IInvocationOperation invocation
                when invocation.TargetMethod.IsStatic
                     && KnownType.TimeSpan.Is(invocation.TargetMethod.ContainingType)
                     && invocation.TargetMethod.Name.StartsWith("From", StringComparison.Ordinal):
                return Sum(invocation.Arguments, invocation.TargetMethod.Name.Substring(4).ToLowerInvariant(), depth);
            case IObjectCreationOperation creation when KnownType.TimeSpan.Is(creation.Type):
                return Sum(creation.Arguments, unitOfValue: null, depth);
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add or BinaryOperatorKind.Subtract } binary
                when Seconds(binary.LeftOperand, depth + 1) is { } left && Seconds(binary.RightOperand, depth + 1) is { } right:
                return binary.OperatorKind == BinaryOperatorKind.Add ? left + right : left - right;
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Multiply } product:
                return Seconds(product.LeftOperand, depth + 1) * Number(product.RightOperand, depth + 1)
                       ?? Number(product.LeftOperand, depth + 1) * Seconds(product.RightOperand, depth + 1);
            default:
                return Definition(value) is { } definition ? Seconds(definition, depth + 1) : null;
        }
    }

    private static double? Sum(ImmutableArray<IArgumentOperation> arguments, string? unitOfValue, int depth)
    {
        double total = 0;
        foreach (var argument in arguments)
        {
            var unit = argument.Parameter?.Name == "value" ? unitOfValue : argument.Parameter?.Name;
            if (unit is null || !s_secondsPerUnit.TryGetValue(unit, out var factor) || Number(argument.Value, depth + 1) is not { } amount)
            {
                return null;
            }

            total += amount * factor;
        }

        return total;
    }

    private static bool IsIntegral(ITypeSymbol? type)
        => type?.SpecialType is SpecialType.System_Int32 or SpecialType.System_Int64 or SpecialType.System_Int16 or SpecialType.System_Byte
            or SpecialType.System_UInt32 or SpecialType.System_UInt64 or SpecialType.System_UInt16 or SpecialType.System_SByte;

    /// <summary>The one value a local or a <c>readonly</c> field ever has: its initializer, when nothing assigns it again.</summary>
    private static IOperation? Definition(IOperation reference) => reference switch
    {
        ILocalReferenceOperation local => local.GetSingleDefinition(),
        IFieldReferenceOperation { Field.IsReadOnly: true } field => GetReadOnlyFieldInitializer(field.Field, field.SemanticModel),
        _ => null,
    };

    /// <summary>
    /// A <c>readonly</c> field's initializer, bound with the semantic model of the code being analysed when the field is
    /// declared in the same file. Elsewhere only a literal is read (<see cref="OperationHelpers.GetConstantThroughSymbols"/>):
    /// binding another file would cost every analysis.
    /// </summary>
    private static IOperation? GetReadOnlyFieldInitializer(IFieldSymbol field, SemanticModel? model)
    {
        foreach (var reference in field.DeclaringSyntaxReferences)
        {
            if (model is not null
                && reference.SyntaxTree == model.SyntaxTree
                && reference.GetSyntax() is VariableDeclaratorSyntax { Initializer.Value: { } initializer })
            {
                return model.GetOperation(initializer);
            }
        }

        return null;
    }
}
