using System.Globalization;
using System.Net;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Microsoft.Extensions.Time.Testing;

namespace Sts.Resilience.Tests.Credentials;

/// <summary>
/// An STS client that answers AssumeRole from a script and counts calls. Its server clock is the fake clock plus
/// <see cref="ServerClockOffset"/>, reported the way the library reads it (the Date header value in the response metadata).
/// </summary>
internal sealed class FakeSts : IAmazonSecurityTokenService
{
    private readonly FakeTimeProvider _time;
    private int _calls;
    private int _keyCounter;

    public FakeSts(FakeTimeProvider time) => _time = time;

    public int Calls => Volatile.Read(ref _calls);

    public List<AssumeRoleRequest> Requests { get; } = [];

    public TimeSpan ServerClockOffset { get; set; }

    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Gets or sets what the next calls answer; by default fresh credentials of <see cref="Lifetime"/>.</summary>
    public Func<AssumeRoleRequest, Task<AssumeRoleResponse>>? Handler { get; set; }

    public DateTimeOffset ServerNow => _time.GetUtcNow() + ServerClockOffset;

    public string NextKeyId() => "ASIA" + Interlocked.Increment(ref _keyCounter).ToString("D16", CultureInfo.InvariantCulture);

    public AssumeRoleResponse Fresh(TimeSpan? lifetime = null, string? keyId = null) => Respond(keyId ?? NextKeyId(), ServerNow + (lifetime ?? Lifetime));

    public AssumeRoleResponse Respond(string keyId, DateTimeOffset expiration)
    {
        var response = new AssumeRoleResponse
        {
            Credentials = new Amazon.SecurityToken.Model.Credentials(keyId, "SECRET/" + keyId, "TOKEN/" + keyId, expiration.UtcDateTime),
            ResponseMetadata = new ResponseMetadata(),
            HttpStatusCode = HttpStatusCode.OK,
        };
        response.ResponseMetadata.Metadata["Date"] = ServerNow.ToString("r", CultureInfo.InvariantCulture);
        return response;
    }

    public static AmazonSecurityTokenServiceException Error(string code, string message = "boom", HttpStatusCode status = HttpStatusCode.BadRequest) =>
        new(message, ErrorType.Sender, code, "req-1", status);

    public Task<AssumeRoleResponse> AssumeRoleAsync(AssumeRoleRequest request, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        lock (Requests)
        {
            Requests.Add(request);
        }

        return Handler is { } handler ? handler(request) : Task.FromResult(Fresh());
    }

    public IClientConfig Config => throw new NotSupportedException();

    public ClientConfig CreateDefaultClientConfig() => throw new NotSupportedException();

    public IAmazonService CreateDefaultServiceClient(AWSCredentials awsCredentials, ClientConfig clientConfig) => throw new NotSupportedException();

    public Amazon.Runtime.Endpoints.Endpoint DetermineServiceOperationEndpoint(AmazonWebServiceRequest request) => throw new NotSupportedException();

    public Task<AssumeRoleWithSAMLResponse> AssumeRoleWithSAMLAsync(AssumeRoleWithSAMLRequest request, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<AssumeRoleWithWebIdentityResponse> AssumeRoleWithWebIdentityAsync(AssumeRoleWithWebIdentityRequest request, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<AssumeRootResponse> AssumeRootAsync(AssumeRootRequest request, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<DecodeAuthorizationMessageResponse> DecodeAuthorizationMessageAsync(DecodeAuthorizationMessageRequest request, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<GetAccessKeyInfoResponse> GetAccessKeyInfoAsync(GetAccessKeyInfoRequest request, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<GetCallerIdentityResponse> GetCallerIdentityAsync(GetCallerIdentityRequest request, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<GetDelegatedAccessTokenResponse> GetDelegatedAccessTokenAsync(GetDelegatedAccessTokenRequest request, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<GetFederationTokenResponse> GetFederationTokenAsync(GetFederationTokenRequest request, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<GetSessionTokenResponse> GetSessionTokenAsync(GetSessionTokenRequest request, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<GetSessionTokenResponse> GetSessionTokenAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<GetWebIdentityTokenResponse> GetWebIdentityTokenAsync(GetWebIdentityTokenRequest request, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public AssumeRoleImmutableCredentials CredentialsFromAssumeRoleAuthentication(string roleArn, string roleSessionName, AssumeRoleAWSCredentialsOptions options) => throw new NotSupportedException();

    public Task<AssumeRoleImmutableCredentials> CredentialsFromAssumeRoleAuthenticationAsync(string roleArn, string roleSessionName, AssumeRoleAWSCredentialsOptions options) => throw new NotSupportedException();

    public AssumeRoleImmutableCredentials CredentialsFromAssumeRoleWithWebIdentityAuthentication(string webIdentityToken, string roleArn, string roleSessionName, AssumeRoleWithWebIdentityCredentialsOptions options) => throw new NotSupportedException();

    public Task<AssumeRoleImmutableCredentials> CredentialsFromAssumeRoleWithWebIdentityAuthenticationAsync(string webIdentityToken, string roleArn, string roleSessionName, AssumeRoleWithWebIdentityCredentialsOptions options) => throw new NotSupportedException();

    public SAMLImmutableCredentials CredentialsFromSAMLAuthentication(string endpoint, string authenticationType, string roleARN, TimeSpan credentialDuration, ICredentials userCredential) => throw new NotSupportedException();

    public Task<SAMLImmutableCredentials> CredentialsFromSAMLAuthenticationAsync(string endpoint, string authenticationType, string roleARN, TimeSpan credentialDuration, ICredentials userCredential) => throw new NotSupportedException();

    public void Dispose()
    {
    }
}
