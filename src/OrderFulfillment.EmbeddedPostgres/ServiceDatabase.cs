namespace OrderFulfillment.EmbeddedPostgres;

/// <summary>
/// A service's database with its two login roles, as <see cref="EmbeddedPostgresServer.CreateServiceDatabaseAsync"/>
/// made it: <c>{name}_migrator</c> owns the database and its <c>public</c> schema and runs the migrations;
/// <c>{name}_app</c> may only read and write the rows of the tables the migrator creates.
/// </summary>
public sealed class ServiceDatabase
{
    internal ServiceDatabase(string name, string migratorRole, string applicationRole, string migrationsConnectionString,
        string applicationConnectionString)
    {
        Name = name;
        MigratorRole = migratorRole;
        ApplicationRole = applicationRole;
        MigrationsConnectionString = migrationsConnectionString;
        ApplicationConnectionString = applicationConnectionString;
    }

    /// <summary>The database's name.</summary>
    public string Name { get; }

    /// <summary>The role that owns the database and its schema: <c>{name}_migrator</c>.</summary>
    public string MigratorRole { get; }

    /// <summary>The role the service runs as: <c>{name}_app</c>.</summary>
    public string ApplicationRole { get; }

    /// <summary>Connects as the migrator, with its generated password: a service's <c>ConnectionStrings:DatabaseMigrations</c>.</summary>
    public string MigrationsConnectionString { get; }

    /// <summary>Connects as the application role, with its generated password: a service's <c>ConnectionStrings:Database</c>.</summary>
    public string ApplicationConnectionString { get; }

    /// <summary>The names only: never the connection strings, which hold the passwords.</summary>
    public override string ToString() => $"{Name} (migrations as {MigratorRole}, application as {ApplicationRole})";
}
