using System.Net;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.SecurityToken.Model;

namespace Sts.Resilience.Testing.Tests.Container;

public class ContainerCredentialsTests
{
    private static async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(string uri, string? authorization)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        using var response = await http.SendAsync(request);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, document.RootElement.Clone());
    }

    [Fact]
    public async Task Get_WithAuthorizationToken_ReturnsTheRoleSessionThatWorksOnSts()
    {
        await using var f = await LocalStsFixture.StartAsync();
        var endpoint = f.Sts.CreateContainerCredentials(f.Role);

        var (status, body) = await GetAsync(endpoint.FullUri, endpoint.AuthorizationToken);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["AccessKeyId", "SecretAccessKey", "Token", "Expiration", "RoleArn", "AccountId"], body.EnumerateObject().Select(p => p.Name));
        Assert.Equal(f.Role.Arn, body.GetProperty("RoleArn").GetString());
        Assert.Equal(f.Sts.UtcNow.AddHours(1).ToUnixTimeSeconds(), body.GetProperty("Expiration").GetDateTimeOffset().ToUnixTimeSeconds(), 1.0);
        using var sts = f.Sts.CreateStsClient(new SessionAWSCredentials(body.GetProperty("AccessKeyId").GetString(),
            body.GetProperty("SecretAccessKey").GetString(), body.GetProperty("Token").GetString()));
        var caller = await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest());
        Assert.StartsWith("arn:aws:sts::123456789012:assumed-role/app/task-", caller.Arn, StringComparison.Ordinal);
        Assert.Equal(1, f.Sts.Counters.Succeeded(LocalStsActions.GetContainerCredentials));
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized, "Unauthorized")]
    [InlineData("wrong-token", HttpStatusCode.Forbidden, "AccessDenied")]
    public async Task Get_WithoutOrWithWrongAuthorization_RefusedWithJsonError(string? authorization, HttpStatusCode expected, string code)
    {
        await using var f = await LocalStsFixture.StartAsync();
        var endpoint = f.Sts.CreateContainerCredentials(f.Role);

        var (status, body) = await GetAsync(endpoint.FullUri, authorization);

        Assert.Equal(expected, status);
        Assert.Equal(code, body.GetProperty("code").GetString());
        Assert.Equal(1, f.Sts.Counters.Count(LocalStsActions.GetContainerCredentials, code));
    }

    [Fact]
    public async Task RotateAuthorizationToken_OldTokenRefused_NewAccepted()
    {
        await using var f = await LocalStsFixture.StartAsync();
        var endpoint = f.Sts.CreateContainerCredentials(f.Role);
        var old = endpoint.AuthorizationToken;

        var rotated = endpoint.RotateAuthorizationToken();

        Assert.Equal(HttpStatusCode.Forbidden, (await GetAsync(endpoint.FullUri, old)).Status);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(endpoint.FullUri, rotated)).Status);
    }

    [Fact]
    public async Task Get_SameSessionUntilRenewBefore_ThenANewOne()
    {
        await using var f = await LocalStsFixture.StartAsync();
        var endpoint = f.Sts.CreateContainerCredentials(f.Role, o => o.RenewBefore = TimeSpan.FromMinutes(10));

        var first = (await GetAsync(endpoint.FullUri, endpoint.AuthorizationToken)).Body.GetProperty("AccessKeyId").GetString();
        f.Time.Advance(TimeSpan.FromMinutes(49));
        var second = (await GetAsync(endpoint.FullUri, endpoint.AuthorizationToken)).Body.GetProperty("AccessKeyId").GetString();
        f.Time.Advance(TimeSpan.FromMinutes(1));
        var third = (await GetAsync(endpoint.FullUri, endpoint.AuthorizationToken)).Body.GetProperty("AccessKeyId").GetString();

        Assert.Equal(first, second);
        Assert.NotEqual(second, third);
    }

    [Theory]
    [InlineData(LocalStsFault.InternalFailure, HttpStatusCode.InternalServerError)]
    [InlineData(LocalStsFault.Throttling, HttpStatusCode.TooManyRequests)]
    [InlineData(LocalStsFault.ServiceUnavailable, HttpStatusCode.ServiceUnavailable)]
    public async Task FailNext_ContainerCredentials_FailsOnce(LocalStsFault fault, HttpStatusCode expected)
    {
        await using var f = await LocalStsFixture.StartAsync();
        var endpoint = f.Sts.CreateContainerCredentials(f.Role);
        f.Sts.Faults.FailNext(LocalStsActions.GetContainerCredentials, fault);

        Assert.Equal(expected, (await GetAsync(endpoint.FullUri, endpoint.AuthorizationToken)).Status);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(endpoint.FullUri, endpoint.AuthorizationToken)).Status);
    }

    [Fact]
    public async Task Outage_ContainerCredentialsDown_StsStillAnswers()
    {
        await using var f = await LocalStsFixture.StartAsync();
        var endpoint = f.Sts.CreateContainerCredentials(f.Role);
        f.Sts.Faults.StartOutage(TimeSpan.FromMinutes(30), service: LocalStsServices.ContainerCredentials);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await GetAsync(endpoint.FullUri, endpoint.AuthorizationToken)).Status);
        Assert.NotNull(await f.AssumeRoleAsync());
        f.Time.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(endpoint.FullUri, endpoint.AuthorizationToken)).Status);
    }

    [Fact]
    public async Task Get_UnknownId_NotFound()
    {
        await using var f = await LocalStsFixture.StartAsync();
        f.Sts.CreateContainerCredentials(f.Role);

        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(f.Sts.ServiceUrl + "v2/credentials/nope", "x")).Status);
    }
}

[Collection(ProcessEnvironmentTests.Name)]
public class SdkContainerCredentialsTests
{
    [Fact]
    public async Task GenericContainerCredentials_FromEnvironment_GetsLocalStsSessions()
    {
        await using var f = await LocalStsFixture.StartAsync();
        var endpoint = f.Sts.CreateContainerCredentials(f.Role);
        var tokenFile = Path.Combine(Path.GetTempPath(), $"localsts-container-token-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(tokenFile, endpoint.AuthorizationToken);
        try
        {
            using var env = new EnvironmentScope()
                .Set("AWS_CONTAINER_CREDENTIALS_FULL_URI", endpoint.FullUri)
                .Set("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", tokenFile);
            var credentials = new GenericContainerCredentials();

            var immutable = await credentials.GetCredentialsAsync();

            Assert.StartsWith("ASIA", immutable.AccessKey, StringComparison.Ordinal);
            using var sts = f.Sts.CreateStsClient(credentials);
            var caller = await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest());
            Assert.StartsWith("arn:aws:sts::123456789012:assumed-role/app/", caller.Arn, StringComparison.Ordinal);
            Assert.Equal(1, f.Sts.Counters.Succeeded(LocalStsActions.GetContainerCredentials));
        }
        finally
        {
            File.Delete(tokenFile);
        }
    }
}
