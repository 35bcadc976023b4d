#!/usr/bin/env python3
"""Turns the raw outputs of profile-burst.sh into the markdown tables of docs/benchmarks.md.

Usage: summarise.py OUTDIR ORDERS  -> prints markdown: top statements per database, wait-event shares, counters.
"""
import csv
import os
import re
import sys
from collections import Counter, defaultdict
from datetime import datetime

out, orders = sys.argv[1], int(sys.argv[2])
DATABASES = ["orders", "inventory", "payments", "shipping"]


def short(query, n=90):
    q = re.sub(r"\s+", " ", query).strip()
    return (q[:n] + "…" if len(q) > n else q).replace("|", "\\|")


def statements():
    rows = list(csv.DictReader(open(f"{out}/pg_stat_statements.csv")))
    # Top-level statements only: with track=all a function's inner statements would count twice.
    rows = [r for r in rows if r["toplevel"] == "t" and r["datname"] in DATABASES]
    total_all = sum(float(r["total_ms"]) for r in rows)
    all_calls = sum(int(r['calls']) for r in rows)
    print(f"All four databases: {total_all / 1000:.1f} s of statement execution time, "
          f"{all_calls:,} calls ({all_calls / orders:.1f} per order).\n")
    print("| database | exec time | share of all DB exec time | calls/order |")
    print("|---|---|---|---|")
    for db in DATABASES:
        mine = [r for r in rows if r["datname"] == db]
        t = sum(float(r["total_ms"]) for r in mine)
        db_calls = sum(int(r['calls']) for r in mine)
        print(f"| {db} | {t / 1000:.1f} s | {100 * t / total_all:.1f} % | {db_calls / orders:.1f} |")
    for db in DATABASES:
        mine = [r for r in rows if r["datname"] == db]
        t = sum(float(r["total_ms"]) for r in mine)
        calls = sum(int(r["calls"]) for r in mine)
        print(f"\n**{db}**: {t / 1000:.1f} s, {calls:,} calls. Top by total time:\n")
        print("| share of db time | total s | calls | calls/order | mean ms | rows | statement |")
        print("|---|---|---|---|---|---|---|")
        for r in sorted(mine, key=lambda r: -float(r["total_ms"]))[:8]:
            print(f"| {100 * float(r['total_ms']) / t:.1f} % | {float(r['total_ms']) / 1000:.1f} "
                  f"| {int(r['calls']):,} | {int(r['calls']) / orders:.2f} | {float(r['mean_ms']):.2f} "
                  f"| {int(r['rows']):,} | `{short(r['query'])}` |")
        top_calls = sorted(mine, key=lambda r: -int(r["calls"]))[:6]
        print(f"\nTop by calls: " + "; ".join(
            f"`{short(r['query'], 50)}` {int(r['calls']) / orders:.2f}/order ({100 * int(r['calls']) / calls:.0f} %)"
            for r in top_calls))


def waits():
    samples = set()
    counts = Counter()
    by_db_stmt = Counter()
    def add(db, wtype, wevent, query, n=1):
        kind = "CPU (no wait)" if wtype == "CPU" else f"{wtype}:{wevent}"
        counts[(db, kind)] += n
        by_db_stmt[(db, kind, short(query, 60))] += n

    if os.path.exists(f"{out}/wait-samples.psv"):
        for line in open(f"{out}/wait-samples.psv"):
            parts = line.rstrip("\n").split("|")
            if len(parts) < 5 or not re.match(r"\d\d:\d\d:\d\d", parts[0]):
                continue
            samples.add(parts[0][:10])  # one sample's rows share a timestamp up to the ms; group by 10 ms
            add(*parts[1:5])
    else:  # the committed aggregate (wait-events.csv) has no timestamps, so no sample count
        for r in csv.DictReader(open(f"{out}/wait-events.csv")):
            add(r["datname"], r["wait_event_type"], r["wait_event"], r["query_prefix"], int(r["backends_seen"]))
    total = sum(counts.values())
    n = len(samples)
    if n:
        print(f"\n{n} samples with at least one active backend, {total:,} active backends seen "
              f"({total / n:.1f} per sample).\n")
    else:
        print(f"\n{total:,} active backends seen (from the aggregate, which has no sample count).\n")
    print("| database | wait | share of active backends |")
    print("|---|---|---|")
    for (db, kind), c in counts.most_common(15):
        print(f"| {db} | `{kind}` | {100 * c / total:.1f} % |")
    print("\nTop (database, wait, statement):\n")
    print("| share | database | wait | statement |")
    print("|---|---|---|---|")
    for (db, kind, q), c in by_db_stmt.most_common(12):
        print(f"| {100 * c / total:.1f} % | {db} | `{kind}` | `{q}` |")


