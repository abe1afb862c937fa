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
        // Compound and null-coalescing assignments.
        {
            """
            using Amazon.Runtime;
            class Holder
            {
                private ImmutableCredentials? _keys;
                public ImmutableCredentials Get(AWSCredentials credentials) => {|#0:_keys ??= credentials.GetCredentials()|};
            }
            """,
            "_keys"
        },
        {
            """
            using Amazon.Runtime;
            sealed class History<T> { public static History<T> operator +(History<T> history, T item) => history; }
            class Holder
            {
                private History<ImmutableCredentials>? _history;
                public void Record(AWSCredentials credentials) { {|#0:_history += credentials.GetCredentials()|}; }
            }
            """,
            "_history"
        },
        // Assignments inside a lambda and a local function.
        {
            """
            using System;
            using Amazon.Runtime;
            class Holder
            {
                private ImmutableCredentials? _keys;
                public Action Refresher(AWSCredentials credentials) => () => {|#0:_keys = credentials.GetCredentials()|};
            }
            """,
            "_keys"
        },
        {
            """
            using Amazon.Runtime;
            class Holder
            {
                private static ImmutableCredentials? s_keys;
                public void Start(AWSCredentials credentials)
                {
                    Refresh();
                    void Refresh() { {|#0:s_keys = credentials.GetCredentials()|}; }
                }
            }
            """,
            "s_keys"
        },
        // Lazy<T>, Task<T> and ValueTask<T> of a snapshot.
        {
            """
            using System;
            using Amazon.Runtime;
            class Holder(AWSCredentials credentials)
            {
                private readonly Lazy<ImmutableCredentials> _keys = {|#0:new(() => credentials.GetCredentials())|};
            }
            """,
            "_keys"
        },
        {
            """
            using System.Threading.Tasks;
            using Amazon.Runtime;
            class Holder
            {
                private Task<ImmutableCredentials>? _pending;
                public void Start(AWSCredentials credentials) { {|#0:_pending = credentials.GetCredentialsAsync()|}; }
            }
            """,
            "_pending"
        },
        {
            """
            using System.Threading.Tasks;
            using Amazon.Runtime;
            class Holder(AWSCredentials credentials)
            {
                public ValueTask<ImmutableCredentials> Keys { get; } = {|#0:new(credentials.GetCredentialsAsync())|};
            }
            """,
            "Keys"
        },
        // Tuple deconstruction, and a tuple-typed field.
        {
            """
            using Amazon.Runtime;
            class Holder
            {
                private ImmutableCredentials? _keys;
                private string _region = "";
                public void Set(AWSCredentials credentials) { ({|#0:_keys|}, _region) = (credentials.GetCredentials(), "eu-west-1"); }
            }
            """,
            "_keys"
        },
        {
            """
            using Amazon.Runtime;
            class Holder
            {
                private ImmutableCredentials? _keys;
                private int _count;
                public void Set(AWSCredentials credentials) { (_count, {|#0:this._keys|}) = Pair(credentials); }
                private static (int, ImmutableCredentials) Pair(AWSCredentials c) => (1, c.GetCredentials());
            }
            """,
            "_keys"
        },
        {
            """
            using Amazon.Runtime;
            class Holder
            {
                private (ImmutableCredentials Keys, string Region) _current;
                public void Set(AWSCredentials credentials) { {|#0:_current = (credentials.GetCredentials(), "eu-west-1")|}; }
            }
            """,
            "_current"
        },
        // out and ref into a field.
        {
            """
            using System.Collections.Generic;
            using Amazon.Runtime;
            class Holder
            {
                private ImmutableCredentials? _keys;
                public bool Load(Dictionary<string, ImmutableCredentials> cache) => cache.TryGetValue("role", {|#0:out _keys|});
            }
            """,
            "_keys"
        },
        {
            """
            using System.Threading;
            using Amazon.Runtime;
            class Holder
            {
                private ImmutableCredentials? _keys;
                public void Set(AWSCredentials credentials) => Interlocked.Exchange({|#0:ref _keys|}, credentials.GetCredentials());
            }
            """,
            "_keys"
        },
        // A record: positional, an initializer, and an object initializer / with-expression on it.
        {
            """
            using Amazon.Runtime;
            record Session(string Role, {|#0:ImmutableCredentials Keys|});
            """,
            "Keys"
        },
        {
            """
            using Amazon.Runtime;
            record Session { public ImmutableCredentials? Keys { get; init; } }
            class C { Session M(AWSCredentials c) => new Session { {|#0:Keys = c.GetCredentials()|} }; }
            """,
            "Keys"
        },
        {
            """
            using Amazon.Runtime;
            record Session { public ImmutableCredentials? Keys { get; init; } }
            class C { Session M(Session s, AWSCredentials c) => s with { {|#0:Keys = c.GetCredentials()|} }; }
            """,
            "Keys"
        },
        // A collection of snapshots.
        {
            """
            using System.Collections.Generic;
            using Amazon.Runtime;
            class Holder
            {
                private readonly List<ImmutableCredentials> _history = {|#0:new()|};
            }
            """,
            "_history"
        },
        {
            """
            using System.Collections.Concurrent;
            using Amazon.Runtime;
            class Holder
            {
                private static ConcurrentDictionary<string, ImmutableCredentials[]> Cache { get; } = {|#0:new()|};
            }
            """,
            "Cache"
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
        // A local, a parameter, a value returned without being stored, a local tuple and out into a local.
        "using Amazon.Runtime; class C { ImmutableCredentials M(AWSCredentials c) { var (k, n) = (c.GetCredentials(), 1); return k; } }",
        "using Amazon.Runtime; class C { void M(ImmutableCredentials k, AWSCredentials c) { k = c.GetCredentials(); } }",
        "using System.Collections.Generic; using Amazon.Runtime; class C { bool M(Dictionary<string, ImmutableCredentials> d) => d.TryGetValue(\"r\", out var k) && k != null; }",
        "using System; using Amazon.Runtime; class C { Func<ImmutableCredentials> M(AWSCredentials c) => () => c.GetCredentials(); }",
        // A factory of snapshots is how fresh ones are obtained.
        "using System; using Amazon.Runtime; class C(AWSCredentials c) { private readonly Func<ImmutableCredentials> _fresh = c.GetCredentials; }",
        // A local function's local, and null or default.
        "using Amazon.Runtime; class C { private ImmutableCredentials? _k = null; void M(AWSCredentials c) { L(); void L() { var k = c.GetCredentials(); } _k = default; } }",
        // Deconstructing null into the field clears it.
        "using Amazon.Runtime; class C { private ImmutableCredentials? _k; private int _n; void M() { (_k, _n) = (null, 1); } }",
        // Our own types (the library's internals cache snapshots on purpose).
        "using Amazon.Runtime; namespace Sts.Resilience.Internal { class Entry { private ImmutableCredentials? _k; void M(AWSCredentials c) => _k ??= c.GetCredentials(); } }",
        // A class (not a record) being initialised by its caller.
        "using System.Collections.Generic; using Amazon.Runtime; class Dto { public List<ImmutableCredentials>? All { get; set; } } class C { Dto M() => new Dto { All = new() }; }",
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
