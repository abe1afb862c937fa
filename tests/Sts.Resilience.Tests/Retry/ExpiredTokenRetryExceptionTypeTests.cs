using System.Diagnostics.Metrics;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.SecurityToken.Model;
using Sts.Resilience.Testing;
using Sts.Resilience.Tests.Retry.Support;

namespace Sts.Resilience.Tests.Retry;

/// <summary>
/// When the retry cannot save a request, the catch blocks users already have keep matching: the service's own exception
/// type goes on, with the advice in <see cref="Exception.Data"/> and in the log, unless the replacement is opted into.
/// </summary>
[Collection(RetryTestGroup.Name)]
public sealed class ExpiredTokenRetryExceptionTypeTests : IAsyncLifetime
{
    private static readonly ScopedMeterFactory HostMeterFactory = new();

    private LocalSts _sts = null!;
    private SessionAWSCredentials _copied = null!;
    private string _roleArn = null!;

    public ExpiredTokenRetryExceptionTypeTests()
    {
        RetryTestRegistration.EnsureRegistered();
        ExpiredTokenRetry.ThrowExpiredCredentialsException = false;
    }

    public async Task InitializeAsync()
    {
        _sts = await LocalSts.StartAsync();
        var user = _sts.CreateUser("app");
        var role = _sts.CreateRole("app-role");
        _roleArn = role.Arn;
        using var bootstrap = _sts.CreateStsClient(user.Credentials);
        var assumed = await bootstrap.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = role.Arn, RoleSessionName = "pasted", DurationSeconds = 900 });
        _copied = new SessionAWSCredentials(assumed.Credentials.AccessKeyId, assumed.Credentials.SecretAccessKey, assumed.Credentials.SessionToken);
        _sts.RevokeAllSessions();
    }

    public async Task DisposeAsync() => await _sts.DisposeAsync();

    [Fact]
    public async Task ListBuckets_PastedSessionExpired_CatchAmazonS3ExceptionStillMatches()
    {
        using var client = new RetryS3Client(_copied, _sts.CreateS3Config());

        var caught = await CatchAsync<AmazonS3Exception>(() => client.ListBucketsAsync(new ListBucketsRequest()));

        AssertCarriesAdvice(caught);
    }

    [Fact]
    public async Task ListTables_PastedSessionExpired_CatchAmazonDynamoDBExceptionStillMatches()
    {
        using var client = new RetryDynamoDBClient(_copied, _sts.CreateDynamoDbConfig());

        var caught = await CatchAsync<AmazonDynamoDBException>(() => client.ListTablesAsync(new ListTablesRequest()));

        AssertCarriesAdvice(caught);
    }

    [Fact]
    public async Task GetCallerIdentity_PastedSessionExpired_CatchAmazonSecurityTokenServiceExceptionStillMatches()
    {
        using var client = new RetryStsClient(_copied, _sts.CreateStsConfig());

        // STS answers an expired caller with ExpiredToken, which the SDK throws as its base STS exception (its
        // ExpiredTokenException is for code ExpiredTokenException: an expired web identity token).
        var caught = await CatchAsync<Amazon.SecurityToken.AmazonSecurityTokenServiceException>(() => client.GetCallerIdentityAsync(new GetCallerIdentityRequest()));

        AssertCarriesAdvice(caught);
        Assert.Contains(RetryTestRegistration.Logs.Entries, e => e.EventId.Id == 2007 && e.Message.Contains(nameof(Amazon.SecurityToken.AmazonSecurityTokenServiceException), StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetCallerIdentity_OptedIntoReplacement_ThrowsExpiredCredentialsExceptionWrappingTheServices()
    {
        ExpiredTokenRetry.ThrowExpiredCredentialsException = true;
        try
        {
            using var client = new RetryStsClient(_copied, _sts.CreateStsConfig());

            var exception = await Assert.ThrowsAsync<ExpiredCredentialsException>(() => client.GetCallerIdentityAsync(new GetCallerIdentityRequest()));

            Assert.Equal("ExpiredToken", Assert.IsAssignableFrom<AmazonServiceException>(exception.InnerException).ErrorCode);
        }
        finally
        {
            ExpiredTokenRetry.ThrowExpiredCredentialsException = false;
        }
    }

    [Fact]
    public async Task GetCallerIdentity_RegisteredWithAMeterFactory_CountsOnThatFactorysMeterWithRpcTags()
    {
        // Kept for the rest of the run: the process-wide retry counts on the latest factory's meter from now on.
        var factory = HostMeterFactory;
        ExpiredTokenRetry.RegisterFor([typeof(RetryStsClient)], meterFactory: factory);
        var seen = new List<Dictionary<string, object?>>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, factory) && instrument.Name == "sts_resilience.expired_token.retries")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            var copy = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var tag in tags)
            {
                copy[tag.Key] = tag.Value;
            }

            lock (seen)
            {
                seen.Add(copy);
            }
        });
        listener.Start();
        using var client = new RetryStsClient(_copied, _sts.CreateStsConfig());

        await CatchAsync<AmazonServiceException>(() => client.GetCallerIdentityAsync(new GetCallerIdentityRequest()));

        var tags = Assert.Single(seen);
        Assert.Equal("not_refreshable", tags["sts_resilience.outcome"]);
        Assert.Equal("aws-api", tags["rpc.system"]);
        Assert.Equal("STS", tags["rpc.service"]);
        Assert.Equal("GetCallerIdentity", tags["rpc.method"]);
        Assert.Equal("ExpiredToken", tags["error.type"]);
    }

    /// <summary>What a user's code does: a catch block for the service's type, and nothing else.</summary>
    private static async Task<TException> CatchAsync<TException>(Func<Task> call)
        where TException : Exception
    {
        try
        {
            await call();
        }
        catch (TException ex)
        {
            return ex;
        }

        throw new Xunit.Sdk.XunitException($"No {typeof(TException).Name} was thrown.");
    }

    private static void AssertCarriesAdvice(AmazonServiceException caught)
    {
        Assert.Equal("ExpiredToken", caught.ErrorCode.Replace("Exception", string.Empty, StringComparison.Ordinal));
        var advice = Assert.IsType<string>(caught.Data[ExpiredTokenRetry.AdviceDataKey]);
        Assert.Contains("SessionAWSCredentials", advice, StringComparison.Ordinal);
    }

    /// <summary>A host's meter factory in miniature: meters scoped to it, disposed with it.</summary>
    private sealed class ScopedMeterFactory : IMeterFactory
    {
        private readonly List<Meter> _meters = [];

        public Meter Create(MeterOptions options)
        {
            options.Scope = this;
            var meter = new Meter(options);
            lock (_meters)
            {
                _meters.Add(meter);
            }

            return meter;
        }

        public void Dispose()
        {
            lock (_meters)
            {
                _meters.ForEach(m => m.Dispose());
            }
        }
    }
}
