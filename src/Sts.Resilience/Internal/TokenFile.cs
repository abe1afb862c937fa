namespace Sts.Resilience.Internal;

/// <summary>Reads a token file a platform keeps rewriting (a web identity JWT, a container authorization token).</summary>
internal static class TokenFile
{
    /// <summary>Reads the whole file as text, afresh on every call, synchronously (the synchronous fetch).</summary>
    /// <param name="path">The file.</param>
    /// <returns>The file's text, untrimmed.</returns>
    /// <exception cref="IOException">Thrown when the file cannot be read; the caller words it for its source.</exception>
    /// <exception cref="UnauthorizedAccessException">Thrown when the process may not read the file.</exception>
    public static string Read(string path)
    {
        using var reader = new StreamReader(path);
        return reader.ReadToEnd();
    }

    /// <summary>Reads the whole file as text, afresh on every call.</summary>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Cancels the read (on .NET 8 and later).</param>
    /// <returns>The file's text, untrimmed.</returns>
    /// <exception cref="IOException">Thrown when the file cannot be read; the caller words it for its source.</exception>
    /// <exception cref="UnauthorizedAccessException">Thrown when the process may not read the file.</exception>
    public static async Task<string> ReadAsync(string path, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(path);
#if NET8_0_OR_GREATER
        return await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
#else
        return await reader.ReadToEndAsync().ConfigureAwait(false);
#endif
    }
}
