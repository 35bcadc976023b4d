namespace OrderFulfillment.EmbeddedPostgres;

/// <summary>
/// A service's database with its two login roles, as <see cref="EmbeddedPostgresServer.CreateServiceDatabaseAsync"/>
/// made it: <c>{name}_migrator</c> owns the database and its <c>public</c> schema and runs the migrations;
/// <c>{name}_app</c> may only read and write the rows of the tables the migrator creates.
/// </summary>
public sealed class ServiceDatabase
{
    internal ServiceDatabase()
    {
    }

    /// <summary>The database's name.</summary>
    public required string Name { get; init; }

    /// <summary>The role that owns the database and its schema: <c>{name}_migrator</c>.</summary>
    public required string MigratorRole { get; init; }

    /// <summary>The role the service runs as: <c>{name}_app</c>.</summary>
    public required string ApplicationRole { get; init; }

    /// <summary>
    /// Connects as the migrator, with its generated password: a service's <c>ConnectionStrings:DatabaseMigrations</c>.
    /// </summary>
    public required string MigrationsConnectionString { get; init; }

    /// <summary>
    /// Connects as the application role, with its generated password: a service's <c>ConnectionStrings:Database</c>.
    /// </summary>
    public required string ApplicationConnectionString { get; init; }

    /// <summary>The names only: never the connection strings, which hold the passwords.</summary>
    public override string ToString() => $"{Name} (migrations as {MigratorRole}, application as {ApplicationRole})";
}
