using Avro;

namespace OrderFulfillment.Schemas;

/// <summary>
/// Avro's schema resolution (specification 1.12, "Schema Resolution"), collecting every reason a reader cannot read a
/// writer's data instead of answering yes or no. One instance per question: it remembers the pairs of named types it
/// is in the middle of resolving, so a record that refers to itself ends the recursion.
/// </summary>
internal sealed partial class ReadResolution
{
    private readonly List<string> _problems = [];
    private readonly HashSet<(Schema Reader, Schema Writer)> _resolving = new(ReferencePairComparer.Instance);

    public static IReadOnlyList<string> Problems(Schema reader, Schema writer)
    {
        var resolution = new ReadResolution();
        resolution.Resolve(reader, writer, RootPath(reader, writer));
        return resolution._problems;
    }

    private static string RootPath(Schema reader, Schema writer) =>
        (reader as NamedSchema ?? writer as NamedSchema)?.Name ?? "value";

    private void Resolve(Schema reader, Schema writer, string path)
    {
        if (writer is UnionSchema writerUnion)
        {
            // Every branch may occur in the data, so the reader must take each one. Apache.Avro's CanRead asks for
            // one branch only when the reader is not a union.
            foreach (var branch in writerUnion.Schemas)
            {
                Resolve(reader, branch, path);
            }

            return;
        }

        if (reader is UnionSchema readerUnion)
        {
            ResolveIntoUnion(readerUnion, writer, path);
            return;
        }

        if (!LogicalTypesAgree(reader, writer, path))
        {
            return;
        }

        ResolvePlain(reader, writer, path);
    }

    private void ResolveIntoUnion(UnionSchema reader, Schema writer, string path)
    {
        // The specification picks the first branch that matches the writer; a branch of the same kind and name
        // gives the most useful problems when nothing in the union can read the writer.
        var attempts =
            reader.Schemas.Select(branch => (Branch: branch, Problems: Attempt(branch, writer, path))).ToList();
        if (attempts.Any(a => a.Problems.Count == 0))
        {
            return;
        }

        var sameKind = attempts.FirstOrDefault(a => SameKind(a.Branch, writer));
        if (sameKind.Branch is not null)
        {
            _problems.AddRange(sameKind.Problems);
            return;
        }

        _problems.Add($"{path}: {SchemaText.Describe(writer)} cannot be read as {SchemaText.Describe(reader)}");
    }

    private List<string> Attempt(Schema reader, Schema writer, string path)
    {
        var start = _problems.Count;
        Resolve(reader, writer, path);
        var found = _problems.GetRange(start, _problems.Count - start);
        _problems.RemoveRange(start, found.Count);
        return found;
    }

    private void ResolvePlain(Schema reader, Schema writer, string path)
    {
        switch (Underlying(reader), Underlying(writer))
        {
            case (RecordSchema r, RecordSchema w) when NamesMatch(r, w):
                ResolveNamed(r, w, () => ResolveRecord(r, w, path));
                break;
            case (EnumSchema r, EnumSchema w) when NamesMatch(r, w):
                ResolveEnum(r, w, path);
                break;
            case (FixedSchema r, FixedSchema w) when NamesMatch(r, w):
                if (r.Size != w.Size)
                {
                    _problems.Add($"{path}: fixed {w.Name} has size {w.Size} in the writer and {r.Size} in the reader");
                }

                break;
            case (ArraySchema r, ArraySchema w):
                Resolve(r.ItemSchema, w.ItemSchema, path + "[]");
                break;
            case (MapSchema r, MapSchema w):
                Resolve(r.ValueSchema, w.ValueSchema, path + "{}");
                break;
            case (PrimitiveSchema r, PrimitiveSchema w) when Promotions.CanRead(r.Tag, w.Tag):
                break;
            default:
                _problems.Add($"{path}: {SchemaText.Describe(writer)} cannot be read as {SchemaText.Describe(reader)}");
                break;
        }
    }

    private void ResolveNamed(Schema reader, Schema writer, Action resolve)
    {
        // A pair met again inside its own resolution (a record that refers to itself) is assumed readable: if it is
        // not, the outer resolution reports why.
        if (_resolving.Add((reader, writer)))
        {
            resolve();
            _resolving.Remove((reader, writer));
        }
    }

    private void ResolveEnum(EnumSchema reader, EnumSchema writer, string path)
    {
        if (reader.Default is not null)
        {
            return;
        }

        foreach (var symbol in writer.Symbols.Where(s => !reader.Contains(s)))
        {
            _problems.Add(
                $"{path}: symbol {symbol} of enum {writer.Name} is not in the reader's symbols, and the reader's " +
                $"enum has no default");
        }
    }

    private bool LogicalTypesAgree(Schema reader, Schema writer, string path)
    {
        if (LogicalTypeRules.Agree(reader, writer))
        {
            return true;
        }

        _problems.Add($"{path}: {SchemaText.Describe(writer)} cannot be read as {SchemaText.Describe(reader)}");
        return false;
    }

    private static Schema Underlying(Schema schema) => schema is LogicalSchema logical ? logical.BaseSchema : schema;

    private static bool NamesMatch(NamedSchema reader, NamedSchema writer) =>
        reader.Name == writer.Name || SchemaText.Aliases(reader).Contains(writer.Name);

    private static bool SameKind(Schema reader, Schema writer) =>
        Underlying(reader).Tag == Underlying(writer).Tag
        && (Underlying(reader) is not NamedSchema r || NamesMatch(r, (NamedSchema)Underlying(writer)));

    private sealed class ReferencePairComparer : IEqualityComparer<(Schema Reader, Schema Writer)>
    {
        public static readonly ReferencePairComparer Instance = new();

        public bool Equals((Schema Reader, Schema Writer) x, (Schema Reader, Schema Writer) y) =>
            ReferenceEquals(x.Reader, y.Reader) && ReferenceEquals(x.Writer, y.Writer);

        public int GetHashCode((Schema Reader, Schema Writer) obj) =>
            HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj.Reader),
                System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj.Writer));
    }
}
