using Amazon.DynamoDBv2.Model;
using Amazon.SecurityToken.Model;

namespace Sts.Resilience.Testing.Tests;

public class ConcurrencyTests
{
    [Fact]
    public async Task HundredConcurrentClients_EachAssumesAndUsesItsOwnSession()
    {
        await using var f = await LocalStsFixture.StartAsync();
        const int clients = 100;

        var arns = await Task.WhenAll(Enumerable.Range(0, clients).Select(async i =>
        {
            using var sts = f.Sts.CreateStsClient(f.User.Credentials);
            var assumed = await sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = f.Role.Arn, RoleSessionName = "worker-" + i });
            using var asRole = f.Sts.CreateStsClient(assumed.Credentials.ToSdk());
            using var dynamo = f.Sts.CreateDynamoDbClient(assumed.Credentials.ToSdk());
            await dynamo.ListTablesAsync(new ListTablesRequest());
            return (await asRole.GetCallerIdentityAsync(new GetCallerIdentityRequest())).Arn;
        }));

        Assert.Equal(clients, arns.Distinct().Count());
        Assert.Equal(clients, f.Sts.Counters.Succeeded(LocalStsActions.AssumeRole));
        Assert.Equal(clients, f.Sts.Counters.Succeeded(LocalStsActions.GetCallerIdentity));
        Assert.Equal(clients, f.Sts.Counters.Succeeded(LocalStsActions.ListTables));
        Assert.Equal(3 * clients, f.Sts.Requests.Count);
        Assert.Equal(Enumerable.Range(1, 3 * clients).Select(i => (long)i), f.Sts.Requests.Select(r => r.Sequence).Order());
    }
}
