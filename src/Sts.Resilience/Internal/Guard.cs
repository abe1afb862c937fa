using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Sts.Resilience.Internal;

/// <summary>Argument checks with the argument's expression as its name.</summary>
internal static class Guard
{
    public static T NotNull<T>([NotNullIfNotNull(nameof(value))] T? value, [CallerArgumentExpression(nameof(value))] string? paramName = null)
        where T : class
        => value ?? throw new ArgumentNullException(paramName);

    public static string NotNullOrEmpty([NotNull] string? value, [CallerArgumentExpression(nameof(value))] string? paramName = null)
    {
        if (value is null)
        {
            throw new ArgumentNullException(paramName);
        }

        if (value.Length == 0)
        {
            throw new ArgumentException("The value must not be empty.", paramName);
        }

        return value;
    }
}
