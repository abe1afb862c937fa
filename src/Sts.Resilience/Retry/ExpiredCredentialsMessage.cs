using System.Globalization;
using System.Text;

namespace Sts.Resilience.Retry;

/// <summary>
/// Builds the message of an <see cref="ExpiredCredentialsException"/>: what failed, where the credentials came from,
/// when they expired, and what to change. Lines are separated by <c>\n</c> so the text is the same on every OS.
/// </summary>
internal static class ExpiredCredentialsMessage
{
    private const string RefreshingRoleFix =
        "use Sts.Resilience.RefreshingRoleCredentials (services.AddRefreshingRoleCredentials() with dependency injection), "
        + "which assumes the role again before the session expires";

    private const string RefreshingFix = RefreshingRoleFix + ", or a profile with role_arn and source_profile, which the AWS SDK refreshes by itself.";

    public static string Build(ExpiredCredentialsDetails details)
    {
        var text = new StringBuilder(1024);
        var statusCode = ((int)details.StatusCode).ToString(CultureInfo.InvariantCulture);
        text.Append(details.Service).Append(' ').Append(details.Operation)
            .Append(" was rejected because the credentials that signed it have expired (")
            .Append(details.ErrorCode).Append(", HTTP ").Append(statusCode).Append("). ")
            .Append("Access key id ending in ").Append(details.RejectedKeySuffix ?? "(unknown)")
            .Append(", from ").Append(details.CredentialsTypeName).Append('.').Append('\n');

        AppendWhatHappened(text, details);
        AppendSource(text, details);
        AppendExpiration(text, details);
        AppendFix(text, details);
        AppendClock(text, details);
        return text.ToString().TrimEnd('\n');
    }

    private static void AppendWhatHappened(StringBuilder text, ExpiredCredentialsDetails details)
    {
        switch (details.Outcome)
        {
            case ExpiredTokenOutcome.NotRefreshable:
                text.Append("Not retried: these credentials cannot refresh, so a retry would be rejected the same way.\n");
                break;
            case ExpiredTokenOutcome.FailedAgain:
                text.Append("The credentials were invalidated and the request was retried once, signed with access key id ending in ")
                    .Append(details.RetryKeySuffix ?? "(unknown)").Append("; the retry was rejected as expired too. ");
                text.Append(details.RetryKeySuffix is not null && details.RetryKeySuffix == details.RejectedKeySuffix
                    ? "The credentials did not change: their refresh is failing or handed back the same session. Check the log events of the credentials (refresh failures, backoff) and that the source credentials of the role are valid.\n"
                    : "New credentials were rejected as well: the new session was already expired when it arrived. Check the host clock, and the role session duration.\n");
                break;
            case ExpiredTokenOutcome.BodyNotRewindable:
                text.Append("The credentials were invalidated, so the next call signs with new ones, but this request was not retried: ")
                    .Append("its body is a stream that cannot be rewound (CanSeek is false), so it cannot be sent twice. ")
                    .Append("Call again; to let the retry happen automatically, pass a seekable stream (MemoryStream, FileStream) or buffer the body first.\n");
                break;
            default:
                break;
        }
    }

    private static void AppendSource(StringBuilder text, ExpiredCredentialsDetails details)
    {
        text.Append("Where the credentials came from: ");
        switch (details.Origin)
        {
            case CredentialOrigin.SessionCredentials:
                text.Append("a SessionAWSCredentials, which holds one fixed access key, secret key and session token. ")
                    .Append("It is built in code (often from an AssumeRole response) or by the SDK from a profile with a static aws_session_token, and it never refreshes: every call fails until the process restarts.");
                if (details.KeyMatchesEnvironment)
                {
                    text.Append(" Its access key id is the one in the AWS_ACCESS_KEY_ID environment variable, so it was probably copied from there.");
                }

                text.Append('\n');
                break;
            case CredentialOrigin.StaticSessionProfile:
                text.Append("the profile [").Append(details.ProfileName).Append("] in ").Append(details.ProfileFile)
                    .Append(", which holds a static aws_session_token. The SDK reads it as a SessionAWSCredentials, which never refreshes.\n");
                break;
            case CredentialOrigin.EnvironmentVariables:
                text.Append("the environment variables AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN of this process (EnvironmentVariablesAWSCredentials). ")
                    .Append("Environment variables are used as they are and never refresh.\n");
                break;
            case CredentialOrigin.BasicCredentials:
                text.Append("a BasicAWSCredentials (long-term keys without a session token). Long-term keys do not expire this way: check that the client is not also given a session token elsewhere, or that the key has not been replaced by temporary credentials.\n");
                break;
            case CredentialOrigin.Refreshing:
                text.Append(details.CredentialsTypeName).Append(", which refreshes.\n");
                break;
            default:
                text.Append(details.CredentialsTypeName).Append(", a credentials type the handler does not know; it returned the same access key after being asked again, so it does not refresh.\n");
                break;
        }
    }

