using System.Globalization;
using System.Runtime.ExceptionServices;
using System.Text;
using Sts.Resilience.Credentials;
using Sts.Resilience.Profiles;

namespace Sts.Resilience;

/// <summary>
/// Which source the default credential chain picks, from what it read, and why it passed over the steps before it:
/// the decision behind <see cref="RefreshingCredentials.FromDefaultChain(Action{RefreshingCredentialsChainOptions}?, TimeProvider?, Microsoft.Extensions.Logging.ILoggerFactory?)"/>,
/// taken from environment variables and the shared profile files only. Deciding never contacts an endpoint, never
/// creates credentials and never throws for a configuration problem: it reports it in <see cref="Problem"/>.
/// </summary>
/// <remarks>
/// <para>
/// Get one with <see cref="RefreshingCredentials.DecideDefaultChain(Action{RefreshingCredentialsChainOptions}?)"/> (this
/// process) or <see cref="Decide(Func{string, string?}, Action{RefreshingCredentialsChainOptions}?)"/> (any set of
/// variables, as a diagnostic tool judging another machine's or container's environment does).
/// <c>FromDefaultChain</c> takes this same decision and then builds the source picked, so the two cannot disagree.
/// </para>
/// <para>
/// Instance metadata is the last resort: when it is picked (<see cref="Source"/> is
/// <see cref="DefaultChainSource.InstanceMetadata"/>), <c>FromDefaultChain</c> uses it only if it answers a first
/// fetch, as the AWS SDK does; the decision cannot know that without asking.
/// </para>
/// <para>
/// Nothing here holds a secret: <see cref="Settings"/> and <see cref="ToString"/> show an access key id masked
/// (<c>AKIA…MPLE</c>) and secret keys, session tokens and authorization tokens only as <c>(set)</c>.
/// </para>
/// </remarks>
public sealed partial class DefaultChainDecision
{
    /// <summary>How a value that is a secret is shown.</summary>
    internal const string SecretShown = "(set)";

    private DefaultChainDecision(DefaultChainSource source, string reason, IReadOnlyList<KeyValuePair<string, string>> settings, IReadOnlyList<DefaultChainSkip> skipped)
    {
        Source = source;
        Reason = reason;
        Settings = settings;
        Skipped = skipped;
    }

    /// <summary>Gets the source picked; <see cref="DefaultChainSource.None"/> when every step was passed over.</summary>
    public DefaultChainSource Source { get; }

    /// <summary>Gets why the source was picked, in words ("AWS_ROLE_ARN and AWS_WEB_IDENTITY_TOKEN_FILE are set").</summary>
    public string Reason { get; }

    /// <summary>
    /// Gets the settings the picked step read, in order: environment variable names (or profile keys such as
    /// <c>role_arn</c>) with their values as it is safe to show them (key ids masked, secrets <c>(set)</c>).
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> Settings { get; }

    /// <summary>Gets the steps before the one picked, in the chain's order, each with why it was passed over; all five when nothing is picked.</summary>
    public IReadOnlyList<DefaultChainSkip> Skipped { get; }

    /// <summary>Gets the profile the profile step read (picked or passed over); <see langword="null"/> when the chain stopped before it.</summary>
    public string? ProfileName { get; private set; }

    /// <summary>
    /// Gets why <c>FromDefaultChain</c> stops at the picked step with an error instead of going on (as the SDK does):
    /// a profile named by <c>AWS_PROFILE</c> or <see cref="RefreshingCredentialsChainOptions.Profile"/> that does not exist,
    /// profile files that cannot be read, or a profile whose credentials come from <c>credential_process</c> or SSO;
    /// <see langword="null"/> when the decision found none. A role profile's chain is not followed here (that needs its
    /// source profiles and is reported when the credentials are built).
    /// </summary>
    public string? Problem { get; private init; }

