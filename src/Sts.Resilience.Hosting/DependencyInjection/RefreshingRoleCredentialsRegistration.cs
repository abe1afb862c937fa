namespace Sts.Resilience.DependencyInjection;

/// <summary>
/// Marks one <c>AddRefreshingRoleCredentials</c> registration in the service collection: the options name (the key, or
/// <see cref="Microsoft.Extensions.Options.Options.DefaultName"/>) and where its options were read from. A second call
/// with the same key finds it and registers nothing twice.
/// </summary>
internal sealed class RefreshingRoleCredentialsRegistration
{
    public RefreshingRoleCredentialsRegistration(object? key)
    {
        Key = key;
    }

    /// <summary>Gets the service key, or <see langword="null"/> for the unkeyed registration.</summary>
    public object? Key { get; }

    /// <summary>Gets the options name: the key's text (a key of another type than string: its <c>ToString()</c>), or the empty default name.</summary>
    public string OptionsName => NameOf(Key);

    /// <summary>Gets the configuration paths bound into the options, in binding order, for error messages.</summary>
    public List<string> Sources { get; } = [];

    /// <summary>The options name of a registration key.</summary>
    public static string NameOf(object? key) => key switch
    {
        null => Microsoft.Extensions.Options.Options.DefaultName,
        string text => text,
        _ => Convert.ToString(key, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty,
    };

    public string DisplayName => Key is null ? "RefreshingRoleCredentialsOptions" : $"RefreshingRoleCredentialsOptions '{Key}'";
}