    private static void AppendExpiration(StringBuilder text, ExpiredCredentialsDetails details)
    {
        text.Append("When they expired: ");
        if (details.Expiration is { } expiration)
        {
            text.Append(expiration.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            if (details.ExpirationSource is not null)
            {
                text.Append(" (").Append(details.ExpirationSource).Append(')');
            }

            text.Append(".\n");
        }
        else
        {
            text.Append("not known (the ").Append(details.CredentialsTypeName).Append(" reports no expiry time).\n");
        }
    }

    private static void AppendFix(StringBuilder text, ExpiredCredentialsDetails details)
    {
        switch (details.Origin)
        {
            case CredentialOrigin.EnvironmentVariables:
                text.Append("What to do: unset the three variables and give the process credentials that refresh: ").Append(RefreshingFix).Append('\n')
                    .Append("  Linux/macOS:          unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN\n")
                    .Append("  Windows (cmd):        set \"AWS_ACCESS_KEY_ID=\" & set \"AWS_SECRET_ACCESS_KEY=\" & set \"AWS_SESSION_TOKEN=\"\n")
                    .Append("  Windows (PowerShell): Remove-Item Env:AWS_ACCESS_KEY_ID, Env:AWS_SECRET_ACCESS_KEY, Env:AWS_SESSION_TOKEN\n")
                    .Append("  Saved with setx? They come back in every new window until removed (PowerShell): ")
                    .Append("'AWS_ACCESS_KEY_ID','AWS_SECRET_ACCESS_KEY','AWS_SESSION_TOKEN' | % { [Environment]::SetEnvironmentVariable($_, $null, 'User') }\n");
                break;
            case CredentialOrigin.StaticSessionProfile:
                text.Append("What to do: replace aws_access_key_id, aws_secret_access_key and aws_session_token in [")
                    .Append(details.ProfileName).Append("] with role_arn = arn:aws:iam::<account>:role/<role> and source_profile = <a profile with long-term keys or SSO>, ")
                    .Append("so that the SDK assumes the role and refreshes it; or ").Append(RefreshingRoleFix).Append(".\n");
                break;
            case CredentialOrigin.Refreshing when details.Outcome == ExpiredTokenOutcome.BodyNotRewindable:
                break;
            case CredentialOrigin.Refreshing:
                text.Append("What to do: find out why the refresh does not produce valid credentials (see above); the client recovers by itself once it does.\n");
                break;
            case CredentialOrigin.BasicCredentials:
                text.Append("What to do: if the keys are temporary (they start with ASIA), ").Append(RefreshingFix).Append('\n');
                break;
            default:
                text.Append("What to do: ").Append(RefreshingFix).Append('\n');
                break;
        }
    }

    private static void AppendClock(StringBuilder text, ExpiredCredentialsDetails details)
    {
        if (details.HostClockOffset is not { } offset || offset.Duration() <= ExpiredTokenErrors.SigningTimeTolerance)
        {
            return;
        }

        // offset = service clock - host clock: positive means the host is behind.
        text.Append("Check the host clock: it is ").Append(FormatDuration(offset.Duration()))
            .Append(offset > TimeSpan.Zero ? " behind the service's clock" : " ahead of the service's clock")
            .Append(". AWS judges expiry and signatures by its own clock and rejects requests more than 5 minutes off; ")
            .Append("synchronise the clock (chrony or systemd-timesyncd on Linux, w32tm /resync on Windows, automatic date and time on macOS).\n");
    }

    private static string FormatDuration(TimeSpan duration)
    {
        var totalMinutes = (long)duration.TotalMinutes;
        return totalMinutes >= 60
            ? string.Format(CultureInfo.InvariantCulture, "{0} h {1} min", totalMinutes / 60, totalMinutes % 60)
            : string.Format(CultureInfo.InvariantCulture, "{0} min {1} s", totalMinutes, duration.Seconds);
    }
}
