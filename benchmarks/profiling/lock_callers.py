#!/usr/bin/env python3
"""Which frames (outside the BCL) hold the on-CPU samples spent in a contended lock (Monitor.Enter_Slowpath,
Lock.TryEnterSlow), by the nearest non-BCL caller. Usage: lock_callers.py FILE.speedscope.json [N]"""
import sys
from collections import defaultdict

import speedscope_top as top

frames, profiles = top.load(sys.argv[1])
count = int(sys.argv[2]) if len(sys.argv) > 2 else 10
callers = defaultdict(float)
total = all_cpu = 0.0
for span, real, _ in top.cpu_samples(frames, profiles):
    if real is None:
        continue
    all_cpu += span
    spots = [i for i, n in enumerate(real) if "Monitor.Enter_Slowpath" in n or "Lock.TryEnterSlow" in n]
    if not spots:
        continue
    total += span
    outside = [n for n in real[:spots[0]] if top.area_of(n) not in ("BCL (tasks, collections, strings)", "other")]
    callers[top.short_method(outside[-1]) + "  [" + top.area_of(outside[-1]) + "]" if outside else "(BCL only)"] += span
print(f"contended-lock samples: {total:.0f} ms = {100 * total / all_cpu:.1f} % of on-CPU samples")
for name, v in sorted(callers.items(), key=lambda kv: -kv[1])[:count]:
    print(f"{100 * v / total:6.1f} %  {name}")
