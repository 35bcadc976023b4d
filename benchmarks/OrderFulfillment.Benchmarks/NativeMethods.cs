using System.Runtime.InteropServices;

namespace OrderFulfillment.Benchmarks;

internal static partial class NativeMethods
{
    public const int SigTerm = 15;

    // .NET can only kill a process outright; SIGTERM lets the AppHost stop its services and PostgreSQL cleanly.
    [LibraryImport("libc", EntryPoint = "kill")]
    public static partial int Kill(int pid, int signal);
}
