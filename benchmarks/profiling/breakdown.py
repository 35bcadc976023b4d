#!/usr/bin/env python3
"""For the on-CPU samples (same rule as speedscope_top.py) whose innermost frame of ours is OPERATION, which
non-BCL frames directly below it take the time. Usage: breakdown.py FILE.speedscope.json OPERATION [N]"""
import sys
from collections import defaultdict

import speedscope_top as top

path, operation = sys.argv[1], sys.argv[2]
count = int(sys.argv[3]) if len(sys.argv) > 3 else 12
frames, profiles = top.load(path)
below = defaultdict(float)
total = 0.0
for span, real, _ in top.cpu_samples(frames, profiles):
    if real is None:
        continue
    ours = [i for i, n in enumerate(real) if n.startswith("OrderFulfillment") and "AsyncStateMachineBox" not in n]
    if not ours or operation not in top.short_method(real[ours[-1]]):
        continue
    total += span
    rest = [n for n in real[ours[-1] + 1:] if top.area_of(n) not in ("BCL (tasks, collections, strings)", "other")]
    key = top.short_method(rest[0]) + "  [" + top.area_of(rest[0]) + "]" if rest else "(BCL/runtime only)"
    if any("Monitor.Enter_Slowpath" in n or "Lock.TryEnterSlow" in n for n in real[ours[-1]:]):
        key += "  (in a contended lock)"
    below[key] += span
print(f"{operation}: {total:.0f} ms of on-CPU samples")
for name, v in sorted(below.items(), key=lambda kv: -kv[1])[:count]:
    print(f"{100 * v / total:6.1f} %  {name}")