def counters(name, start, end):
    path = f"{out}/counters-{name}.csv"
    if not os.path.exists(path):
        path = f"{out}/counters-{name}-runtime.csv"
    series = defaultdict(list)
    for r in csv.DictReader(open(path)):
        ts = r["Timestamp"]
        try:
            when = datetime.strptime(ts[:19], "%m/%d/%Y %H:%M:%S")
        except ValueError:
            continue
        if start <= when.strftime("%H:%M:%S") <= end:
            series[r["Counter Name"]].append(float(r["Mean/Increment"]))
    return series


def print_counters(start, end):
    print(f"\nCounters between {start} and {end} UTC (1 s interval; mean and max of the per-second values):\n")
    wanted = [
        ("CPU (s/s, user)", "dotnet.process.cpu.time (s / 1 sec)[cpu.mode=user]"),
        ("CPU (s/s, system)", "dotnet.process.cpu.time (s / 1 sec)[cpu.mode=system]"),
        ("allocated MB/s", "dotnet.gc.heap.total_allocated (By / 1 sec)"),
        ("gen0 GCs/s", "dotnet.gc.collections ({collection} / 1 sec)[gc.heap.generation=gen0]"),
        ("gen1 GCs/s", "dotnet.gc.collections ({collection} / 1 sec)[gc.heap.generation=gen1]"),
        ("gen2 GCs/s", "dotnet.gc.collections ({collection} / 1 sec)[gc.heap.generation=gen2]"),
        ("GC pause (s/s)", "dotnet.gc.pause.time (s / 1 sec)"),
        ("working set MB", "dotnet.process.memory.working_set (By)"),
        ("GC committed MB", "dotnet.gc.last_collection.memory.committed_size (By)"),
        ("thread-pool threads", "dotnet.thread_pool.thread.count ({thread} / 1 sec)"),
        ("thread-pool queue length", "dotnet.thread_pool.queue.length ({work_item} / 1 sec)"),
        ("thread-pool work items/s", "dotnet.thread_pool.work_item.count ({work_item} / 1 sec)"),
        ("lock contentions/s", "dotnet.monitor.lock_contentions ({contention} / 1 sec)"),
    ]
    data = {n: counters(n, start, end) for n in ("orchestrator", "inventory")}
    print("| counter | orchestrator mean | max | inventory mean | max |")
    print("|---|---|---|---|---|")
    for label, key in wanted:
        cells = []
        for n in ("orchestrator", "inventory"):
            v = data[n].get(key, [])
            scale = 1e-6 if "MB" in label else 1.0
            cells += [f"{scale * sum(v) / len(v):,.2f}" if v else "–", f"{scale * max(v):,.2f}" if v else "–"]
        print(f"| {label} | " + " | ".join(cells) + " |")
    for n in ("orchestrator", "inventory"):
        gen = sorted(k for k in data[n] if "gc.heap.generation" in k and "last_collection.heap.size" in k)
        print(f"\n{n} heap after last GC (MB, mean): " + ", ".join(
            f"{k.split('=')[1].rstrip(']')} {1e-6 * sum(data[n][k]) / len(data[n][k]):.1f}" for k in gen))
    other = sorted(k for k in data["orchestrator"] if not k.startswith("dotnet."))
    if other:
        print("\nOther meters seen (orchestrator): " + ", ".join(other[:40]))


statements()
waits()
if len(sys.argv) > 4:
    print_counters(sys.argv[3], sys.argv[4])
