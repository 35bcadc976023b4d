namespace OrderFulfillment.Schemas;

/// <summary>
/// A subject's compatibility mode, with the meaning and names of the Confluent Schema Registry. "Backward" means a
/// consumer on the new schema reads data written with the earlier one (upgrade consumers first); "forward" means a
/// consumer on the earlier schema reads data written with the new one (upgrade producers first); "full" is both.
/// The plain modes compare with the latest version only, the transitive ones with every earlier version.
/// </summary>
public enum CompatibilityMode
{
    /// <summary>No check.</summary>
    None,

    /// <summary>The new schema reads data of the latest earlier version.</summary>
    Backward,

    /// <summary>The new schema reads data of every earlier version.</summary>
    BackwardTransitive,

    /// <summary>The latest earlier version reads data of the new schema.</summary>
    Forward,

    /// <summary>Every earlier version reads data of the new schema.</summary>
    ForwardTransitive,

    /// <summary>Backward and forward, with the latest earlier version.</summary>
    Full,

    /// <summary>Backward and forward, with every earlier version.</summary>
    FullTransitive,
}
