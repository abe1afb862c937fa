namespace Sts.Resilience.Retry;

/// <summary>What the retry handler did about one request rejected for expired credentials.</summary>
internal enum ExpiredTokenOutcome
{
    /// <summary>The credentials were invalidated, the request was signed again and the retry succeeded.</summary>
    Recovered,

    /// <summary>The credentials cannot refresh (static session credentials, environment variables…): not retried.</summary>
    NotRefreshable,

    /// <summary>The single retry was rejected as expired again.</summary>
    FailedAgain,

    /// <summary>The credentials were invalidated but the request body cannot be rewound, so it was not retried.</summary>
    BodyNotRewindable,
}

internal static class ExpiredTokenOutcomeExtensions
{
    /// <summary>The value of the <c>outcome</c> tag on the retry counter.</summary>
    public static string ToTagValue(this ExpiredTokenOutcome outcome) => outcome switch
    {
        ExpiredTokenOutcome.Recovered => "recovered",
        ExpiredTokenOutcome.NotRefreshable => "not_refreshable",
        ExpiredTokenOutcome.FailedAgain => "failed_again",
        ExpiredTokenOutcome.BodyNotRewindable => "body_not_rewindable",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };
}
