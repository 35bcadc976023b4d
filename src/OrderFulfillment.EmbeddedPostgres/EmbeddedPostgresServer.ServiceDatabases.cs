using System.Text.RegularExpressions;
using Npgsql;

namespace OrderFulfillment.EmbeddedPostgres;

public sealed partial class EmbeddedPostgresServer
{
    private const string MigratorSuffix = "_migrator";
    private const string ApplicationSuffix = "_app";

    /// <summary>
    /// Creates a service's database with its two login roles, <c>{name}_migrator</c> (owns the database and its
    /// schema, runs the migrations) and <c>{name}_app</c> (reads and writes rows, cannot change the schema), and gives
    /// each a new random password; see <see cref="ServiceDatabase"/>. Idempotent: on an existing database the roles
    /// get new passwords and the grants are made again, and tables another role owns pass to the migrator. The
    /// server's credentials must be allowed to create roles and databases (a superuser's, for the embedded cluster).
    /// </summary>
    /// <param name="name">A lowercase SQL identifier (letters, digits, underscores), at most 54 bytes so that the
    /// role names fit PostgreSQL's 63.</param>
    /// <param name="cancellationToken">Cancels the statements.</param>
    public async Task<ServiceDatabase> CreateServiceDatabaseAsync(string name,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (!PlainIdentifier().IsMatch(name) || name.Length > MaxIdentifierBytes - MigratorSuffix.Length)
        {
            throw new ArgumentException(
                $"A service database's name must be a lowercase identifier ([a-z_][a-z0-9_]*) of at most " +
                $"{MaxIdentifierBytes - MigratorSuffix.Length} characters.", nameof(name));
        }

        var (migrator, application) = (name + MigratorSuffix, name + ApplicationSuffix);
        var (migratorPassword, applicationPassword) = (ScramVerifier.NewPassword(), ScramVerifier.NewPassword());
        await using (var maintenance = await OpenMaintenanceConnectionAsync(cancellationToken))
        {
            await CreateOrResetRoleAsync(maintenance, migrator, migratorPassword, cancellationToken);
            await CreateOrResetRoleAsync(maintenance, application, applicationPassword, cancellationToken);
            await CreateDatabaseAsync(name, cancellationToken);
            foreach (var statement in LeastPrivilegeGrants.OnDatabase(name, migrator, application))
            {
                await ExecuteAsync(maintenance, statement, cancellationToken);
            }
        }

        await using (var database = await OpenConnectionAsync(GetConnectionString(name), cancellationToken))
        {
            foreach (var statement in LeastPrivilegeGrants.InDatabase(migrator, application))
            {
                await ExecuteAsync(database, statement, cancellationToken);
            }
        }

        return new ServiceDatabase
        {
            Name = name,
            MigratorRole = migrator,
            ApplicationRole = application,
            MigrationsConnectionString = Issue(name, migrator, migratorPassword),
            ApplicationConnectionString = Issue(name, application, applicationPassword),
        };
    }

    private static async Task CreateOrResetRoleAsync(NpgsqlConnection connection, string role, string password,
        CancellationToken cancellationToken)
    {
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_roles WHERE rolname = $1", connection)
        {
            Parameters = { new NpgsqlParameter { Value = role } },
        };
        // The verifier, not the password, is what the statement carries (see ScramVerifier).
        var verb = await exists.ExecuteScalarAsync(cancellationToken) is null ? "CREATE" : "ALTER";
        await ExecuteAsync(connection,
            $"{verb} ROLE {role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '{ScramVerifier.For(password)}'",
            cancellationToken);
    }

    private string Issue(string database, string role, string password)
    {
        var connectionString = new NpgsqlConnectionStringBuilder(_baseConnectionString)
        {
            Database = database,
            Username = role,
            Password = password,
        }.ConnectionString;
        _issuedConnectionStrings.TryAdd(connectionString, 0);
        return connectionString;
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex PlainIdentifier();
}
