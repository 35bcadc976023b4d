using Microsoft.Extensions.Configuration;
using Npgsql;
using OrderFulfillment.ServiceDefaults.Settings;

namespace OrderFulfillment.ServiceDefaults.Postgres;

/// <summary>
/// How a service reaches its database: <c>ConnectionStrings:Database</c>, the application role the service runs as,
/// and <c>ConnectionStrings:DatabaseMigrations</c>, the role that owns the schema and applies the migrations at start
/// (when unset, the application's connection migrates too: one role, which is not least privilege). Passwords may
/// come from files instead (<c>Database:PasswordFile</c>, <c>Database:MigrationsPasswordFile</c>, e.g. container
/// secrets), and <c>Database:SslMode</c> and <c>Database:SslRootCertificate</c> apply to both connections.
/// </summary>
/// <remarks>
/// Read once at start: an invalid setting throws <see cref="InvalidSettingException"/> naming it, before anything
/// connects. The connection strings hold the passwords and go only to Npgsql; <see cref="ToString"/> is the
/// loggable summary.
/// </remarks>
public sealed class ServiceDatabaseSettings
{
    /// <summary>The application role's connection string: <c>ConnectionStrings:Database</c>.</summary>
    public const string ConnectionStringName = "Database";

    /// <summary>The migrator role's connection string: <c>ConnectionStrings:DatabaseMigrations</c>.</summary>
    public const string MigrationsConnectionStringName = "DatabaseMigrations";

    private static readonly SslMode[] SslModes = Enum.GetValues<SslMode>();

    private ServiceDatabaseSettings(NpgsqlConnectionStringBuilder application,
        NpgsqlConnectionStringBuilder? migrations)
    {
        ConnectionString = application.ConnectionString;
        MigrationsConnectionString = (migrations ?? application).ConnectionString;
        Summary = $"{Describe(application)}; migrations as "
            + (migrations is null ? "the same role (ConnectionStrings:DatabaseMigrations is not " +
                "set)" : $"'{migrations.Username}'");
    }

    /// <summary>What the service connects with, SSL settings and password file applied.</summary>
    public string ConnectionString { get; }

    /// <summary>
    /// What the migrations run with: the migrator's connection, or <see cref="ConnectionString"/> when none is set.
    /// </summary>
    public string MigrationsConnectionString { get; }

    private string Summary { get; }

    /// <summary>Reads and checks the settings; password files are read now.</summary>
    /// <exception cref="InvalidSettingException">A setting is missing or invalid, or its file is missing or
    /// empty.</exception>
    public static ServiceDatabaseSettings Read(IConfiguration configuration)
    {
        var strings = new SettingValues(configuration.GetSection("ConnectionStrings"));
        var database = new SettingValues(configuration.GetSection("Database"));
        var application = Parse(strings, ConnectionStringName)
            ?? throw new InvalidSettingException(strings.Name(ConnectionStringName),
                $"is required; the AppHost sets it, or set ConnectionStrings__{ConnectionStringName}.");
        var migrations = Parse(strings, MigrationsConnectionStringName);
        ApplyPasswordFile(database, "PasswordFile", application, strings.Name(ConnectionStringName));
        if (migrations is not null)
        {
            ApplyPasswordFile(database, "MigrationsPasswordFile", migrations,
                strings.Name(MigrationsConnectionStringName));
        }
        else if (database.IsSet("MigrationsPasswordFile"))
        {
            throw new InvalidSettingException(database.Name("MigrationsPasswordFile"),
                $"is set, but {strings.Name(MigrationsConnectionStringName)}, whose password it holds, is not.");
        }

        var sslMode = database.Choice("SslMode", SslModes);
        var rootCertificate = database.ExistingPath("SslRootCertificate");
        NpgsqlConnectionStringBuilder[] connections = migrations is null ? [application] : [application, migrations];
        foreach (var connection in connections)
        {
            connection.SslMode = sslMode ?? connection.SslMode;
            connection.RootCertificate = rootCertificate ?? connection.RootCertificate;
        }

        return new ServiceDatabaseSettings(application, migrations);
    }

    /// <summary>
    /// Host, port, database, user and SSL mode of the application's connection and the migrator's user: safe to log.
    /// </summary>
    public override string ToString() => Summary;

    private static NpgsqlConnectionStringBuilder? Parse(SettingValues strings, string name)
    {
        if (strings.Text(name) is not { } text)
        {
            return null;
        }

        try
        {
            return new NpgsqlConnectionStringBuilder(ServiceDatabaseExtensions.WithServiceDefaults(text));
        }
        catch (ArgumentException e)
        {
            // Npgsql names the keyword at fault, never a value; the string itself is not repeated, as it may hold a
            // password.
            throw new InvalidSettingException(strings.Name(name), $"is not a valid connection string: {e.Message}");
        }
    }

    private static void ApplyPasswordFile(SettingValues database, string fileKey,
        NpgsqlConnectionStringBuilder connection, string connectionName)
    {
        if (database.SecretFile(fileKey) is not { } password)
        {
            return;
        }

        if (!string.IsNullOrEmpty(connection.Password))
        {
            throw new InvalidSettingException(database.Name(fileKey),
                $"is set together with a Password in {connectionName}; set only one of them.");
        }

        connection.Password = password;
    }

    private static string Describe(NpgsqlConnectionStringBuilder connection) =>
        $"{connection.Host}:{connection.Port}/{connection.Database} as '{connection.Username}', SslMode " +
        $"{connection.SslMode}"
        + (connection.RootCertificate is { } root ? $", root certificate {root}" : string.Empty);
}
