using Amazon.S3.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sts.Resilience;
using Sts.Resilience.Http;
using Sts.Resilience.Testing;

// dotnet run --project samples/Sts.Resilience.HttpSample
// Calls an API Gateway API with IAM authorization (LocalSts's execute-api, on 127.0.0.1) through IHttpClientFactory,
// survives a revoked session, and presigns an S3 URL that lasts as long as asked.
await using var sts = await LocalSts.StartAsync();
var user = sts.CreateUser("sample-user");
var role = sts.CreateRole("orders-api-caller");

await using var credentials = new RefreshingRoleCredentials(new RefreshingRoleCredentialsOptions
{
    RoleArn = role.Arn,
    SourceCredentials = user.Credentials,   // in production: omit, and the SDK's default chain is the source
    ServiceUrl = sts.ServiceUrl,
    Region = sts.Region,
});

var services = new ServiceCollection();
services.AddLogging(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
var orders = services.AddHttpClient("orders", c => c.BaseAddress = new Uri(sts.ServiceUrl)); // https://{api-id}.execute-api.{region}.amazonaws.com/ in AWS
orders.AddStandardResilienceHandler();                     // outside: retries, timeouts, circuit breaker
orders.AddAwsSigV4("execute-api", sts.Region, credentials); // inside: every attempt signed anew
await using var provider = services.BuildServiceProvider();
var client = provider.GetRequiredService<IHttpClientFactory>().CreateClient("orders");

Console.WriteLine($"LocalSts on {sts.ServiceUrl}; {user.Arn} assumes {role.Arn}");
Console.WriteLine("GET /prod/orders/42        -> " + await client.GetStringAsync(new Uri("/prod/orders/42", UriKind.Relative)));

// What an hour-old session, a revoked role session or a suspended laptop looks like to the API: 403 ExpiredTokenException.
sts.RevokeAllSessions();
sts.Counters.Reset();
Console.WriteLine("session revoked");
Console.WriteLine("GET /prod/orders/42        -> " + await client.GetStringAsync(new Uri("/prod/orders/42", UriKind.Relative)));
Console.WriteLine($"  API answers: {sts.Counters.Count(LocalStsActions.ExecuteApi, "ExpiredTokenException")} ExpiredTokenException, "
    + $"{sts.Counters.Succeeded(LocalStsActions.ExecuteApi)} OK; AssumeRole calls: {sts.Counters.Succeeded(LocalStsActions.AssumeRole)}");

// A presigned link that works for its whole lifetime, or says why it cannot.
using (var s3 = sts.CreateS3Client(user.Credentials))
{
    await s3.PutObjectAsync(new PutObjectRequest { BucketName = "reports", Key = "q4.txt", ContentBody = "quarterly numbers" });
}

var url = await AwsPresigner.PresignAsync(credentials, HttpMethod.Get, new Uri(new Uri(sts.ServiceUrl), "/reports/q4.txt"), "s3", sts.Region, TimeSpan.FromMinutes(30));
Console.WriteLine($"presigned for 30 min      -> valid until {url.ValidUntil:u} (whole lifetime: {url.IsValidForRequestedLifetime})");
using var plain = new HttpClient();
Console.WriteLine("GET presigned URL         -> " + await plain.GetStringAsync(url.Uri));
var tooLong = await AwsPresigner.PresignAsync(credentials, HttpMethod.Get, new Uri(new Uri(sts.ServiceUrl), "/reports/q4.txt"), "s3", sts.Region, TimeSpan.FromHours(3));
Console.WriteLine($"presigned for 3 h         -> whole lifetime: {tooLong.IsValidForRequestedLifetime}: {tooLong.Limitation}");
