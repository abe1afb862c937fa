using Microsoft.Extensions.Logging;

namespace Sts.Resilience.InstanceProfile;

/// <summary>The log events of the instance-profile source. Event ids are stable and never reused (docs/telemetry.md).</summary>
internal static partial class InstanceMetadataLog
{
    [LoggerMessage(EventId = 1101, EventName = "InstanceMetadataStaticStability", Level = LogLevel.Warning,
        Message = "Instance metadata at {Endpoint} could not give fresh credentials ({Reason}); static stability: the last credentials (access key ...{AccessKeySuffix}) are served until {Expiration:o}, {ExtensionSeconds} s from now, and instance metadata is asked again before then")]
    public static partial void Extended(ILogger logger, string endpoint, string reason, string accessKeySuffix, DateTimeOffset expiration, long extensionSeconds);
}
