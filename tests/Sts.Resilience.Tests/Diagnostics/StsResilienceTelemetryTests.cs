using Sts.Resilience.Diagnostics;

namespace Sts.Resilience.Tests.Diagnostics;

public class StsResilienceTelemetryTests
{
    [Fact]
    public void Names_MatchThePackageName_SoOpenTelemetryFiltersFindThem()
    {
        Assert.Equal("Sts.Resilience", StsResilienceTelemetry.MeterName);
        Assert.Equal(StsResilienceTelemetry.ActivitySourceName, typeof(StsResilienceTelemetry).Assembly.GetName().Name);
    }
}
