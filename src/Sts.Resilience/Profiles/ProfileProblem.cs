namespace Sts.Resilience.Profiles;

/// <summary>What is wrong with a profile; one kind per error message (see <see cref="ProfileConfigurationException.Problem"/>).</summary>
public enum ProfileProblem
{
    /// <summary>Nothing, or not known (an exception not raised while reading a profile).</summary>
    None = 0,

    /// <summary>The profile does not exist in either file.</summary>
    ProfileNotFound,

    /// <summary>The profile has no <c>role_arn</c>.</summary>
    NotARoleProfile,

    /// <summary>The profile sets role settings (<c>source_profile</c>, <c>duration_seconds</c>…) without <c>role_arn</c>.</summary>
    RoleSettingsWithoutRoleArn,

    /// <summary>The <c>source_profile</c> names a profile that does not exist.</summary>
    SourceProfileNotFound,

    /// <summary>The profile sets both <c>source_profile</c> and <c>credential_source</c>.</summary>
    SourceProfileAndCredentialSource,

    /// <summary>The profile sets <c>role_arn</c> but neither <c>source_profile</c> nor <c>credential_source</c>.</summary>
    NoSourceForRole,

    /// <summary>The <c>credential_source</c> is not <c>Environment</c>, <c>Ec2InstanceMetadata</c> or <c>EcsContainer</c>.</summary>
    UnknownCredentialSource,

    /// <summary>The <c>duration_seconds</c> is not a whole number from <see cref="StsLimits.MinimumDurationSeconds"/> to <see cref="StsLimits.MaximumRoleDurationSeconds"/>.</summary>
    MalformedDurationSeconds,

    /// <summary>The <c>source_profile</c>s form a cycle (see <see cref="ProfileConfigurationException.Cycle"/>).</summary>
    ProfileCycle,

    /// <summary>The profile has only one of <c>aws_access_key_id</c> and <c>aws_secret_access_key</c>.</summary>
    IncompleteStaticCredentials,

    /// <summary>The source profile holds no credentials this library can use.</summary>
    SourceProfileWithoutCredentials,

    /// <summary>The role needs an MFA code (<c>mfa_serial</c>) and nothing was given to ask for one.</summary>
    MfaWithoutTokenProvider,

    /// <summary>A role profile's settings are ones STS would refuse (a <c>role_arn</c> that is no role ARN, a session name with spaces).</summary>
    InvalidRoleSettings,
}
