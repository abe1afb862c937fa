using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;

namespace Sts.Resilience.Testing.Tests.DynamoDb;

public class DynamoDbTests
{
    private static AmazonDynamoDBClient NoRetryClient(LocalSts sts, AWSCredentials credentials)
    {
        var config = sts.CreateDynamoDbConfig();
        config.MaxErrorRetry = 0;
        return new AmazonDynamoDBClient(credentials, config);
    }

    [Fact]
    public async Task ListTables_ValidSession_Succeeds()
    {
        await using var f = await LocalStsFixture.StartAsync();
        var credentials = await f.AssumeRoleAsync();
        using var client = new AmazonDynamoDBClient(credentials.ToSdk(), new AmazonDynamoDBConfig { ServiceURL = f.Sts.ServiceUrl, AuthenticationRegion = f.Sts.Region });

        var response = await client.ListTablesAsync(new ListTablesRequest());

        Assert.Empty(response.TableNames);
        Assert.Equal(1, f.Sts.Counters.Succeeded(LocalStsActions.ListTables));
    }

    [Fact]
    public async Task ListTables_ExpiredSession_ExpiredTokenException400()
    {
        await using var f = await LocalStsFixture.StartAsync();
        var credentials = await f.AssumeRoleAsync();
        using var client = NoRetryClient(f.Sts, credentials.ToSdk());
        f.Time.Advance(TimeSpan.FromHours(1));

        var ex = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => client.ListTablesAsync(new ListTablesRequest()));

        Assert.Equal("ExpiredTokenException", ex.ErrorCode);
        Assert.Equal(400, (int)ex.StatusCode);
        Assert.Equal("The security token included in the request is expired", ex.Message);
    }

    [Fact]
    public async Task ListTables_ExpiredSession_BodyCarriesCoralType()
    {
        await using var f = await LocalStsFixture.StartAsync();
        var credentials = await f.AssumeRoleAsync();
        f.Time.Advance(TimeSpan.FromHours(1));
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, f.Sts.ServiceUrl)
        {
            Content = new StringContent("{}", null, "application/x-amz-json-1.0"),
        };
        request.Headers.Add("X-Amz-Target", "DynamoDB_20120810.ListTables");
        TestSigner.Sign(request, credentials.AccessKeyId, credentials.SecretAccessKey, f.Sts.Region, "dynamodb",
            TimeProvider.System.GetUtcNow(), credentials.SessionToken, "{}"u8.ToArray());

        using var response = await http.SendAsync(request);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal("application/x-amz-json-1.0", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("com.amazon.coral.service#ExpiredTokenException", body.RootElement.GetProperty("__type").GetString());
        Assert.Equal("The security token included in the request is expired", body.RootElement.GetProperty("message").GetString());
    }

    [Fact]
    public async Task ListTables_UnknownKey_UnrecognizedClientException()
    {
        await using var f = await LocalStsFixture.StartAsync();
        using var client = NoRetryClient(f.Sts, new BasicAWSCredentials("AKIAUNKNOWNUNKNOWN00", "secret"));

        var ex = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => client.ListTablesAsync(new ListTablesRequest()));

        Assert.Equal("UnrecognizedClientException", ex.ErrorCode);
    }

    [Fact]
    public async Task ListTables_WrongSecret_InvalidSignatureException()
    {
        await using var f = await LocalStsFixture.StartAsync();
        using var client = NoRetryClient(f.Sts, new BasicAWSCredentials(f.User.AccessKeyId, "not-the-secret"));

        var ex = await Assert.ThrowsAsync<AmazonDynamoDBException>(() => client.ListTablesAsync(new ListTablesRequest()));

        Assert.Equal("InvalidSignatureException", ex.ErrorCode);
    }
}
