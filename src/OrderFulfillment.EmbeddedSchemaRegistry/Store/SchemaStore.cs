using OrderFulfillment.Schemas;

namespace OrderFulfillment.EmbeddedSchemaRegistry.Store;

/// <summary>A version of a subject: which schema it is.</summary>
internal sealed record SubjectVersion(string Subject, int Version, int Id, string Schema);

/// <summary>
/// The registry's state, in memory: schemas by global id, each subject's versions (ids, oldest first) and the
/// compatibility modes. One lock guards it all, so a registration's check and its new version are one step.
/// </summary>
internal sealed class SchemaStore(CompatibilityMode defaultMode)
{
    private readonly Lock _gate = new();
    private readonly List<CandidateSchema> _schemas = [];
    private readonly Dictionary<string, int> _idsByIdentity = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, List<int>> _subjects = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CompatibilityMode> _subjectModes = new(StringComparer.Ordinal);
    private CompatibilityMode _globalMode = defaultMode;

    /// <summary>
    /// Adds <paramref name="schema"/> as the next version of <paramref name="subject"/> if it passes the subject's
    /// mode, and returns its global id; a schema already under the subject returns its id unchanged.
    /// </summary>
    public int Register(string subject, CandidateSchema schema)
    {
        lock (_gate)
        {
            var versions = _subjects.GetValueOrDefault(subject) ?? [];
            if (_idsByIdentity.TryGetValue(schema.Identity, out var existing) && versions.Contains(existing))
            {
                return existing;
            }

            var result = SchemaCompatibility.Check(ModeOf(subject), schema.Schema,
                versions.Select(id => SchemaOf(id).Schema).ToList());
            if (!result.IsCompatible)
            {
                throw RegistryException.Incompatible(subject, result.Problems);
            }

            if (!_idsByIdentity.TryGetValue(schema.Identity, out var id))
            {
                _schemas.Add(schema);
                id = _schemas.Count;
                _idsByIdentity[schema.Identity] = id;
            }

            versions.Add(id);
            _subjects[subject] = versions;
            return id;
        }
    }

    /// <summary>The version of <paramref name="subject"/> that is <paramref name="schema"/>.</summary>
    public SubjectVersion Lookup(string subject, CandidateSchema schema)
    {
        lock (_gate)
        {
            var versions = VersionsOf(subject);
            var index = _idsByIdentity.TryGetValue(schema.Identity, out var id) ? versions.IndexOf(id) : -1;
            return index < 0
                ? throw RegistryException.SchemaNotFound($"no version of subject '{subject}' is this schema")
                : new SubjectVersion(subject, index + 1, id, SchemaOf(id).Text);
        }
    }

    public string SchemaText(int id)
    {
        lock (_gate)
        {
            return SchemaOf(id).Text;
        }
    }

    /// <summary>Every subject and version whose schema has <paramref name="id"/>.</summary>
    public IReadOnlyList<SubjectVersion> UsesOf(int id)
    {
        lock (_gate)
        {
            var text = SchemaOf(id).Text;
            return _subjects
                .SelectMany(s => s.Value.Select((versionId, i) => (Subject: s.Key, Version: i + 1, Id: versionId)))
                .Where(v => v.Id == id)
                .Select(v => new SubjectVersion(v.Subject, v.Version, id, text))
                .ToList();
        }
    }

    public IReadOnlyList<string> Subjects()
    {
        lock (_gate)
        {
            return _subjects.Keys.ToList();
        }
    }

    public IReadOnlyList<int> Versions(string subject)
    {
        lock (_gate)
        {
            return Enumerable.Range(1, VersionsOf(subject).Count).ToList();
        }
    }

    public SubjectVersion Version(string subject, VersionSelector selector)
    {
        lock (_gate)
        {
            var versions = VersionsOf(subject);
            var version = selector.Number ?? versions.Count;
            if (version > versions.Count)
            {
                throw RegistryException.VersionNotFound(subject, version);
            }

            var id = versions[version - 1];
            return new SubjectVersion(subject, version, id, SchemaOf(id).Text);
        }
    }

    /// <summary>
    /// Whether <paramref name="schema"/> passes the subject's mode against one version (<paramref name="selector"/>),
    /// or, with none, against the versions the mode compares with: the same check as registering.
    /// </summary>
    public CompatibilityResult CheckCompatibility(string subject, VersionSelector? selector, CandidateSchema schema)
    {
        lock (_gate)
        {
            var mode = ModeOf(subject);
            if (!_subjects.TryGetValue(subject, out var versions))
            {
                // As Confluent's registry: nothing to break under a new subject, but a numbered version must exist.
                return selector is { IsLatest: false } ? throw RegistryException.SubjectNotFound(subject)
                    : CompatibilityResult.Compatible;
            }

            var earlier = versions.Select(id => SchemaOf(id).Schema).ToList();
            if (selector is { } one)
            {
                var version = one.Number ?? versions.Count;
                if (version > versions.Count)
                {
                    throw RegistryException.VersionNotFound(subject, version);
                }

                // The non-transitive form of the mode compares with the last of the list only, so the problems name
                // the requested version.
                return SchemaCompatibility.Check(WithoutTransitivity(mode), schema.Schema, earlier[..version]);
            }

            return SchemaCompatibility.Check(mode, schema.Schema, earlier);
        }
    }

    public CompatibilityMode GlobalMode
    {
        get
        {
            lock (_gate)
            {
                return _globalMode;
            }
        }

        set
        {
            lock (_gate)
            {
                _globalMode = value;
            }
        }
    }

    public CompatibilityMode? SubjectMode(string subject)
    {
        lock (_gate)
        {
            return _subjectModes.TryGetValue(subject, out var mode) ? mode : null;
        }
    }

    public void SetSubjectMode(string subject, CompatibilityMode mode)
    {
        lock (_gate)
        {
            _subjectModes[subject] = mode;
        }
    }

    /// <summary>Removes the subject's own mode, returning it; the subject follows the global mode again.</summary>
    public CompatibilityMode DeleteSubjectMode(string subject)
    {
        lock (_gate)
        {
            return _subjectModes.Remove(subject, out var mode) ? mode
                : throw RegistryException.SubjectCompatibilityNotConfigured(subject);
        }
    }

    private CompatibilityMode ModeOf(string subject) => _subjectModes.GetValueOrDefault(subject, _globalMode);

    private List<int> VersionsOf(string subject) =>
        _subjects.TryGetValue(subject, out var versions) ? versions : throw RegistryException.SubjectNotFound(subject);

    private CandidateSchema SchemaOf(int id) =>
        id >= 1 && id <= _schemas.Count ? _schemas[id - 1]
        : throw RegistryException.SchemaNotFound($"no schema has id {id}");

    private static CompatibilityMode WithoutTransitivity(CompatibilityMode mode) => mode switch
    {
        CompatibilityMode.BackwardTransitive => CompatibilityMode.Backward,
        CompatibilityMode.ForwardTransitive => CompatibilityMode.Forward,
        CompatibilityMode.FullTransitive => CompatibilityMode.Full,
        _ => mode,
    };
}
