using Sts.Resilience.Testing.Sts;

namespace Sts.Resilience.Testing;

/// <summary>
/// The current session of a credentials endpoint: the same one until it nears expiry (or is revoked), then a new one,
/// as the ECS agent and EC2 do. Sessions are ordinary role sessions: they work on every service LocalSts serves.
/// </summary>
internal sealed class RoleSessionVendor(IdentityStore store, LocalStsRole role, string sessionName, TimeSpan duration, TimeSpan renewBefore)
{
    private readonly object _gate = new();
    private Principal? _current;
    private DateTimeOffset _issuedAt;

    public LocalStsRole Role => role;

    public (Principal Session, DateTimeOffset IssuedAt) Current(DateTimeOffset now)
    {
        lock (_gate)
        {
            if (_current is null || _current.Revoked || now >= _current.Expiration!.Value - renewBefore)
            {
                _issuedAt = StsEndpoint.WholeSeconds(now);
                _current = store.IssueSession(
                    PrincipalKind.RoleSession,
                    $"arn:aws:sts::{store.AccountId}:assumed-role/{role.Name}/{sessionName}",
                    $"{role.RoleId}:{sessionName}",
                    role.Arn,
                    _issuedAt + duration,
                    null);
            }

            return (_current, _issuedAt);
        }
    }
}
