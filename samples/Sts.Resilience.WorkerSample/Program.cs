using Amazon.S3;
using Amazon.S3.Model;
using Sts.Resilience;
using Sts.Resilience.Testing;
using Sts.Resilience.WorkerSample;

// dotnet run --project samples/Sts.Resilience.WorkerSample -- --local
//   runs against an embedded LocalSts on 127.0.0.1 (no AWS account, no network) and stops after three rounds.
// Without --local the sample uses appsettings.json as it is: your role, your default AWS credentials.
var local = args.Contains("--local");
var builder = Host.CreateApplicationBuilder(args.Where(a => a != "--local").ToArray());

var iterationsGiven = args.Any(a => a.Contains("Sample:Iterations", StringComparison.OrdinalIgnoreCase));
await using var localSts = local ? await StartLocalStsAsync(builder, iterationsGiven) : null;

builder.Services.AddRefreshingRoleCredentials();     // reads AWS:AssumeRole (and AWS:SessionRoleArn…) from appsettings.json
builder.Services.AddAWSService<IAmazonS3>();          // signed with the shared, refreshing credentials
builder.Services.AddHealthChecks().AddRefreshingRoleCredentialsCheck();
builder.Services.AddHostedService<BucketLister>();

await builder.Build().RunAsync();

// Starts LocalSts with the role named in appsettings.json and a user allowed to assume it, and points the AWS section at it.
static async Task<LocalSts> StartLocalStsAsync(HostApplicationBuilder builder, bool iterationsGiven)
{
    var sts = await LocalSts.StartAsync();
    var user = sts.CreateUser("sample-user");
    var roleName = builder.Configuration["AWS:AssumeRole:RoleArn"]!.Split('/')[^1];
    sts.CreateRole(roleName);
    using (var s3 = sts.CreateS3Client(user.Credentials))
    {
        await s3.PutObjectAsync(new PutObjectRequest { BucketName = "sample-bucket", Key = "hello.txt", ContentBody = "hello" });
    }

    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["AWS:ServiceURL"] = sts.ServiceUrl,                 // every AddAWSService client
        ["AWS:AuthenticationRegion"] = sts.Region,
        ["AWS:AssumeRole:ServiceUrl"] = sts.ServiceUrl,      // the credentials' STS endpoint
        ["Sample:Iterations"] = iterationsGiven ? builder.Configuration["Sample:Iterations"] : "3",
    });

    // Source credentials are objects, so they come from code (or, without this line, the SDK's default chain).
    builder.Services.Configure<RefreshingRoleCredentialsOptions>(o => o.SourceCredentials = user.Credentials);
    Console.WriteLine($"LocalSts on {sts.ServiceUrl}: user {user.Arn} may assume {builder.Configuration["AWS:AssumeRole:RoleArn"]}");
    return sts;
}
