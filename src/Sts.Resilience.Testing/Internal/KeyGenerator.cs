using System.Security.Cryptography;

namespace Sts.Resilience.Testing;

/// <summary>Random identifiers in the shapes AWS uses.</summary>
internal static class KeyGenerator
{
    private const string Base32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private const string SecretAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    /// <summary>A 20-character id: the prefix (AKIA, ASIA, AIDA, AROA) and 16 characters of [A-Z2-7].</summary>
    public static string Id(string prefix) => prefix + RandomNumberGenerator.GetString(Base32, 20 - prefix.Length);

    public static string SecretAccessKey() => RandomNumberGenerator.GetString(SecretAlphabet, 40);

    /// <summary>An opaque session token. Real ones are hundreds of characters; so is this one.</summary>
    public static string SessionToken() => "TG9jYWxTdHM" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(300));

    public static string RequestId() => Guid.NewGuid().ToString();
}
