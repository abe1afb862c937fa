using System.Net;
using Sts.Resilience.Doctor.Engine;

namespace Sts.Resilience.Doctor.Checks;

/// <summary>
/// Container credentials (ECS task roles, EKS Pod Identity): the URI the variables give is one the SDKs accept (https,
/// or http to a loopback address, <c>169.254.170.2</c>, <c>169.254.170.23</c> or <c>fd00:ec2::23</c>), the
/// authorization token (or its file) is readable, and the endpoint answers with credentials. Neither the token nor the
/// credentials are printed; the access key id only as its last four characters.
/// </summary>
internal sealed class ContainerCheck : IDoctorCheck
{
    /// <summary>The check's name; it prefixes every finding id, so it never changes.</summary>
    internal const string CheckName = "container";

    /// <summary>The ECS agent's address, which a relative URI is appended to.</summary>
    internal const string EcsHost = "http://169.254.170.2";

    public string Name => CheckName;

    public bool UsesNetwork => false;

    public async Task<IReadOnlyList<Finding>> RunAsync(DoctorContext context, CancellationToken cancellationToken)
    {
        var host = context.Host;
        var relative = host.GetVariable(ContainerVariables.RelativeUri);
        var full = host.GetVariable(ContainerVariables.FullUri);
        if (relative is null && full is null)
        {
            return [Finding(Severity.Ok, "container.not-configured", $"Not configured ({ContainerVariables.RelativeUri} and {ContainerVariables.FullUri} are not set).")];
        }

        Uri? uri;
        string variable;
        if (relative is not null)
        {
            variable = ContainerVariables.RelativeUri;
            if (!Uri.TryCreate(EcsHost + (relative.StartsWith('/') ? relative : "/" + relative), UriKind.Absolute, out uri))
            {
                return [Finding(Severity.Problem, "container.bad-uri", $"{variable} is not a path: '{relative}'.", "ECS sets it to /v2/credentials/ID; do not set it by hand.")];
            }
        }
        else
        {
            variable = ContainerVariables.FullUri;
            if (!Uri.TryCreate(full, UriKind.Absolute, out uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                return [Finding(Severity.Problem, "container.bad-uri", $"{variable} is not an http(s) URL: '{full}'.", "EKS Pod Identity sets it to http://169.254.170.23/v1/credentials.")];
            }

            if (!await IsAllowedAsync(uri, cancellationToken).ConfigureAwait(false))
            {
                return [Finding(Severity.Problem, "container.uri-not-allowed",
                    $"{variable} is {uri.GetLeftPart(UriPartial.Path)}: the SDKs refuse plain http except to a loopback address, 169.254.170.2, 169.254.170.23 or fd00:ec2::23, so this source is skipped.",
                    "Use https, or one of those addresses.")];
            }
        }

        var (authorization, tokenFinding) = await ReadAuthorizationAsync(context, cancellationToken).ConfigureAwait(false);
        if (tokenFinding is not null)
        {
            return [tokenFinding];
        }

        var headers = authorization is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["Authorization"] = authorization };
        var answer = await context.Endpoints.SendAsync(HttpMethod.Get, uri, headers, cancellationToken).ConfigureAwait(false);
        var shown = uri.GetLeftPart(UriPartial.Authority);
        if (!answer.Answered)
        {
            return [Finding(Severity.Problem, "container.unreachable",
                $"The container credentials endpoint {shown} (from {variable}) did not answer: {answer.Failure}.",
                "Check that the ECS agent or the EKS Pod Identity agent runs on this node and that the task or pod has a role.")];
        }

        if (answer.Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            return [Finding(Severity.Problem, "container.token-refused",
                $"The container credentials endpoint {shown} refused the authorization token ({(int)answer.Status}).",
                authorization is null
                    ? $"Set {ContainerVariables.TokenFile} (EKS Pod Identity) or {ContainerVariables.Token}."
                    : $"The token is stale or for another pod: {ContainerVariables.TokenFile} is re-read at every refresh; a copied {ContainerVariables.Token} is not.")];
        }

        var vended = answer.Ok ? VendedCredentials.Parse(answer.Body) : null;
        if (vended is not { AccessKeyId: not null, HasSecrets: true })
        {
            return [Finding(Severity.Problem, "container.bad-answer",
                $"The container credentials endpoint {shown} answered {(int)answer.Status!} without credentials.",
                "Check that the task or pod has a role (ECS task role, EKS Pod Identity association).")];
        }

        var now = context.Host.Time.GetUtcNow();
        context.PlatformCredentials = vended.Credentials;
        var expiry = vended.Expiration is { } at ? Text.Relative(at, now) : "no expiry given";
        return [vended.Expiration <= now
            ? Finding(Severity.Problem, "container.expired", $"The container credentials endpoint {shown} answers with credentials {Text.KeyId(vended.AccessKeyId)} that {expiry}.",
                "The agent serves stale credentials: restart the task or pod; check the node's clock (see clock).")
            : Finding(Severity.Ok, "container.ok", $"The container credentials endpoint {shown} (from {variable}) answers with credentials {Text.KeyId(vended.AccessKeyId)}, {expiry}.")];
    }

    /// <summary>
    /// The SDKs' rule for a full URI, decided by the library's own check (<see cref="RefreshingContainerCredentialsOptions.Validate"/>)
    /// so the doctor and <see cref="RefreshingContainerCredentials"/> never disagree: https anywhere; http only to the
    /// allowed addresses, and for a host name only when every address it resolves to is allowed.
    /// </summary>
    internal static async Task<bool> IsAllowedAsync(Uri uri, CancellationToken cancellationToken)
    {
        if (!LibraryAccepts(uri.OriginalString))
        {
            return false;
        }

        if (uri.Scheme == Uri.UriSchemeHttps || uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6)
        {
            return true;
        }

        IPAddress[] addresses;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(CredentialEndpointClient.MaximumTimeout);
            addresses = await Dns.GetHostAddressesAsync(uri.DnsSafeHost, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is System.Net.Sockets.SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }

        return addresses.Length > 0 && addresses.All(a => LibraryAccepts(
            a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"http://[{a}]/" : $"http://{a}/"));
    }

    private static bool LibraryAccepts(string fullUri)
    {
        try
        {
            new RefreshingContainerCredentialsOptions { FullUri = fullUri }.Validate();
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static async Task<(string? Value, Finding? Finding)> ReadAuthorizationAsync(DoctorContext context, CancellationToken cancellationToken)
    {
        var file = context.Host.GetVariable(ContainerVariables.TokenFile);
        if (file is not null)
        {
            try
            {
                var token = (await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false)).Trim();
                return token.Length > 0
                    ? (token, null)
                    : (null, Finding(Severity.Problem, "container.token-file-empty", $"The file in {ContainerVariables.TokenFile} is empty.", "EKS Pod Identity writes it; check the projected volume.") with { File = file });
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                var reason = ex is FileNotFoundException or DirectoryNotFoundException ? "does not exist" : $"cannot be read ({ex.GetType().Name})";
                return (null, Finding(Severity.Problem, "container.token-file-unreadable", $"The file in {ContainerVariables.TokenFile} {reason}: every refresh fails.",
                    "Check the projected volume (EKS Pod Identity: eks-pod-identity-token) is mounted and readable by this user.") with { File = file });
            }
        }

        if (context.Host.GetVariable(ContainerVariables.Token) is { } value)
        {
            return (value, null);
        }

        return (null, null);
    }

    private static Finding Finding(Severity severity, string id, string message, string? fix = null) => new(id, CheckName, severity, message, fix);
}
