namespace OrderFulfillment.EmbeddedSchemaRegistry.Tests;

/// <summary>
/// Versions of a small record, each differing from the first in one way the compatibility rules judge.
/// </summary>
internal static class ParcelSchemas
{
    /// <summary>The first version: an id.</summary>
    public const string V1 =
        """{"type":"record","name":"Parcel","namespace":"test.parcels","fields":[{"name":"id","type":"string"}]}""";

    /// <summary><see cref="V1"/> laid out differently: the same schema.</summary>
    public const string V1Reformatted = """
        {
          "type": "record", "namespace": "test.parcels", "name": "Parcel",
          "fields": [ { "name": "id", "type": "string" } ]
        }
        """;

    /// <summary>Adds an optional note with a default: compatible every way.</summary>
    public const string WithOptionalNote =
        """{"type":"record","name":"Parcel","namespace":"test.parcels","fields":[{"name":"id","type":"string"},"""
        + """{"name":"note","type":["null","string"],"default":null}]}""";

    /// <summary>Adds a weight without a default: a new reader cannot read old data (not backward).</summary>
    public const string WithRequiredWeight =
        """{"type":"record","name":"Parcel","namespace":"test.parcels","fields":[{"name":"id","type":"string"},"""
        + """{"name":"weight","type":"int"}]}""";

    /// <summary>Adds a weight with a default: compatible every way after <see cref="V1"/>.</summary>
    public const string WithDefaultedWeight =
        """{"type":"record","name":"Parcel","namespace":"test.parcels","fields":[{"name":"id","type":"string"},"""
        + """{"name":"weight","type":"int","default":0}]}""";

    /// <summary>The id as an int: nobody reads anybody.</summary>
    public const string WithIntId =
        """{"type":"record","name":"Parcel","namespace":"test.parcels","fields":[{"name":"id","type":"int"}]}""";
}
