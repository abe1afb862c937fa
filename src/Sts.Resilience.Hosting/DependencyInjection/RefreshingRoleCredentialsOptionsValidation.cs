using Microsoft.Extensions.Options;
using Sts.Resilience.Credentials;

namespace Sts.Resilience.DependencyInjection;

/// <summary>
/// Validates the options of every <c>AddRefreshingRoleCredentials</c> registration (and only those), reporting binding
/// errors and every invalid option in one message; run at host start by <c>ValidateOnStart</c>.
/// </summary>
internal sealed class RefreshingRoleCredentialsOptionsValidation : IValidateOptions<RefreshingRoleCredentialsOptions>
{
    private readonly Dictionary<string, RefreshingRoleCredentialsRegistration> _registrations;

    public RefreshingRoleCredentialsOptionsValidation(IEnumerable<RefreshingRoleCredentialsRegistration> registrations)
    {
        _registrations = new Dictionary<string, RefreshingRoleCredentialsRegistration>(StringComparer.Ordinal);
        foreach (var registration in registrations)
        {
            _registrations[registration.OptionsName] = registration;
        }
    }

    public ValidateOptionsResult Validate(string? name, RefreshingRoleCredentialsOptions options)
    {
        if (!_registrations.TryGetValue(name ?? Options.DefaultName, out var registration))
        {
            return ValidateOptionsResult.Skip;
        }

        var errors = new List<string>(RefreshingRoleCredentialsConfiguration.GetBindingErrors(options));
        errors.AddRange(RefreshingRoleCredentialsOptionsValidator.GetErrors(options));
        if (errors.Count == 0)
        {
            return ValidateOptionsResult.Success;
        }

        List<string> sources;
        lock (registration.Sources)
        {
            sources = [.. registration.Sources];
        }

        return ValidateOptionsResult.Fail(
            $"{registration.DisplayName} are invalid (set from {string.Join(", then ", sources)}):" + Environment.NewLine + "- " + string.Join(Environment.NewLine + "- ", errors));
    }
}
