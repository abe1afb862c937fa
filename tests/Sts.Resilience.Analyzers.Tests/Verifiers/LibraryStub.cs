namespace Sts.Resilience.Analyzers.Tests.Verifiers;

/// <summary>
/// The shape of the library types the rules and fixes name (contract of <c>Sts.Resilience.RefreshingRoleCredentials</c>),
/// compiled into test sources so fixed code compiles without referencing the library.
/// </summary>
internal static class LibraryStub
{
    public const string Source = """
        #nullable enable
        namespace Sts.Resilience
        {
            public sealed class RefreshingRoleCredentialsOptions
            {
                public string RoleArn { get; set; } = "";
                public string? RoleSessionName { get; set; }
                public System.TimeSpan Duration { get; set; } = System.TimeSpan.FromHours(1);
                public string? ExternalId { get; set; }
                public Amazon.Runtime.AWSCredentials? SourceCredentials { get; set; }
            }

            public sealed class RefreshingRoleCredentials : Amazon.Runtime.AWSCredentials
            {
                public RefreshingRoleCredentials(RefreshingRoleCredentialsOptions options, Amazon.SecurityToken.IAmazonSecurityTokenService? stsClient = null) { }
                public override Amazon.Runtime.ImmutableCredentials GetCredentials() => throw new System.NotSupportedException();
            }
        }
        """;

    /// <summary>
    /// The web-identity options as the library declares them (<c>Sts.Resilience.RefreshingWebIdentityCredentialsOptions</c>,
    /// recognised by name): only the member STSR005 checks.
    /// </summary>
    public const string WebIdentityOptionsSource = """
        namespace Sts.Resilience
        {
            public sealed class RefreshingWebIdentityCredentialsOptions
            {
                public System.TimeSpan Duration { get; set; } = System.TimeSpan.FromHours(1);
            }
        }
        """;
}
