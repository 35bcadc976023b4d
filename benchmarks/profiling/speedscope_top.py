#!/usr/bin/env python3
"""Aggregates a speedscope file written by `dotnet-trace convert --format speedscope` from an EventPipe
sample-profiler trace (`--profile dotnet-sampled-thread-time`) into top frames and areas.

The sample profiler samples every managed thread, running or not, so wall-clock time of idle threads dominates a
raw view. A sample counts as on-CPU here only when it was in managed code and its leaf frame is not a known blocking
wait (WAIT_LEAVES below); that is a heuristic, and the output says how much time it set aside and why.

Usage: speedscope_top.py FILE.speedscope.json [--top N] [--csv PREFIX]
"""
import csv
import json
import re
import sys
from collections import defaultdict

# Leaf frames that mean "this thread is blocked, not using a CPU".
WAIT_LEAVES = re.compile(
    r"WaitHandle\.WaitOne|WaitHandle\.WaitMultiple|WaitHandle\.WaitAny|Monitor\.Wait|Monitor\.ObjWait|"
    r"LowLevelLifoSemaphore\.WaitNative|LowLevelLifoSemaphore\.WaitForSignal|LowLevelMonitor\.Wait|"
    r"LowLevelSpinWaiter|Thread\.Sleep|Thread\.SleepInternal|WaitForSocketEvents|SystemNative_WaitForSocketEvents|"
    r"ManualResetEventSlim\.Wait|SemaphoreSlim\.Wait\(|Thread\.Join|PortableThreadPool\+GateThread|"
    r"WaitSubsystem|Interop\+Sys\.Poll|Interop\+Sys\.Read\(|Confluent\.Kafka\.Impl\.NativeMethods|"
    r"Librdkafka\.|rd_kafka_|UNMANAGED_CODE_TIME|CPU_TIME|BLOCKED_TIME|Console\.ReadLine|TimerQueue\.TimerThread|"
    r"Interop\+Sys\.ReadStdin|EventPipe|Thread\.StartCallback\(\)$|Interop\+Sys\.WaitIdAnyExitedNoHangNoWait|"
    r"SocketAsyncEngine\.EventLoop|LowLevelLifoSemaphore\.Wait|WorkerThreadStart\(\)$|Consumer`2\[.*\]\.Consume\(|"
    r"SpinThenBlockingWait|Task\.InternalWait"
)

# Areas, matched in order against the frame name (module!method).
AREAS = [
    ("EF Core query & storage (queries, commands, connections, transactions)",
     r"EntityFrameworkCore\.Query|EntityFrameworkCore\.Storage|RelationalCommand|Shaper|QueryCompiler|QueryContext"),
    ("EF Core change tracking / SaveChanges",
     r"EntityFrameworkCore\.ChangeTracking|StateManager|InternalEntityEntry|DetectChanges|SaveChanges"
     r"|Update\.Internal|EntityFrameworkCore\.Update"),
    ("EF Core other", r"EntityFrameworkCore"),
    ("Npgsql", r"^Npgsql"),
    ("MassTransit", r"^MassTransit"),
    ("Confluent.Kafka", r"^Confluent\.Kafka"),
    ("JSON serialisation", r"System\.Text\.Json"),
    ("logging",
     r"Microsoft\.Extensions\.Logging|LoggerMessage|Logger`|Console\.Logger|SimpleConsoleFormatter|ConsoleLogger"),
    ("OpenTelemetry / Activity / metrics",
     r"OpenTelemetry|System\.Diagnostics\.Activity|DiagnosticSource|Diagnostics\.Metrics|ActivitySource"),
    ("ASP.NET Core / Kestrel", r"Microsoft\.AspNetCore|Kestrel"),
    ("our code", r"^OrderFulfillment"),
    ("DI / options", r"Microsoft\.Extensions\.DependencyInjection|Microsoft\.Extensions\.Options"),
    ("GC / runtime native", r"^(coreclr|libcoreclr|libclrjit|CoreCLR)|GC|UNMANAGED"),
    ("sockets / networking", r"System\.Net\.Sockets|System\.Net\."),
    ("BCL (tasks, collections, strings)", r"^System\."),
]


def area_of(frame):
    for name, pattern in AREAS:
        if re.search(pattern, frame):
            return name
    return "other"


def load(path):
    with open(path) as f:
        data = json.load(f)
    frames = [fr["name"] for fr in data["shared"]["frames"]]
    return frames, data["profiles"]


def is_root(name):
    return name.startswith(("Thread (", "Process", "(Non-Activities)", "Threads"))


def cpu_samples(frames, profiles):
    """Yields (milliseconds, frame names root first without the pseudo-frame) for every on-CPU span, and
    (milliseconds, None, reason) for the spans set aside."""
    for profile in profiles:
        if profile.get("type") != "evented":
            continue
        stack = []
        last = None
        for event in profile["events"]:
            at = event["at"]
            if last is not None and stack and at > last:
                yield (at - last, *classify([frames[i] for i in stack]))
            last = at
            if event["type"] == "O":
                stack.append(event["frame"])
            elif event["type"] == "C":
                # Close events pair with the innermost open of the same frame.
                for i in range(len(stack) - 1, -1, -1):
                    if stack[i] == event["frame"]:
                        del stack[i:]
                        break


