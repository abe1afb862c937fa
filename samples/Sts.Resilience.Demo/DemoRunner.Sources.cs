using Amazon.SecurityToken;
using Microsoft.Extensions.Logging;
using Sts.Resilience.Testing;

namespace Sts.Resilience.Demo;

/// <summary>The credentials of the resilient run, one kind per <see cref="DemoSource"/>, each vended by the embedded LocalSts.</summary>
public static partial class DemoRunner
{
    /// <summary>
    /// The engine's hard stop for one fetch runs on the demo clock, which at 180x makes a minute of it a third of a wall
    /// second: the longest time each front allows keeps a real round trip on a loaded machine inside it.
    /// </summary>
    private static readonly TimeSpan StsFetchTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan EndpointFetchTimeout = TimeSpan.FromMinutes(1);

    private static DemoCredentials CreateCredentials(DemoOptions options, LocalSts sts, LocalStsUser user, LocalStsRole role, TimeProvider time, ILoggerFactory? logs)
    {
        // The endpoints vend a new session from 20 minutes before expiry: every refresh the library makes in its
        // 15-minute advisory window gets a new session, as the ECS agent and EC2 have one ready by then.
        void Vending(LocalStsCredentialsEndpointOptions o)
        {
            o.SessionDuration = options.SessionDuration;
            o.RenewBefore = TimeSpan.FromMinutes(20);
        }

        switch (options.Source)
        {
            case DemoSource.WebIdentity:
            {
                // A token file LocalSts rewrites at 80 % of each 1-hour token's lifetime, as the kubelet does (EKS uses
                // 24 hours): the credentials read it again at every refresh, so they follow the rotation.
                var folder = Directory.CreateTempSubdirectory("sts-resilience-demo-");
                var tokenFile = sts.WriteWebIdentityTokenFile(Path.Combine(folder.FullName, "token"), role, TimeSpan.FromHours(1));
                var credentials = new RefreshingWebIdentityCredentials(
                    new RefreshingWebIdentityCredentialsOptions
                    {
                        RoleArn = role.Arn,
                        RoleSessionName = "demo",
                        WebIdentityTokenFile = tokenFile.Path,
                        Duration = options.SessionDuration,
                        ServiceUrl = sts.ServiceUrl,
                        Region = "us-east-1",
                        StsTimeout = StsFetchTimeout,
                    },
                    time,
                    logs);
                return new DemoCredentials(credentials, LocalStsActions.AssumeRoleWithWebIdentity, LocalStsServices.Sts,
                    "STS AssumeRoleWithWebIdentity with a token file", new Cleanup(() =>
                    {
                        tokenFile.Dispose();
                        folder.Delete(recursive: true);
                    }));
            }

            case DemoSource.Container:
            {
                var endpoint = sts.CreateContainerCredentials(role, Vending);
                var credentials = new RefreshingContainerCredentials(
                    new RefreshingContainerCredentialsOptions { FullUri = endpoint.FullUri, AuthorizationToken = endpoint.AuthorizationToken, Timeout = EndpointFetchTimeout },
                    time,
                    logs);
                return new DemoCredentials(credentials, LocalStsActions.GetContainerCredentials, LocalStsServices.ContainerCredentials,
                    "the container credentials endpoint");
            }

            case DemoSource.Imds:
            {
                var imds = sts.CreateInstanceMetadata(role, Vending);
                var credentials = new RefreshingInstanceProfileCredentials(
                    new RefreshingInstanceProfileCredentialsOptions { Endpoint = imds.Endpoint, Timeout = EndpointFetchTimeout },
                    time,
                    logs);
                return new DemoCredentials(credentials, LocalStsActions.GetImdsCredentials, LocalStsServices.InstanceMetadata,
                    "instance metadata (IMDSv2)");
            }

            default:
            {
                // The SDK's own retry back-off waits on the wall clock, which the demo cannot compress: at 180x one second of
                // it is three minutes of session time. So the credentials' STS client makes one attempt per refresh, and the
                // library's back-off (300-600 s, on the accelerated clock) does the waiting, as it would after the SDK gave up.
                var stsConfig = WallClockSigning(sts.CreateStsConfig());
                stsConfig.MaxErrorRetry = 0;
                var stsClient = new AmazonSecurityTokenServiceClient(user.Credentials, stsConfig);
                var credentials = new RefreshingRoleCredentials(
                    new RefreshingRoleCredentialsOptions
                    {
                        RoleArn = role.Arn,
                        RoleSessionName = "demo",
                        Duration = options.SessionDuration,
                        StsTimeout = StsFetchTimeout,
                    },
                    stsClient,
                    time,
                    logs);
                return new DemoCredentials(credentials, LocalStsActions.AssumeRole, LocalStsServices.Sts, "STS AssumeRole", stsClient);
            }
        }
    }

    private static string SourceTypeName(DemoSource source) => source switch
    {
        DemoSource.WebIdentity => nameof(RefreshingWebIdentityCredentials),
        DemoSource.Container => nameof(RefreshingContainerCredentials),
        DemoSource.Imds => nameof(RefreshingInstanceProfileCredentials),
        _ => nameof(RefreshingRoleCredentials),
    };

    private sealed class Cleanup(Action action) : IDisposable
    {
        public void Dispose() => action();
    }
}
