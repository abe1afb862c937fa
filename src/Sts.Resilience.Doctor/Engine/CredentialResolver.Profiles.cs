namespace Sts.Resilience.Doctor.Engine;

internal static partial class CredentialResolver
{
    // Profile credentials are resolved with the library's profile parser (src/Sts.Resilience/Profiles),
    // which is being built on its own branch; until it lands, a profile cannot be resolved.
    private static CredentialResolution ResolveProfile(string name, string selectedBy, AwsPaths paths)
    {
        _ = paths;
        return new CredentialResolution
        {
            Origin = CredentialOrigin.None,
            Description = $"profile '{name}' (from {selectedBy})",
            ProfileName = name,
            Unresolvable = "profile resolution is not available in this build",
        };
    }

    private static CredentialResolution? ResolveDefaultProfile(AwsPaths paths)
    {
        _ = paths;
        return null;
    }
}
