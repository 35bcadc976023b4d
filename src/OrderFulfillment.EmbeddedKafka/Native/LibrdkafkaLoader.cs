using System.Reflection;
using System.Runtime.InteropServices;

namespace OrderFulfillment.EmbeddedKafka.Native;

/// <summary>
/// Resolves the native librdkafka for our P/Invoke declarations the way Confluent.Kafka does on Linux: the default
/// build first, then the CentOS 8 build. Debian 12 lacks libsasl2.so.3, which the default build needs, so there the
/// CentOS 8 build is the one that loads. Both resolve to the same file Confluent.Kafka itself loads, so the mock
/// cluster and the clients share one copy of the library.
/// </summary>
internal static class LibrdkafkaLoader
{
    internal const string LibraryName = "librdkafka";

    private static readonly Lock Gate = new();
    private static nint _handle;

    internal static void Register(Assembly assembly) =>
        NativeLibrary.SetDllImportResolver(assembly, (name, _, _) => name == LibraryName ? Load() : nint.Zero);

    internal static nint Load()
    {
        lock (Gate)
        {
            if (_handle != nint.Zero)
            {
                return _handle;
            }

            var failures = new List<string>();
            foreach (var candidate in CandidatePaths())
            {
                try
                {
                    _handle = NativeLibrary.Load(candidate);
                    return _handle;
                }
                catch (DllNotFoundException ex)
                {
                    failures.Add($"{candidate}: {ex.Message}");
                }
            }

            throw new DllNotFoundException(
                "Could not load librdkafka for the embedded Kafka cluster. It ships in the librdkafka.redist package " +
                "that Confluent.Kafka brings; on Debian 12 the default build needs libsasl2.so.3 (missing) and the " +
                "centos8 build is used instead. Tried:"
                + Environment.NewLine + string.Join(Environment.NewLine, failures));
        }
    }

    /// <summary>
    /// Every file worth trying, in order: default build before the CentOS 8 build, app folders first.
    /// </summary>
    internal static IEnumerable<string> CandidatePaths()
    {
        var rid = $"linux-{RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant()}";
        var directories = new List<string>();
        if (AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") is string searchDirectories)
        {
            directories.AddRange(searchDirectories.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
        }

        directories.Add(Path.Combine(AppContext.BaseDirectory, "runtimes", rid, "native"));
        directories.Add(AppContext.BaseDirectory);

        var distinct = directories.Select(Path.GetFullPath).Distinct().ToList();
        foreach (var file in new[] { "librdkafka.so", "centos8-librdkafka.so" })
        {
            foreach (var directory in distinct)
            {
                var path = Path.Combine(directory, file);
                if (File.Exists(path))
                {
                    yield return path;
                }
            }
        }
    }
}
