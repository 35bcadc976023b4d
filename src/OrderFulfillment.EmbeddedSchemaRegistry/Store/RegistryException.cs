namespace OrderFulfillment.EmbeddedSchemaRegistry.Store;

/// <summary>A refused request, with the HTTP status and the Confluent error code a client expects for it.</summary>
internal sealed class RegistryException(int statusCode, int errorCode, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;

    public int ErrorCode { get; } = errorCode;

    public static RegistryException SubjectNotFound(string subject) =>
        new(404, 40401, $"Subject '{subject}' not found.");

    public static RegistryException VersionNotFound(string subject, int version) =>
        new(404, 40402, $"Version {version} not found under subject '{subject}'.");

    public static RegistryException SchemaNotFound(string what) => new(404, 40403, $"Schema not found: {what}.");

    public static RegistryException SubjectCompatibilityNotConfigured(string subject) =>
        new(404, 40408, $"Subject '{subject}' does not have subject-level compatibility configured.");

    public static RegistryException Incompatible(string subject, IReadOnlyList<string> problems) =>
        new(409, 409,
            $"Schema being registered is incompatible with an earlier schema for subject \"{subject}\", details: " +
            $"[{string.Join("; ", problems)}]");

    public static RegistryException InvalidSchema(string reason) => new(422, 42201, "Invalid schema: " + reason);

    public static RegistryException InvalidVersion(string version) =>
        new(422, 42202,
            $"The specified version '{version}' is not a valid version id. Allowed values are between [1, 2^31-1] " +
            $"and the string \"latest\".");

    public static RegistryException InvalidCompatibilityLevel(string? level) =>
        new(422, 42203,
            $"Invalid compatibility level '{level}'. Valid values are NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, " +
            $"FORWARD_TRANSITIVE, FULL and FULL_TRANSITIVE.");

    public static RegistryException BadRequest(string reason) => new(400, 400, reason);
}