    /// <summary>Gets what kind of profile was picked (internal: how <c>FromDefaultChain</c> builds it).</summary>
    internal PickedProfile ProfileKind { get; private init; }

    /// <summary>Gets the profile files read by the profile step (internal: built from, not read again).</summary>
    internal SharedProfileStore? ProfileStore { get; private init; }

    /// <summary>Gets the failure to read the profile files, rethrown by <c>FromDefaultChain</c>.</summary>
    internal ExceptionDispatchInfo? ProfileReadFailure { get; private init; }

    /// <summary>Decides for the variables <paramref name="getVariable"/> reads, not the process's.</summary>
    /// <param name="getVariable">Reads an environment variable; returns <see langword="null"/> (or empty) when it is not set. <c>HOME</c> (else
    /// <c>USERPROFILE</c>), <c>AWS_CONFIG_FILE</c> and <c>AWS_SHARED_CREDENTIALS_FILE</c> are read through it to find the profile files.</param>
    /// <param name="configure">Chooses the profile, as for <c>FromDefaultChain</c>; <see langword="null"/> for none. The <c>Configure…</c> actions are not run.</param>
    /// <returns>The decision.</returns>
    /// <exception cref="ArgumentNullException">Thrown when <paramref name="getVariable"/> is <see langword="null"/>.</exception>
    public static DefaultChainDecision Decide(Func<string, string?> getVariable, Action<RefreshingCredentialsChainOptions>? configure = null)
    {
        Internal.Guard.NotNull(getVariable);
        var options = new RefreshingCredentialsChainOptions();
        configure?.Invoke(options);
        return Decide(new CredentialEnvironment { GetVariable = getVariable }, options);
    }

    /// <summary>Returns the decision in one line: the source, why, what it read and what was passed over (no secret).</summary>
    /// <returns>The decision in words.</returns>
    public override string ToString()
    {
        var text = new StringBuilder("Default credential chain: ").Append(Describe(Source)).Append(" (").Append(Reason).Append(')');
        if (Settings.Count > 0)
        {
            text.Append("; read ").Append(string.Join(", ", Settings.Select(s => s.Key + "=" + s.Value)));
        }

        if (Problem is not null)
        {
            text.Append("; stops with an error: ").Append(Problem);
        }

        if (Skipped.Count > 0)
        {
            text.Append("; passed over:");
            for (var i = 0; i < Skipped.Count; i++)
            {
                text.Append(' ').Append((i + 1).ToString(CultureInfo.InvariantCulture)).Append(". ").Append(Skipped[i].Message);
            }
        }

        return text.ToString();
    }

    /// <summary>A source in words: "environment keys", "instance metadata".</summary>
    internal static string Describe(DefaultChainSource source) => source switch
    {
        DefaultChainSource.EnvironmentKeys => "environment keys",
        DefaultChainSource.WebIdentity => "web identity",
        DefaultChainSource.Profile => "profile",
        DefaultChainSource.Container => "container endpoint",
        DefaultChainSource.InstanceMetadata => "instance metadata",
        _ => "nothing found",
    };

    /// <summary>An access key id as it may be shown: its first and last four characters.</summary>
    internal static string MaskKeyId(string keyId) => keyId.Length > 8 ? keyId.Remove(4, keyId.Length - 8).Insert(4, "…") : "…";

    /// <summary>How the profile step's pick is built.</summary>
    internal enum PickedProfile
    {
        /// <summary>Not the profile step.</summary>
        None,

        /// <summary>The named profile does not exist (the resolver words the error).</summary>
        Missing,

        /// <summary>The files cannot be read.</summary>
        Unreadable,

        /// <summary><c>role_arn</c> with <c>web_identity_token_file</c>.</summary>
        WebIdentity,

        /// <summary><c>role_arn</c> with a source.</summary>
        Role,

        /// <summary>Keys, <c>credential_process</c> or SSO settings.</summary>
        Credentials,
    }
}
