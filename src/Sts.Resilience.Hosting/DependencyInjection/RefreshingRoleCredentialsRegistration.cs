namespace Sts.Resilience.DependencyInjection;

/// <summary>
/// Marks one <c>AddRefreshingRoleCredentials</c> registration in the service collection: the options name (the key, or
/// <see cref="Microsoft.Extensions.Options.Options.DefaultName"/>) and where its options were read from. A second call
/// with the same key finds it and registers nothing twice.
/// </summary>
internal sealed class RefreshingRoleCredentialsRegistration
{
    public RefreshingRoleCredentialsRegistration(string? key)
    {
        Key = key;
    }

    /// <summary>Gets the service key, or <see langword="null"/> for the unkeyed registration.</summary>
    public string? Key { get; }

    /// <summary>Gets the options name: the key, or the empty default name.</summary>
    public string OptionsName => Key ?? Microsoft.Extensions.Options.Options.DefaultName;

    /// <summary>Gets the configuration paths bound into the options, in binding order, for error messages.</summary>
    public List<string> Sources { get; } = [];

    public string DisplayName => Key is null ? "RefreshingRoleCredentialsOptions" : $"RefreshingRoleCredentialsOptions '{Key}'";
}
