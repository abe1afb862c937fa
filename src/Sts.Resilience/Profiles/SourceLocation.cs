namespace Sts.Resilience.Profiles;

/// <summary>Where a value was read: the file and the 1-based line, for error messages and tools such as <c>sts-doctor</c>.</summary>
/// <param name="FilePath">The file.</param>
/// <param name="Line">The 1-based line; 0 when the finding is about the file as a whole.</param>
public readonly record struct SourceLocation(string FilePath, int Line)
{
    /// <summary>Gets the location as <c>path:line</c>.</summary>
    /// <returns>The file and line, for example <c>/home/me/.aws/config:12</c>.</returns>
    public override string ToString() => FilePath + ":" + Line.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
