using Microsoft.Extensions.Logging;

namespace Sts.Resilience.DependencyInjection;

/// <summary>Log events of the host integration (category <c>Sts.Resilience.RefreshingRoleCredentials.Hosting</c>). Ids 4001–4099; never reused.</summary>
internal static partial class DependencyInjectionLog
{
    public const string Category = "Sts.Resilience.RefreshingRoleCredentials.Hosting";

    [LoggerMessage(EventId = 4001, EventName = "CredentialsWarmUpFailed", Level = LogLevel.Error,
        Message = "Fetching the first credentials for {RoleArn} ({Registration}) at start failed: {Error}. The host starts anyway (FailStartupOnError is off); the first caller fetches again")]
    public static partial void WarmUpFailed(ILogger logger, string roleArn, string registration, string error);

    [LoggerMessage(EventId = 4002, EventName = "CredentialsWarmedUp", Level = LogLevel.Information,
        Message = "Credentials for {RoleArn} ({Registration}) are ready at start: access key ...{AccessKeySuffix}, expire {Expiration:o}")]
    public static partial void WarmedUp(ILogger logger, string roleArn, string registration, string accessKeySuffix, DateTimeOffset? expiration);

    [LoggerMessage(EventId = 4003, EventName = "AWSOptionsWithoutRefreshingCredentials", Level = LogLevel.Warning,
        Message = "The AWSOptions in the container do not carry the RefreshingRoleCredentials registered by AddRefreshingRoleCredentials(): AddAWSService<T>() clients will not use them. Call AddDefaultAWSOptions(...) before AddRefreshingRoleCredentials(), not after")]
    public static partial void AwsOptionsNotOurs(ILogger logger);
}