def classify(names):
    real = [n for n in names if n not in ("CPU_TIME", "UNMANAGED_CODE_TIME")]
    leaf = real[-1] if real else "?"
    if names[-1] != "CPU_TIME":
        return None, "native code or blocked (UNMANAGED_CODE_TIME)"
    if leaf == "?!?" or is_root(leaf):
        return None, "managed, no resolvable frame"
    if "PollGC" in leaf:
        return None, "waiting for a GC to finish (PollGC)"
    if WAIT_LEAVES.search(leaf):
        return None, "managed wait frames"
    return real, None


def aggregate(frames, profiles):
    """TraceEvent ends every sampled stack with a pseudo-frame: CPU_TIME (the thread was in managed code) or
    UNMANAGED_CODE_TIME (in native code: waits, but also native work). Only CPU_TIME samples whose real leaf is not a
    wait count as on-CPU; a runnable thread that the 2 cores could not schedule counts too, so read the result as
    demand for CPU, not as exact CPU time."""
    inclusive = defaultdict(float)
    exclusive = defaultdict(float)
    area_exclusive = defaultdict(float)
    area_owner = defaultdict(float)
    our_owner = defaultdict(float)
    cpu_total = 0.0
    set_aside = defaultdict(float)
    for span, real, reason in cpu_samples(frames, profiles):
        if real is None:
            set_aside[reason] += span
            continue
        leaf = real[-1]
        cpu_total += span
        exclusive[leaf] += span
        area_exclusive[area_of(leaf)] += span
        for name in set(real):
            inclusive[name] += span
        owner = "BCL / runtime only"
        for name in reversed(real):
            a = area_of(name)
            if a not in ("BCL (tasks, collections, strings)", "GC / runtime native", "other", "sockets / networking"):
                owner = a
                break
        area_owner[owner] += span
        ours = [n for n in real if n.startswith("OrderFulfillment") and "AsyncStateMachineBox" not in n]
        our_owner[short_method(ours[-1]) if ours else "(no frame of ours)"] += span
    return cpu_total, set_aside, inclusive, exclusive, area_exclusive, area_owner, our_owner


def short_method(frame):
    """OrderFulfillment.X!Namespace.Type`2+<Method>d__8[...].MoveNext() -> Type.Method"""
    name = frame.split("!", 1)[-1]
    name = re.sub(r"\[[^\]]*\]", "", name).split("(")[0]
    name = re.sub(r"\+<([^>]+)>d__\d+.*$", r".\1", name)
    parts = name.split(".")
    return ".".join(parts[-2:])


def main():
    args = sys.argv[1:]
    path = args[0]
    top = int(args[args.index("--top") + 1]) if "--top" in args else 30
    prefix = args[args.index("--csv") + 1] if "--csv" in args else None
    frames, profiles = load(path)
    cpu, set_aside, inclusive, exclusive, area_ex, area_owner, our_owner = aggregate(frames, profiles)
    print(f"file: {path}")
    print(f"managed on-CPU (or runnable) sampled thread time: {cpu:.0f} ms; set aside:")
    for name, v in sorted(set_aside.items(), key=lambda kv: -kv[1]):
        print(f"  {v:10.0f} ms  {name}")

    def share(v):
        return 100.0 * v / cpu if cpu else 0.0

    print("\n## Areas by exclusive (leaf) time")
    for name, v in sorted(area_ex.items(), key=lambda kv: -kv[1]):
        print(f"{share(v):6.1f} %  {name}")
    print("\n## Areas by innermost non-BCL frame on the stack (who the BCL/runtime work was for)")
    for name, v in sorted(area_owner.items(), key=lambda kv: -kv[1]):
        print(f"{share(v):6.1f} %  {name}")
    print("\n## Innermost frame of ours on the stack (which of our operations the time was spent for)")
    for name, v in sorted(our_owner.items(), key=lambda kv: -kv[1])[:15]:
        print(f"{share(v):6.1f} %  {name}")
    print(f"\n## Top {top} exclusive frames")
    for name, v in sorted(exclusive.items(), key=lambda kv: -kv[1])[:top]:
        print(f"{share(v):6.1f} %  {name[:160]}")
    print(f"\n## Top {top} inclusive frames (excluding thread roots)")
    shown = 0
    for name, v in sorted(inclusive.items(), key=lambda kv: -kv[1]):
        if is_root(name):
            continue
        print(f"{share(v):6.1f} %  {name[:160]}")
        shown += 1
        if shown >= top:
            break
    if prefix:
        for label, table in (("exclusive", exclusive), ("inclusive", inclusive), ("area-exclusive", area_ex),
                             ("area-owner", area_owner), ("ours", our_owner)):
            with open(f"{prefix}-{label}.csv", "w", newline="") as f:
                w = csv.writer(f)
                w.writerow(["share_pct", "ms", "frame"])
                for name, v in sorted(table.items(), key=lambda kv: -kv[1])[:200]:
                    w.writerow([f"{share(v):.2f}", f"{v:.1f}", name])


if __name__ == "__main__":
    main()
