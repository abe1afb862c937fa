using Sts.Resilience.Doctor.Engine;

namespace Sts.Resilience.Doctor.Checks;

/// <summary>
/// EC2 instance metadata (IMDSv2): skipped when <c>AWS_EC2_METADATA_DISABLED</c> is true or when the default chain stops
/// at an earlier source (so a laptop never waits on 169.254.169.254); otherwise a session token is asked for
/// (<c>PUT /latest/api/token</c>), the instance profile's role is listed and its credentials read. Every request has
/// the short timeout of <see cref="CredentialEndpointClient"/>; nothing secret is printed.
/// </summary>
internal sealed class InstanceMetadataCheck : IDoctorCheck
{
    /// <summary>The check's name; it prefixes every finding id, so it never changes.</summary>
    internal const string CheckName = "imds";

    internal const string EndpointVariable = Sts.Resilience.RefreshingInstanceProfileCredentials.EndpointVariable;
    internal const string EndpointModeVariable = Sts.Resilience.RefreshingInstanceProfileCredentials.EndpointModeVariable;
    private const string CredentialsPath = "/latest/meta-data/iam/security-credentials/";

    public string Name => CheckName;

    public bool UsesNetwork => false;

    public async Task<IReadOnlyList<Finding>> RunAsync(DoctorContext context, CancellationToken cancellationToken)
    {
        var host = context.Host;
        if (DefaultChain.ImdsDisabled(host))
        {
            return [Finding(Severity.Ok, "imds.disabled", $"Not asked: {DefaultChain.ImdsDisabledVariable}=true turns instance metadata off for the SDKs.")];
        }

        var chain = context.Chain;
        if (chain.Source != DefaultChainSource.InstanceMetadata)
        {
            return [Finding(Severity.Ok, "imds.not-needed", $"Not asked: the default chain stops earlier, at {ChainCheck.Describe(chain.Source)}.")];
        }

        var endpoint = Endpoint(host);
        if (endpoint is null)
        {
            return [Finding(Severity.Problem, "imds.bad-endpoint", $"{EndpointVariable} is not an http(s) URL: '{host.GetVariable(EndpointVariable)}'.", "Unset it; the SDKs use http://169.254.169.254 by default.")];
        }

        var shown = endpoint.GetLeftPart(UriPartial.Authority);
        var tokenAnswer = await context.Endpoints.SendAsync(HttpMethod.Put, new Uri(endpoint, "/latest/api/token"),
            new Dictionary<string, string> { ["X-aws-ec2-metadata-token-ttl-seconds"] = "60" }, cancellationToken).ConfigureAwait(false);
        if (!tokenAnswer.Answered)
        {
            return [Finding(Severity.Problem, "imds.unreachable",
                $"Instance metadata at {shown} did not answer ({tokenAnswer.Failure}), and no other credential source is configured: the SDKs find no credentials.",
                "Off EC2 this is expected: configure a profile, web identity or container credentials. On EC2: check the instance's metadata options (HttpEndpoint enabled; HttpPutResponseHopLimit 2 or more inside a container).")];
        }

        if (!tokenAnswer.Ok || tokenAnswer.Body.Trim().Length == 0)
        {
            return [Finding(Severity.Problem, "imds.no-token",
                $"Instance metadata at {shown} refused an IMDSv2 session token ({(int)tokenAnswer.Status!}).",
                "Check the instance's metadata options: IMDSv2 (HttpTokens) must be allowed; inside a container the PUT needs HttpPutResponseHopLimit 2 or more.")];
        }

        var headers = new Dictionary<string, string> { ["X-aws-ec2-metadata-token"] = tokenAnswer.Body.Trim() };
        var roleAnswer = await context.Endpoints.SendAsync(HttpMethod.Get, new Uri(endpoint, CredentialsPath), headers, cancellationToken).ConfigureAwait(false);
        var role = roleAnswer.Ok ? roleAnswer.Body.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() : null;
        if (role is null)
        {
            return [Finding(Severity.Problem, "imds.no-role",
                $"Instance metadata at {shown} lists no role ({(roleAnswer.Answered ? ((int)roleAnswer.Status!).ToString(System.Globalization.CultureInfo.InvariantCulture) : roleAnswer.Failure)}): the instance has no instance profile.",
                "Attach an instance profile with a role to the instance (EC2 console: Actions > Security > Modify IAM role).")];
        }

        var credentialsAnswer = await context.Endpoints.SendAsync(HttpMethod.Get, new Uri(endpoint, CredentialsPath + Uri.EscapeDataString(role)), headers, cancellationToken).ConfigureAwait(false);
        var vended = credentialsAnswer.Ok ? VendedCredentials.Parse(credentialsAnswer.Body) : null;
        if (vended is not { AccessKeyId: not null, HasSecrets: true })
        {
            return [Finding(Severity.Problem, "imds.bad-answer",
                $"Instance metadata at {shown} lists role '{role}' but gives no credentials for it ({(credentialsAnswer.Answered ? ((int)credentialsAnswer.Status!).ToString(System.Globalization.CultureInfo.InvariantCulture) : credentialsAnswer.Failure)}).",
                "Check the instance profile's role still exists and trusts ec2.amazonaws.com.")];
        }

        var now = host.Time.GetUtcNow();
        context.PlatformCredentials = vended.Credentials;
        var expiry = vended.Expiration is { } at ? Text.Relative(at, now) : "no expiry given";
        return [vended.Expiration <= now
            ? Finding(Severity.Problem, "imds.expired",
                $"Instance metadata at {shown} gives role '{role}' credentials {Text.KeyId(vended.AccessKeyId)}, which {expiry}.",
                "EC2 publishes new credentials at least 5 min before expiry: check the clock (see clock); the SDKs extend expired instance credentials by 5-10 min while this lasts.")
            : Finding(Severity.Ok, "imds.ok", $"Instance metadata at {shown} gave an IMDSv2 token, role '{role}' and credentials {Text.KeyId(vended.AccessKeyId)}, {expiry}.")];
    }

    /// <summary>The endpoint the SDKs use: <c>AWS_EC2_METADATA_SERVICE_ENDPOINT</c>, else by mode (IPv6 <c>[fd00:ec2::254]</c>, IPv4 <c>169.254.169.254</c>).</summary>
    internal static Uri? Endpoint(DoctorHost host)
    {
        if (host.GetVariable(EndpointVariable) is { } configured)
        {
            return Uri.TryCreate(configured, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) ? uri : null;
        }

        return string.Equals(host.GetVariable(EndpointModeVariable), "IPv6", StringComparison.OrdinalIgnoreCase)
            ? new Uri("http://[fd00:ec2::254]")
            : new Uri("http://169.254.169.254");
    }

    private static Finding Finding(Severity severity, string id, string message, string? fix = null) => new(id, CheckName, severity, message, fix);
}
