namespace OrderFulfillment.EmbeddedPostgres;

/// <summary>
/// The statements that give a service database its two roles. The migrator owns the database and the <c>public</c>
/// schema, so it can create, alter and drop tables; the application role may connect, use the schema and read and
/// write rows (and draw from sequences) of every table the migrator has created or will create, through default
/// privileges, and nothing else: no CREATE, ALTER, DROP or TRUNCATE, and no other service's database.
/// </summary>
internal static class LeastPrivilegeGrants
{
    /// <summary>Run on the maintenance database once the roles and the database exist.</summary>
    public static IEnumerable<string> OnDatabase(string database, string migrator, string application) =>
    [
        $"ALTER DATABASE {database} OWNER TO {migrator}",
        // PUBLIC may connect to and make temporary tables in every database by default; no service needs either.
        $"REVOKE ALL ON DATABASE {database} FROM PUBLIC",
        $"GRANT CONNECT ON DATABASE {database} TO {application}",
    ];

    /// <summary>
    /// Run inside the database, as a superuser (only a member of the migrator may alter its default privileges).
    /// </summary>
    public static IEnumerable<string> InDatabase(string migrator, string application) =>
    [
        $"ALTER SCHEMA public OWNER TO {migrator}",
        "REVOKE ALL ON SCHEMA public FROM PUBLIC",
        $"GRANT USAGE ON SCHEMA public TO {application}",
        // Tables made before the roles existed (a database created by an older version, as its superuser) pass to
        // the migrator, so that later migrations may alter them; their sequences follow their tables.
        $"""
        DO $$
        DECLARE t regclass;
        BEGIN
            FOR t IN SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                     WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relowner <> '{migrator}'::regrole
            LOOP
                EXECUTE format('ALTER TABLE %s OWNER TO %s', t, '{migrator}');
            END LOOP;
        END $$
        """,
        $"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {application}",
        $"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {application}",
        $"ALTER DEFAULT PRIVILEGES FOR ROLE {migrator} IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON " +
        $"TABLES TO {application}",
        $"ALTER DEFAULT PRIVILEGES FOR ROLE {migrator} IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO " +
        $"{application}",
    ];
}
