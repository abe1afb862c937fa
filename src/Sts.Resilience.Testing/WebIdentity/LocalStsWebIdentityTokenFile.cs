namespace Sts.Resilience.Testing;

/// <summary>
/// A web identity token file that LocalSts keeps fresh (see <see cref="LocalSts.WriteWebIdentityTokenFile"/>), as the
/// kubelet keeps an EKS projected service account token fresh. Thread-safe.
/// </summary>
public sealed class LocalStsWebIdentityTokenFile : IDisposable
{
    private readonly Func<string> _issue;
    private readonly ITimer _timer;
    private readonly object _gate = new();
    private int _rotations;
    private bool _disposed;

    internal LocalStsWebIdentityTokenFile(string path, Func<string> issue, TimeSpan rotateEvery, TimeProvider time)
    {
        Path = path;
        _issue = issue;
        Token = string.Empty;
        Write();
        _timer = time.CreateTimer(_ => Rotate(), null, rotateEvery, rotateEvery);
    }

    /// <summary>Gets the path of the file.</summary>
    public string Path { get; }

    /// <summary>Gets the token the file holds now.</summary>
    public string Token { get; private set; }

    /// <summary>Gets how many times the file has been rewritten after the first write.</summary>
    public int Rotations => Volatile.Read(ref _rotations);

    /// <summary>Replaces the token now, as a platform rotating it early would.</summary>
    public void Rotate()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            Write();
            _rotations++;
        }
    }

    /// <summary>Stops the rewrites; the file stays as it is.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
        }

        _timer.Dispose();
    }

    private void Write()
    {
        var token = _issue();
        // Write beside and move over, so a reader never sees a half-written token.
        var temporary = Path + ".tmp";
        File.WriteAllText(temporary, token);
        File.Move(temporary, Path, overwrite: true);
        Token = token;
    }
}
