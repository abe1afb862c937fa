using System.Text.Json;

namespace Sts.Resilience.Tests.Credentials;

public class ConformanceSchemaTests
{
    [Fact]
    public void UnknownFields_KnownVector_None()
    {
        using var json = JsonDocument.Parse("""
            {"documentation":"d","given":{"cachedCredentials":"advisory","refreshBackoffSeconds":5},
             "steps":[{"type":"advanceTime","seconds":1},{"type":"invalidate","rejectedAccessKeyId":"A"},
                      {"type":"getCredentials","response":"error","expected":{"result":"cachedCredentials","sourceContacted":true,"rateLimited":false}}]}
            """);

        Assert.Empty(ConformanceSchema.UnknownFields(json.RootElement));
    }

    [Fact]
    public void UnknownFields_FieldsTheRunnerWouldIgnore_EachReportedWithItsPath()
    {
        using var json = JsonDocument.Parse("""
            {"documentation":"d","skip":true,"given":{"cachedCredentials":"none","clockSkewSeconds":60},
             "steps":[{"type":"advanceTime","seconds":1,"jitter":2},{"type":"sleep"},
                      {"type":"getCredentials","response":"error","expected":{"result":"cachedCredentials","sourceContacted":true,"rateLimited":false,"logs":[]}}]}
            """);

        Assert.Equal(
            ["$.skip", "$.given.clockSkewSeconds", "$.steps[0].jitter", "$.steps[1].type=sleep", "$.steps[2].expected.logs"],
            ConformanceSchema.UnknownFields(json.RootElement));
    }
}
