using System.Net;
using System.Net.Sockets;

namespace Sts.Resilience.Container;

/// <summary>
/// Where container credentials may be fetched from, as the AWS SDKs decide it: a relative URI goes to the ECS agent at
/// <c>http://169.254.170.2</c>; a full URI must be https, or http to a loopback address, the ECS agent
/// (<c>169.254.170.2</c>) or the EKS Pod Identity agent (<c>169.254.170.23</c>, <c>[fd00:ec2::23]</c>). A host name
/// over http qualifies only when every address it resolves to does.
/// </summary>
internal static class ContainerEndpointRules
{
    public const string RelativeUriVariable = "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI";
    public const string FullUriVariable = "AWS_CONTAINER_CREDENTIALS_FULL_URI";
    public const string AuthorizationTokenVariable = "AWS_CONTAINER_AUTHORIZATION_TOKEN";
    public const string AuthorizationTokenFileVariable = "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE";

    /// <summary>The ECS agent, which a relative URI is appended to.</summary>
    public const string EcsAgentBase = "http://169.254.170.2";

    private static readonly IPAddress EcsAgent = IPAddress.Parse("169.254.170.2");
    private static readonly IPAddress EksPodIdentityV4 = IPAddress.Parse("169.254.170.23");
    private static readonly IPAddress EksPodIdentityV6 = IPAddress.Parse("fd00:ec2::23");

    public const string AllowedHostsText = "a loopback address, 169.254.170.2 (ECS), 169.254.170.23 or [fd00:ec2::23] (EKS Pod Identity)";

    /// <summary>Whether credentials may be sent over plain http to <paramref name="address"/>.</summary>
    public static bool IsAllowedAddress(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return IPAddress.IsLoopback(address) || address.Equals(EcsAgent) || address.Equals(EksPodIdentityV4) || address.Equals(EksPodIdentityV6);
    }

    /// <summary>
    /// Checks a full URI without resolving names: <see langword="null"/> when it is allowed (or a host name that must be
    /// resolved first, see <see cref="NeedsResolution"/>), else the problem.
    /// </summary>
    public static string? CheckFullUri(string fullUri)
    {
        if (!Uri.TryCreate(fullUri, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || string.IsNullOrEmpty(uri.Host))
        {
            return $"FullUri '{fullUri}' is not an absolute http or https URL.";
        }

        if (uri.Scheme == Uri.UriSchemeHttps || NeedsResolution(uri))
        {
            return null;
        }

        return IsAllowedAddress(IPAddress.Parse(uri.IdnHost))
            ? null
            : $"FullUri '{fullUri}' uses plain http to {uri.Host}; http is allowed only to {AllowedHostsText}. Use https for any other host.";
    }

    /// <summary>Whether <paramref name="uri"/> is http to a host name (not an address), whose addresses must be checked before each request.</summary>
    public static bool NeedsResolution(Uri uri)
        => uri.Scheme == Uri.UriSchemeHttp && uri.HostNameType is not (UriHostNameType.IPv4 or UriHostNameType.IPv6);

    /// <summary>Resolves an http host name and fails unless every address it has is allowed.</summary>
    /// <exception cref="CredentialEndpoints.CredentialEndpointException">Thrown when an address is not allowed (non-recoverable) or the name does not resolve.</exception>
    public static async Task CheckResolvedAsync(Uri uri, CancellationToken cancellationToken)
    {
        IPAddress[] addresses;
        try
        {
#if NET
            addresses = await Dns.GetHostAddressesAsync(uri.DnsSafeHost, cancellationToken).ConfigureAwait(false);
#else
            addresses = await Dns.GetHostAddressesAsync(uri.DnsSafeHost).ConfigureAwait(false);
#endif
        }
        catch (SocketException ex)
        {
            throw new CredentialEndpoints.CredentialEndpointException($"The container credentials host {uri.Host} does not resolve: {ex.Message}", ex);
        }

        if (addresses.Length == 0 || !Array.TrueForAll(addresses, IsAllowedAddress))
        {
            throw new CredentialEndpoints.CredentialEndpointException(
                $"The container credentials host {uri.Host} resolves to {string.Join(", ", (IEnumerable<IPAddress>)addresses)}; plain http is allowed only when every address is {AllowedHostsText}. Use https for any other host.",
                nonRecoverable: true);
        }
    }
}
