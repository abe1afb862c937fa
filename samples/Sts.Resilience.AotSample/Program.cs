using System.Runtime.CompilerServices;
using System.Text;
using Amazon.S3;
using Amazon.S3.Model;
using Sts.Resilience;
using Sts.Resilience.AotSample;
using Sts.Resilience.Testing;

// Sts.Resilience in a Native AOT binary, against an embedded LocalSts on 127.0.0.1 (no AWS account, no network):
// assume a role, call S3, lose the session to a revocation and recover through ExpiredTokenRetry. Exit code 0 when
// every step did what it should. eng/aot.sh publishes it with PublishAot=true and runs it.
var checks = new Checks();
Console.WriteLine($"runtime: {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, dynamic code supported: {RuntimeFeature.IsDynamicCodeSupported}");

// Before any client is built: the handler is installed into clients constructed afterwards.
ExpiredTokenRetry.Register();

await using var sts = await LocalSts.StartAsync();
var user = sts.CreateUser("aot-user");
var role = sts.CreateRole("aot-app");
using var stsClient = sts.CreateStsClient(user.Credentials);
await using var credentials = new RefreshingRoleCredentials(
    new RefreshingRoleCredentialsOptions { RoleArn = role.Arn, RoleSessionName = "aot-sample" },
    stsClient);
using var s3 = new AmazonS3Client(credentials, sts.CreateS3Config());

// 1. The first call assumes the role and signs with the session.
await s3.PutObjectAsync(new PutObjectRequest { BucketName = "aot-bucket", Key = "hello.txt", ContentBody = "hello from native code" });
using (var got = await s3.GetObjectAsync("aot-bucket", "hello.txt"))
using (var reader = new StreamReader(got.ResponseStream, Encoding.UTF8))
{
    var body = await reader.ReadToEndAsync();
    checks.That(body == "hello from native code", $"S3 PutObject/GetObject round trip through the assumed role: '{body}'");
}

var firstKey = (await credentials.GetCredentialsAsync()).AccessKey;
checks.That(firstKey.StartsWith("ASIA", StringComparison.Ordinal), $"RefreshingRoleCredentials holds a session ({firstKey[..8]}…)");
checks.That(sts.Counters.Succeeded(LocalStsActions.AssumeRole) == 1, $"AssumeRole calls: {sts.Counters.Succeeded(LocalStsActions.AssumeRole)}");

// 2. The session is revoked: S3 rejects the next call with ExpiredToken, the handler refreshes and retries once.
sts.RevokeAllSessions();
var buckets = await s3.ListBucketsAsync(new ListBucketsRequest());
var rejected = sts.Counters.Count(LocalStsActions.ListBuckets, "ExpiredToken");
checks.That(buckets.Buckets?.Any(b => b.BucketName == "aot-bucket") == true, "ListBuckets after the revocation succeeded and lists aot-bucket");
checks.That(rejected == 1, $"ListBuckets rejected with ExpiredToken before the retry: {rejected}");
var secondKey = (await credentials.GetCredentialsAsync()).AccessKey;
checks.That(secondKey != firstKey, $"ExpiredTokenRetry invalidated the session: new key {secondKey[..8]}…");
checks.That(sts.Counters.Succeeded(LocalStsActions.AssumeRole) == 2, $"AssumeRole calls: {sts.Counters.Succeeded(LocalStsActions.AssumeRole)}");

// 3. Credentials that outlive a presigned URL, and a status snapshot without secrets.
var longLived = await credentials.GetCredentialsAsync(TimeSpan.FromMinutes(30));
checks.That(longLived.AccessKey == secondKey, "GetCredentialsAsync(30 min) serves the cached session");
var status = credentials.Status;
checks.That(status.LastError is null && !status.IsExpired && status.AccessKeyIdSuffix is not null, $"Status: key …{status.AccessKeyIdSuffix}, expires {status.Expiration:u}, no error");

return checks.Finish();
