using Verify = Sts.Resilience.Analyzers.Tests.Verifiers.AnalyzerVerifier<Sts.Resilience.Analyzers.CredentialsSnapshotAnalyzer>;

namespace Sts.Resilience.Analyzers.Tests.Rules;

public class CredentialsSnapshotAnalyzerTests
{
    public static TheoryData<string, string> Positives => new()
    {
        {
            """
            using Amazon.Runtime;
            class Uploader
            {
                private readonly ImmutableCredentials _keys;
                public Uploader(AWSCredentials credentials) { {|#0:_keys = credentials.GetCredentials()|}; }
            }
            """,
            "_keys"
        },
        {
            """
            using System.Threading.Tasks;
            using Amazon.Runtime;
            class Uploader
            {
                public ImmutableCredentials? Keys { get; private set; }
                public async Task InitAsync(AWSCredentials credentials) { {|#0:Keys = await credentials.GetCredentialsAsync()|}; }
            }
            """,
            "Keys"
        },
        {
            """
            using Amazon.Runtime;
            static class Global
            {
                static readonly AWSCredentials Provider = new BasicAWSCredentials("a", "s");
                static readonly ImmutableCredentials Snapshot = {|#0:Provider.GetCredentials()|};
            }
            """,
            "Snapshot"
        },
        {
            """
            using Amazon.Runtime;
            class Holder
            {
                public static ImmutableCredentials? Current { get; set; }
                public static void Set(AWSCredentials credentials) => {|#0:Current = credentials.GetCredentials()|};
            }
            """,
            "Current"
        },
        {
            """
            using Amazon.Runtime;
            class Holder
            {
                private ImmutableCredentials? _keys;
                public void Set(AWSCredentials credentials) { var k = credentials.GetCredentials(); {|#0:this._keys = k|}; }
            }
            """,
            "_keys"
        },
        {
            """
            using Amazon.Runtime;
            class Holder
            {
                private readonly ImmutableCredentials _keys;
                public Holder(string a, string s, string t) { {|#0:_keys = new(a, s, t)|}; }
            }
            """,
            "_keys"
        },
        {
            """
            using Amazon.Runtime;
            class Holder(AWSCredentials credentials)
            {
                public ImmutableCredentials Keys { get; } = {|#0:credentials.GetCredentials()|};
            }
            """,
            "Keys"
        },
    };

    public static TheoryData<string> Negatives => new()
    {
        // A local lives for one call.
        "using Amazon.Runtime; class C { string M(AWSCredentials c) { var keys = c.GetCredentials(); return keys.AccessKey; } }",
        // A credentials provider caches the snapshot it hands out.
        """
        using Amazon.Runtime;
        class CachingCredentials : AWSCredentials
        {
            private ImmutableCredentials? _cached;
            public override ImmutableCredentials GetCredentials() => _cached = new ImmutableCredentials("a", "s", "t");
        }
        """,
        // Keeping the provider, not the snapshot.
        "using Amazon.Runtime; class C { private readonly AWSCredentials _credentials; public C(AWSCredentials c) { _credentials = c; } }",
        // Another, short-lived object's property in an initializer, or another object's field.
        "using Amazon.Runtime; class Dto { public ImmutableCredentials? Keys { get; set; } } class C { Dto M(AWSCredentials c) => new Dto { Keys = c.GetCredentials() }; }",
        "using Amazon.Runtime; class Dto { public ImmutableCredentials? Keys; } class C { void M(Dto d, AWSCredentials c) { d.Keys = c.GetCredentials(); } }",
        // Passed on, not stored.
        "using Amazon.Runtime; class C { void M(AWSCredentials c) => Use(c.GetCredentials()); void Use(ImmutableCredentials k) { } }",
        // A string taken from the snapshot is not the snapshot (STSR006 is about the object that expires as a whole).
        "using Amazon.Runtime; class C { private string _region = \"\"; void M(AWSCredentials c) { _region = c.GetCredentials().AccessKey.Substring(0, 4); } }",
    };

    [Theory]
    [MemberData(nameof(Positives))]
    public Task Snapshot_StoredInMember_Reported(string source, string member)
        => Verify.VerifyAsync(source, Verify.Diagnostic("STSR006").WithLocation(0).WithArguments(member));

    [Theory]
    [MemberData(nameof(Negatives))]
    public Task Snapshot_NotStored_NotReported(string source) => Verify.VerifyAsync(source);

    [Fact]
    public Task Snapshot_WithoutAwsSdk_NotReported()
        => Verify.VerifyWithoutAwsAsync("""
            namespace Amazon.Runtime { class ImmutableCredentials { } }
            class C { Amazon.Runtime.ImmutableCredentials _k; C() { _k = new Amazon.Runtime.ImmutableCredentials(); } }
            """);
}
