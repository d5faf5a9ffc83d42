#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
# check-trace.py TRACE [ANALYSIS-JSON [--lines]]: checks a Chrome trace
# (boot-analysis --trace) against the rules of the Trace Event Format as
# Perfetto and chrome://tracing read it, and, given the --json of the same
# run, against the analysis: every activity of every pass where its clock
# puts it, in microseconds.  Prints one line per problem; exits 1 if any.
import json
import sys
from collections import defaultdict

problems = []


def problem(text):
    if len(problems) < 20:
        print(text)
    problems.append(text)


def is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


with open(sys.argv[1], encoding="utf-8", errors="strict") as f:
    root = json.load(f)
if not isinstance(root, dict) or not isinstance(root.get("traceEvents"), list):
    print("no traceEvents array")
    sys.exit(1)
if root.get("displayTimeUnit") not in (None, "ms", "ns"):
    problem("displayTimeUnit is neither ms nor ns")

METADATA = {"process_name", "process_sort_index", "process_labels", "thread_name",
            "thread_sort_index"}
slices = defaultdict(list)   # (pid, tid) -> [(ts, dur, name)]
instants = defaultdict(list)  # (pid, tid) -> [(ts, name, cat)]
process_names = defaultdict(list)
thread_names = {}
launch_us = {}
retimed = 0  # host-timed activities drawn on the guest clock as well
for ev in root["traceEvents"]:
    if not isinstance(ev, dict):
        problem("an event is not an object")
        continue
    ph, name, pid, tid = ev.get("ph"), ev.get("name"), ev.get("pid"), ev.get("tid")
    if not isinstance(name, str) or not is_int(pid) or not is_int(tid):
        problem(f"event without a string name and integer pid/tid: {ev}")
        continue
    if ph == "X":
        ts, dur = ev.get("ts"), ev.get("dur")
        if not is_int(ts) or not is_int(dur) or ts < 0 or dur < 0:
            problem(f"complete event without whole microseconds ts/dur >= 0: {ev}")
            continue
        slices[(pid, tid)].append((ts, dur, name))
        retimed += "the host timed it too" in str((ev.get("args") or {}).get("clock"))
    elif ph == "i":
        if not is_int(ev.get("ts")) or ev["ts"] < 0 or ev.get("s") not in ("t", "p", "g"):
            problem(f"instant event without ts >= 0 and scope: {ev}")
            continue
        instants[(pid, tid)].append((ev["ts"], name, ev.get("cat")))
    elif ph == "M":
        args = ev.get("args")
        if name not in METADATA or not isinstance(args, dict):
            problem(f"unknown metadata event: {ev}")
        elif name == "process_name":
            process_names[pid].append(args.get("name"))
        elif name == "thread_name":
            thread_names[(pid, tid)] = args.get("name")
        elif name == "process_labels":
            launch_us[pid] = int(args["labels"].split()[2])
    else:
        problem(f"unexpected phase {ph!r}")

# One process per pass, named, numbered from 1.
pids = sorted({pid for pid, _ in list(slices) + list(instants)})
n_passes = len(pids)
if pids != list(range(1, n_passes + 1)):
    problem(f"the passes' pids are {pids}, not 1..{n_passes}")
for pid in pids:
    if process_names[pid] != [f"pass {pid} of {n_passes}"]:
        problem(f"pid {pid} is named {process_names[pid]}")
for track in list(slices) + list(instants):
    if track not in thread_names:
        problem(f"track {track} has no thread_name")

# Slices on one track nest: each inside the innermost one still open, or
# after it.
n_slices = 0
for track, items in slices.items():
    stack = []
    for ts, dur, name in sorted(items, key=lambda s: (s[0], -s[1])):
        n_slices += 1
        while stack and stack[-1][0] <= ts:
            stack.pop()
        if stack and ts + dur > stack[-1][0]:
            problem(f"{track}: {name} [{ts}, {ts + dur}] overlaps {stack[-1][1]} "
                    f"ending at {stack[-1][0]} without nesting")
        stack.append((ts + dur, name))
print(f"# {len(root['traceEvents'])} events, {n_passes} passes, {n_slices} slices on "
      f"{len(slices)} tracks")

# Against the analysis: each span where its clock puts it, in microseconds.
TIDS = {"host": 1000, "libguestfs": 1000, "printk": 2000, "kernel": 2000, "uptime": 3000}
if len(sys.argv) > 2:
    with open(sys.argv[2], encoding="utf-8") as f:
        analysis = json.load(f)
    expected = 0
    found = defaultdict(list)
    for (pid, tid), items in slices.items():
        for ts, dur, name in items:
            found[(pid, tid // 1000 * 1000, name)].append((ts, dur))
    for (pid, tid), items in instants.items():
        for ts, name, cat in items:
            if cat != "console":
                found[(pid, tid // 1000 * 1000, name)].append((ts, None))
    for act in analysis["activities"]:
        for p, span in enumerate(act["per_pass"]):
            if span is None:
                continue
            expected += 1
            pid = p + 1
            timed = not span["failed"] and span["clock"] in TIDS
            tid = TIDS[span["clock"]] if timed else 4000
            ts = round(span["start_ms"] * 1000) + launch_us.get(pid, 0)
            dur = round((span["end_ms"] - span["start_ms"]) * 1000) if timed else None
            if not any(abs(t - ts) <= 1 and (dur is None or abs(d - dur) <= 1)
                       for t, d in found.get((pid, tid, act["name"]), [])):
                problem(f"pass {pid}: {act['name']} ({span['clock']}) at {ts} us for "
                        f"{dur} us is not on tracks {tid}.. : "
                        f"{found.get((pid, tid, act['name']))}")
    drawn = sum(len(v) for v in found.values()) - retimed
    print(f"# {expected} activity spans in the analysis, each found in the trace; "
          f"{drawn} drawn, and {retimed} host-timed ones on the guest clock too")
    if drawn != expected:
        problem(f"{drawn} activities drawn for {expected} spans in the analysis")
    if "--lines" in sys.argv:
        for p, pass_ in enumerate(analysis["passes"]):
            want = sum(1 for e in pass_["events"] if e["source"] == "console")
            got = sum(1 for ts, name, cat in instants.get((p + 1, 5000), [])
                      if cat == "console")
            if want != got:
                problem(f"pass {p + 1}: {got} console lines in the trace, {want} captured")
sys.exit(1 if problems else 0)
