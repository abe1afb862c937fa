#if !NET8_0_OR_GREATER
using System.Runtime.InteropServices;

namespace Sts.Resilience.Profiles;

/// <summary>
/// Writes a file that holds a secret on the netstandard2.0 build, where <c>FileStream</c> cannot be given a Unix mode: the
/// file is created inside a new directory made 0700 by <c>mkdir(2)</c> (so no other user can open it whatever the umask
/// gives it), made 0600 there, then renamed into place. It is never visible in the shared directory with any other mode.
/// Fails closed: when libc cannot be called or a mode cannot be set, an exception is thrown and nothing is written.
/// </summary>
internal class UnixPrivateFile
{
    private const int PrivateDirectoryMode = 448; // 0700
    private const int PrivateFileMode = 384; // 0600

    /// <summary>Gets the instance that calls libc.</summary>
    public static UnixPrivateFile Libc { get; } = new();

    /// <summary>
    /// Writes <paramref name="content"/> to <paramref name="destination"/> (in <paramref name="directory"/>) with mode 0600,
    /// replacing what is there in one rename.
    /// </summary>
    /// <exception cref="IOException">Thrown when the private directory or the file's mode could not be set up; nothing was written.</exception>
    /// <exception cref="NotSupportedException">Thrown when libc cannot be called; nothing was written.</exception>
    public void Write(string directory, string destination, byte[] content, Action<string, string> replace)
    {
        var staging = Path.Combine(directory, "." + Guid.NewGuid().ToString("N") + ".d");
        Check(MakeDirectory(staging, PrivateDirectoryMode), "create the private directory", staging);
        var temporary = Path.Combine(staging, "entry");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(content, 0, content.Length);
                stream.Flush(flushToDisk: true);
            }

            Check(ChangeMode(temporary, PrivateFileMode), "make the file 0600", temporary);
            replace(temporary, destination);
        }
        finally
        {
            TryDelete(temporary);
            TryDeleteDirectory(staging);
        }
    }

    /// <summary>Creates <paramref name="directory"/> with mode 0700 when it does not exist (its parents with the umask's mode).</summary>
    /// <exception cref="IOException">Thrown when it could not be created.</exception>
    public void EnsureDirectory(string directory)
    {
        if (Directory.Exists(directory))
        {
            return;
        }

        if (Path.GetDirectoryName(directory) is { Length: > 0 } parent)
        {
            Directory.CreateDirectory(parent);
        }

        if (MakeDirectory(directory, PrivateDirectoryMode) != 0 && !Directory.Exists(directory))
        {
            Check(-1, "create the cache directory", directory);
        }
    }

    /// <summary>Calls <c>mkdir(2)</c>; 0 on success.</summary>
    /// <returns>0, or -1 with the error in <see cref="Marshal.GetLastWin32Error"/>.</returns>
    protected virtual int MakeDirectory(string path, int mode) => Call(() => NativeMethods.mkdir(path, mode));

    /// <summary>Calls <c>chmod(2)</c>; 0 on success.</summary>
    /// <returns>0, or -1 with the error in <see cref="Marshal.GetLastWin32Error"/>.</returns>
    protected virtual int ChangeMode(string path, int mode) => Call(() => NativeMethods.chmod(path, mode));

    private static int Call(Func<int> call)
    {
        try
        {
            return call();
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            throw new NotSupportedException("libc cannot be called, so the cache file's mode cannot be set; not writing it.", ex);
        }
    }

    private static void Check(int result, string what, string path)
    {
        if (result != 0)
        {
            throw new IOException($"Could not {what} ({path}, errno {Marshal.GetLastWin32Error()}); not writing the cache entry.");
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }

    private static void TryDeleteDirectory(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }

    private static class NativeMethods
    {
#pragma warning disable CA5392, SA1300 // libc's own names; loaded from the default search path.
        [DllImport("libc", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        public static extern int mkdir(string pathname, int mode);

        [DllImport("libc", SetLastError = true, CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        public static extern int chmod(string pathname, int mode);
#pragma warning restore CA5392, SA1300
    }
}
#endif
