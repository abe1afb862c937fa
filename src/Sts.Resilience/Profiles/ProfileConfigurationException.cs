namespace Sts.Resilience.Profiles;

/// <summary>
/// Thrown when an AWS profile cannot be used to assume a role: the profile or its
/// <c>source_profile</c> does not exist, a key is missing, malformed or contradicts another, or the
/// profiles form a cycle. The message names the profile, the file, the line and the key.
/// </summary>
public sealed class ProfileConfigurationException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="ProfileConfigurationException"/> class.</summary>
    public ProfileConfigurationException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ProfileConfigurationException"/> class with a message.</summary>
    /// <param name="message">The message that describes the error.</param>
    public ProfileConfigurationException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ProfileConfigurationException"/> class with a message and the error that caused it.</summary>
    /// <param name="message">The message that describes the error.</param>
    /// <param name="innerException">The error that caused this one.</param>
    public ProfileConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal ProfileConfigurationException(ProfileProblem problem, string profileName, string? filePath, int? lineNumber, string? key, string message)
        : base(message)
    {
        Problem = problem;
        ProfileName = profileName;
        FilePath = filePath;
        LineNumber = lineNumber;
        Key = key;
    }

    /// <summary>Gets the name of the profile at fault.</summary>
    /// <value>The profile name, or <see langword="null"/> when the exception was not raised while reading a profile.</value>
    public string? ProfileName { get; }

    /// <summary>Gets the file that holds the faulty setting, or the config file when the profile does not exist.</summary>
    /// <value>A file path, or <see langword="null"/> when not known.</value>
    public string? FilePath { get; }

    /// <summary>Gets the 1-based line of the faulty setting in <see cref="FilePath"/>.</summary>
    /// <value>A line number, or <see langword="null"/> when the fault is a missing profile or key.</value>
    public int? LineNumber { get; }

    /// <summary>Gets the profile key at fault (for example <c>source_profile</c> or <c>duration_seconds</c>).</summary>
    /// <value>A key, or <see langword="null"/> when the fault is not about one key.</value>
    public string? Key { get; }

    /// <summary>Gets what is wrong, one value per kind of message, for tools that explain or fix it.</summary>
    /// <value><see cref="ProfileProblem.None"/> when the exception was not raised while reading a profile.</value>
    public ProfileProblem Problem { get; }

    /// <summary>Gets the profiles on the cycle, in order, for <see cref="ProfileProblem.ProfileCycle"/>.</summary>
    /// <value><see langword="null"/> for every other problem.</value>
    public IReadOnlyList<string>? Cycle { get; internal init; }
}
