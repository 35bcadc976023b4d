using System.ComponentModel;
using System.Globalization;

namespace OrderFulfillment.EmbeddedPostgres;

/// <summary>The directory holding the PostgreSQL server tools this library drives.</summary>
internal sealed record PostgresBinaries(string Directory)
{
    /// <summary>Environment variable that overrides the search for the binaries.</summary>
    public const string DirectoryVariable = "POSTGRES_BIN_DIR";

    private const string DebianRoot = "/usr/lib/postgresql";

    public string InitDb => Path.Combine(Directory, "initdb");

    public string PgCtl => Path.Combine(Directory, "pg_ctl");

    /// <summary>Finds the binaries: <paramref name="configured"/>, else <c>POSTGRES_BIN_DIR</c>, else the highest
    /// version under /usr/lib/postgresql, else <c>pg_config --bindir</c>. An explicit choice never falls back, so a
    /// typo cannot silently pick another server version.</summary>
    /// <exception cref="FileNotFoundException">No directory with initdb and pg_ctl was found.</exception>
    public static async Task<PostgresBinaries> LocateAsync(string? configured, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(configured))
        {
            return HasTools(configured) ? new(configured) : throw Missing(configured);
        }

        var fromEnvironment = Environment.GetEnvironmentVariable(DirectoryVariable);
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return HasTools(fromEnvironment) ? new(fromEnvironment)
                : throw Missing($"{DirectoryVariable}={fromEnvironment}");
        }

        var found = FromDebianLayout() ?? await FromPgConfigAsync(cancellationToken);
        return found is not null ? new(found)
            : throw Missing($"{DebianRoot}/*/bin, {DirectoryVariable} or `pg_config --bindir`");
    }

    private static string? FromDebianLayout()
    {
        if (!System.IO.Directory.Exists(DebianRoot))
        {
            return null;
        }

        // Versions are "15" or "9.6"; compare them as numbers so that 10 sorts above 9.6.
        return System.IO.Directory.GetDirectories(DebianRoot)
            .Select(version => (Version: double.TryParse(Path.GetFileName(version), CultureInfo.InvariantCulture,
                out var number) ? number : -1, Bin: Path.Combine(version, "bin")))
            .OrderByDescending(candidate => candidate.Version)
            .Select(candidate => candidate.Bin)
            .FirstOrDefault(HasTools);
    }

    private static async Task<string?> FromPgConfigAsync(CancellationToken cancellationToken)
    {
        try
        {
            var result =
                await ProcessRunner.RunAsync("pg_config", ["--bindir"], TimeSpan.FromSeconds(10), cancellationToken);
            var directory = result.StandardOutput.Trim();
            return result.ExitCode == 0 && HasTools(directory) ? directory : null;
        }
        catch (Win32Exception)
        {
            return null; // pg_config is not installed (it ships with libpq-dev, not with the server).
        }
    }

    private static bool HasTools(string directory) =>
        File.Exists(Path.Combine(directory, "initdb")) && File.Exists(Path.Combine(directory, "pg_ctl"));

    private static FileNotFoundException Missing(string where) => new(
        $"PostgreSQL server binaries (initdb, pg_ctl) were not found in {where}. Install them with: " +
        $"apt-get update && apt-get install -y postgresql (or point {DirectoryVariable} or " +
        $"{nameof(EmbeddedPostgresOptions)}.{nameof(EmbeddedPostgresOptions.BinDirectory)} at the directory holding " +
        $"them).", "initdb");
}
