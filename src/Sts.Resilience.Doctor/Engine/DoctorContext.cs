using Sts.Resilience.Doctor.Cli;

namespace Sts.Resilience.Doctor.Engine;

/// <summary>What the checks share: the host, the options, the resolved credentials, STS access and earlier results.</summary>
internal sealed class DoctorContext : IDisposable
{
    public DoctorContext(DoctorHost host, DoctorOptions options, CredentialResolution credentials, StsGateway sts)
    {
        Host = host;
        Options = options;
        Credentials = credentials;
        Sts = sts;
        Paths = AwsPaths.From(host);
        Shell = ShellCommands.Detect(host);
        Endpoints = new CredentialEndpointClient(options.Timeout);
        _chain = new Lazy<ChainPick>(() => DefaultChain.Resolve(host));
    }

    private readonly Lazy<ChainPick> _chain;

    public DoctorHost Host { get; }

    public DoctorOptions Options { get; }

    public AwsPaths Paths { get; }

    public ShellKind Shell { get; }

    public CredentialResolution Credentials { get; }

    public StsGateway Sts { get; }

    /// <summary>The client for the container credentials endpoint and instance metadata (short timeouts, no proxy).</summary>
    public CredentialEndpointClient Endpoints { get; }

    /// <summary>The source the SDK's default credential chain would pick (decided once, from variables and files).</summary>
    public ChainPick Chain => _chain.Value;

    /// <summary>The profile the user asked about: <c>--profile</c>, else <c>AWS_PROFILE</c>; <see langword="null"/> means all profiles.</summary>
    public string? SelectedProfile => Options.Profile ?? Host.GetVariable("AWS_PROFILE");

    /// <summary>Set by the clock check.</summary>
    public ClockResult? Clock { get; set; }

    /// <summary>Set by the container or instance metadata check: the credentials the endpoint answered with (never printed).</summary>
    public Amazon.Runtime.AWSCredentials? PlatformCredentials { get; set; }

    /// <summary>Set by the identity check.</summary>
    public IdentityResult? Identity { get; set; }

    /// <summary>A path as shown to the user (<c>~/.aws/config</c>).</summary>
    public string Display(string path) => Text.Path(path, Host.HomeDirectory);

    /// <summary>A message with every path under the home directory shortened to <c>~/…</c>.</summary>
    public string Tidy(string message)
    {
        var home = Host.HomeDirectory.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        return home.Length == 0 ? message : message.Replace(home + Path.DirectorySeparatorChar, "~" + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        Sts.Dispose();
        Endpoints.Dispose();
    }
}

/// <summary>What the clock check learned.</summary>
/// <param name="Skew">Local minus server time; <see langword="null"/> when STS gave no usable time.</param>
/// <param name="Unreachable">The network failure, when STS could not be reached at all.</param>
internal sealed record ClockResult(TimeSpan? Skew, Engine.StsFailure? Unreachable);

/// <summary>What the identity check learned.</summary>
/// <param name="Arn">The caller's ARN when STS accepted the credentials.</param>
/// <param name="Failure">The failure otherwise.</param>
internal sealed record IdentityResult(string? Arn, Engine.StsFailure? Failure)
{
    public bool Accepted => Arn is not null;

    public bool Expired => Failure?.ErrorKind == StsErrorKind.Expired;
}
