using Amazon.Extensions.NETCore.Setup;
using Amazon.Runtime;
using Microsoft.Extensions.Logging;
using Sts.Resilience.Http;
using Sts.Resilience.Internal;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Adds <see cref="AwsSigV4Handler"/> to an <see cref="IHttpClientBuilder"/>: every request of the client is signed with
/// SigV4 and resent once with new credentials when the service says the session expired.
/// </summary>
/// <remarks>
/// Handlers run in the order they are added, the first outermost. Add resilience handlers first and the signer last, so
/// that each retry or hedged attempt is signed anew:
/// <code>
/// var orders = services.AddHttpClient("orders", c => c.BaseAddress = new Uri("https://abc123.execute-api.eu-west-1.amazonaws.com/"));
/// orders.AddStandardResilienceHandler();           // outside: retries, timeouts, circuit breaker
/// orders.AddAwsSigV4("execute-api", "eu-west-1"); // inside: signs every attempt
/// </code>
/// </remarks>
public static class AwsSigV4HttpClientBuilderExtensions
{
    /// <summary>
    /// Signs the client's requests with the credentials the AWS SDK's clients get from the container:
    /// <see cref="AWSOptions.Credentials"/> (what <c>AddRefreshingRoleCredentials()</c> sets), else a registered
    /// <see cref="AWSCredentials"/>.
    /// </summary>
    /// <param name="builder">The client's builder.</param>
    /// <param name="service">The SigV4 service name, such as <c>execute-api</c>.</param>
    /// <param name="region">The signing region.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException">Thrown when an argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when <paramref name="service"/> or <paramref name="region"/> is empty.</exception>
    /// <remarks>When the client is first created and the container has no credentials, an <see cref="InvalidOperationException"/> says how to register them.</remarks>
    public static IHttpClientBuilder AddAwsSigV4(this IHttpClientBuilder builder, string service, string region)
        => AddCore(builder, service, region, ResolveCredentials);

    /// <summary>Signs the client's requests with <paramref name="credentials"/>.</summary>
    /// <param name="builder">The client's builder.</param>
    /// <param name="service">The SigV4 service name, such as <c>execute-api</c>.</param>
    /// <param name="region">The signing region.</param>
    /// <param name="credentials">The credentials; <see cref="Sts.Resilience.RefreshingRoleCredentials"/> recover from an expired session, static ones end in an actionable error.</param>
    /// <returns>The builder, for chaining.</returns>
    /// <exception cref="ArgumentNullException">Thrown when an argument is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">Thrown when <paramref name="service"/> or <paramref name="region"/> is empty.</exception>
    public static IHttpClientBuilder AddAwsSigV4(this IHttpClientBuilder builder, string service, string region, AWSCredentials credentials)
    {
        Guard.NotNull(credentials);
        return AddCore(builder, service, region, _ => credentials);
    }

    private static IHttpClientBuilder AddCore(IHttpClientBuilder builder, string service, string region, Func<IServiceProvider, AWSCredentials> credentials)
    {
        Guard.NotNull(builder);
        Guard.NotNullOrEmpty(service);
        Guard.NotNullOrEmpty(region);
        return builder.AddHttpMessageHandler(services => new AwsSigV4Handler(
            credentials(services),
            service,
            region,
            services.GetService<TimeProvider>(),
            services.GetService<ILoggerFactory>()));
    }

    private static AWSCredentials ResolveCredentials(IServiceProvider services)
        => services.GetService<AWSOptions>()?.Credentials
           ?? services.GetService<AWSCredentials>()
           ?? throw new InvalidOperationException(
               "AddAwsSigV4(service, region) signs with the credentials registered in the container, and there are none: "
               + "call services.AddRefreshingRoleCredentials() (or register AWSOptions with Credentials, or an AWSCredentials singleton), "
               + "or pass the credentials: AddAwsSigV4(service, region, credentials).");
}
