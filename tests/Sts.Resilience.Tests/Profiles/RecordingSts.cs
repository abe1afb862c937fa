using System.Globalization;
using System.Net;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;

namespace Sts.Resilience.Tests.Profiles;

/// <summary>One AssumeRole call as a role hop made it: the request and the access key id it was signed with.</summary>
internal sealed record StsCall(AssumeRoleRequest Request, string SignedWithAccessKeyId);

/// <summary>
/// STS clients for profile tests: one client per hop (built by <see cref="Create"/>), each answering AssumeRole with new
/// credentials and recording the access key id of the source credentials it would have signed with (it asks its
/// source credentials for them, as the SDK does before signing), so a chain can be followed hop by hop. Never
/// touches the network.
/// </summary>
internal sealed class RecordingSts
{
    private readonly TimeProvider _time;
    private readonly List<StsCall> _calls = [];
    private int _keys;

    public RecordingSts(TimeProvider time) => _time = time;

    public List<RefreshingRoleCredentialsOptions> ClientsCreatedFor { get; } = [];

    public IReadOnlyList<StsCall> Calls
    {
        get
        {
            lock (_calls)
            {
                return _calls.ToArray();
            }
        }
    }

    public TimeSpan? LifetimeOverride { get; set; }

    public IAmazonSecurityTokenService Create(RefreshingRoleCredentialsOptions hop)
    {
        lock (_calls)
        {
            ClientsCreatedFor.Add(hop);
        }

        return new Client(this, hop.SourceCredentials!);
    }

    private async Task<AssumeRoleResponse> AnswerAsync(AssumeRoleRequest request, AWSCredentials source)
    {
        var signingKey = (await source.GetCredentialsAsync()).AccessKey;
        lock (_calls)
        {
            _calls.Add(new StsCall(request, signingKey));
        }

        var key = "ASIA" + Interlocked.Increment(ref _keys).ToString("D16", CultureInfo.InvariantCulture);
        var lifetime = LifetimeOverride ?? TimeSpan.FromSeconds(request.DurationSeconds ?? 3600);
        var response = new AssumeRoleResponse
        {
            Credentials = new Amazon.SecurityToken.Model.Credentials(key, "SECRET/" + key, "TOKEN/" + key, (_time.GetUtcNow() + lifetime).UtcDateTime),
            ResponseMetadata = new ResponseMetadata(),
            HttpStatusCode = HttpStatusCode.OK,
        };
        response.ResponseMetadata.Metadata["Date"] = _time.GetUtcNow().ToString("r", CultureInfo.InvariantCulture);
        return response;
    }

    private sealed class Client(RecordingSts owner, AWSCredentials source)
        : AmazonSecurityTokenServiceClient(new AnonymousAWSCredentials(), new AmazonSecurityTokenServiceConfig { ServiceURL = "http://127.0.0.1:9", AuthenticationRegion = "us-east-1" })
    {
        public override Task<AssumeRoleResponse> AssumeRoleAsync(AssumeRoleRequest request, CancellationToken cancellationToken = default)
            => owner.AnswerAsync(request, source);
    }
}
