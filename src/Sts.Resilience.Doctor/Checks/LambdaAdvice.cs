using Sts.Resilience.Doctor.Engine;

namespace Sts.Resilience.Doctor.Checks;

/// <summary>
/// On AWS Lambda the credential variables are not a leftover: they are how Lambda hands the function its execution
/// role's session. Advice there never says "unset them".
/// </summary>
internal static class LambdaAdvice
{
    public const string FunctionNameVariable = "AWS_LAMBDA_FUNCTION_NAME";

    /// <summary>Why the variables are set, for findings that would otherwise call them pasted or stale.</summary>
    public const string WhyTheVariables =
        "On Lambda these variables carry the session of the function's execution role, set by Lambda: keep them.";

    /// <summary>What to do when STS finds the variables' session expired on Lambda.</summary>
    public const string ExpiredFix =
        "Do not unset them. Let the SDK read them (build clients without explicit credentials) instead of copying them into SessionAWSCredentials at start-up; to use another role, assume it with RefreshingRoleCredentials on top of them; check the clock (see clock).";

    /// <summary>Whether the doctor runs inside a Lambda function.</summary>
    public static bool IsLambda(DoctorHost host) => host.GetVariable(FunctionNameVariable) is not null;
}
