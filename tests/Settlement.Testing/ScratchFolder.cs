using System.Security.Cryptography;

namespace Settlement.Testing;

/// <summary>
/// A new folder for one run's files and its PostgreSQL data, reachable by the postgres user: the embedded server runs
/// as postgres when tests, benchmarks or the harness run as root.
/// </summary>
public static class ScratchFolder
{
    private const UnixFileMode OwnerAllOthersReadSearch = (UnixFileMode)0b111_101_101;

    /// <summary>Creates <c>/tmp/&lt;prefix&gt;-&lt;random&gt;</c>.</summary>
    /// <remarks>Not <see cref="Path.GetTempPath"/> on Unix: TMPDIR may point where the postgres user cannot go.</remarks>
    public static string Create(string prefix)
    {
        var root = OperatingSystem.IsWindows() ? Path.GetTempPath() : "/tmp";
        return Subfolder(root, $"{prefix}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5))}");
    }

    /// <summary>Creates (or keeps) <paramref name="name"/> in <paramref name="folder"/>, reachable the same way.</summary>
    public static string Subfolder(string folder, string name)
    {
        var path = Path.Combine(folder, name);
        Directory.CreateDirectory(path);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, OwnerAllOthersReadSearch);
        }

        return path;
    }
}
