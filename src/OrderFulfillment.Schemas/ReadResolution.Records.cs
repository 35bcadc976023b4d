using Avro;

namespace OrderFulfillment.Schemas;

internal sealed partial class ReadResolution
{
    private void ResolveRecord(RecordSchema reader, RecordSchema writer, string path)
    {
        // Writer fields the reader does not know are skipped; a reader field the writer lacks takes its default.
        foreach (var field in reader.Fields)
        {
            var fieldPath = path + "." + field.Name;
            var written = WrittenField(field, writer);
            if (written is not null)
            {
                Resolve(field.Schema, written.Schema, fieldPath);
            }
            else if (field.DefaultValue is null)
            {
                _problems.Add(
                    $"{fieldPath}: the writer's record {writer.Name} has no such field, and the reader's field has " +
                    $"no default");
            }
        }
    }

    private static Field? WrittenField(Field readerField, RecordSchema writer)
    {
        if (writer.TryGetField(readerField.Name, out var byName))
        {
            return byName;
        }

        return (readerField.Aliases ?? [])
            .Select(alias => writer.TryGetField(alias, out var byAlias) ? byAlias : null)
            .FirstOrDefault(f => f is not null);
    }
}
