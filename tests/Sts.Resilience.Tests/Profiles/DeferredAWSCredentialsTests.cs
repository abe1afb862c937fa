using Amazon.Runtime;
using Sts.Resilience.Profiles;

namespace Sts.Resilience.Tests.Profiles;

public sealed class DeferredAWSCredentialsTests
{
    [Fact]
    public async Task GetCredentials_AfterDispose_ThrowsObjectDisposedWithoutBuildingTheProvider()
    {
        var built = 0;
        var credentials = new DeferredAWSCredentials("test source", () =>
        {
            built++;
            return new BasicAWSCredentials("AKIDEFERREDTEST00001", "secret");
        });

        credentials.Dispose();

        Assert.Throws<ObjectDisposedException>(() => credentials.GetCredentials());
        await Assert.ThrowsAsync<ObjectDisposedException>(() => credentials.GetCredentialsAsync());
        Assert.Equal(0, built);
        Assert.False(credentials.IsCreated);
    }
}
