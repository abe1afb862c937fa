using System.Collections.Concurrent;

namespace Sts.Resilience.Testing;

/// <summary>Users, roles and the sessions issued to them. Thread-safe.</summary>
internal sealed class IdentityStore(string accountId)
{
    private readonly ConcurrentDictionary<string, Principal> _byAccessKey = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, LocalStsRole> _rolesByArn = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, LocalStsUser> _usersByName = new(StringComparer.Ordinal);
    private long _sequence;

    public string AccountId { get; } = accountId;

    public LocalStsUser AddUser(string name, string accessKeyId, string secretAccessKey)
    {
        var arn = $"arn:aws:iam::{AccountId}:user/{name}";
        var user = new LocalStsUser(name, arn, KeyGenerator.Id("AIDA"), accessKeyId, secretAccessKey);
        if (!_usersByName.TryAdd(name, user))
        {
            throw new InvalidOperationException($"A user named '{name}' already exists.");
        }

        var principal = new Principal
        {
            AccessKeyId = accessKeyId,
            SecretAccessKey = secretAccessKey,
            Kind = PrincipalKind.User,
            Arn = arn,
            PrincipalArn = arn,
            UserId = user.UserId,
            Sequence = Interlocked.Increment(ref _sequence),
        };
        if (!_byAccessKey.TryAdd(accessKeyId, principal))
        {
            _usersByName.TryRemove(name, out _);
            throw new InvalidOperationException($"The access key id …{LocalStsText.Last4(accessKeyId)} is already registered.");
        }

        return user;
    }

    public LocalStsRole AddRole(string name, LocalStsRoleOptions options)
    {
        var arn = $"arn:aws:iam::{AccountId}:role/{name}";
        var role = new LocalStsRole(name, arn, KeyGenerator.Id("AROA"), options);
        if (!_rolesByArn.TryAdd(arn, role))
        {
            throw new InvalidOperationException($"A role named '{name}' already exists.");
        }

        return role;
    }

    public LocalStsRole? FindRole(string arn) => _rolesByArn.TryGetValue(arn, out var role) ? role : null;

    public Principal? Find(string accessKeyId) => _byAccessKey.TryGetValue(accessKeyId, out var principal) ? principal : null;

    public Principal IssueSession(PrincipalKind kind, string arn, string userId, string principalArn, DateTimeOffset expiration, string? sourceIdentity)
    {
        while (true)
        {
            var session = new Principal
            {
                AccessKeyId = KeyGenerator.Id("ASIA"),
                SecretAccessKey = KeyGenerator.SecretAccessKey(),
                SessionToken = KeyGenerator.SessionToken(),
                Kind = kind,
                Arn = arn,
                UserId = userId,
                PrincipalArn = principalArn,
                Expiration = expiration,
                SourceIdentity = sourceIdentity,
                Sequence = Interlocked.Increment(ref _sequence),
            };
            if (_byAccessKey.TryAdd(session.AccessKeyId, session))
            {
                return session;
            }
        }
    }

    /// <summary>Marks every session issued so far as revoked; returns how many were live.</summary>
    public int RevokeAllSessions()
    {
        var count = 0;
        foreach (var principal in _byAccessKey.Values)
        {
            if (principal.IsTemporary && !principal.Revoked)
            {
                principal.Revoked = true;
                count++;
            }
        }

        return count;
    }

    public bool RevokeSession(string accessKeyId)
    {
        if (Find(accessKeyId) is { IsTemporary: true, Revoked: false } session)
        {
            session.Revoked = true;
            return true;
        }

        return false;
    }
}
