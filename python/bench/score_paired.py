"""Times Engine.score on texts already in Python against `stance score -q FILE` (a whole
process), in pairs: the file is read with Python's json first (not timed: that is the user's
reading), then the CLI and the call run in turn; each pair gives a ratio of wall and of CPU
time (the call's CPU is this process's over the call, every thread).

    python python/bench/score_paired.py FILE [PAIRS] [STANCE_BINARY] [--lexicon [NAME=]FILE]...

With ``--lexicon`` (repeatable) both sides score with those dictionaries too: the CLI with the
same flags, Python with ``Engine(lexicons=[...])``.
"""

import json
import resource
import subprocess
import sys
import time
import warnings

import bench_args
import stance

warnings.simplefilter("ignore")
path, pairs, binary, lexicons = bench = bench_args.parse(default_pairs=11)
cli = [binary, "score", "-q", path] + bench.lexicon_flags()
texts, ids, dates = [], [], []
with open(path, encoding="utf-8") as f:
    for line in f:
        record = json.loads(line)
        texts.append(record.get("text"))
        ids.append(record.get("id"))
        dates.append(record.get("date"))
engine = stance.Engine(lexicons=lexicons or None)
assert engine.score(texts, ids=ids, dates=dates).long_csv() == subprocess.run(
    cli, capture_output=True, text=True
).stdout
walls, cpus = [], []
for _ in range(pairs):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(cli, capture_output=True)
    cli_wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cli_cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    cpu, started = time.process_time(), time.perf_counter()
    engine.score(texts, ids=ids, dates=dates).long_csv()
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    walls.append(wall / cli_wall)
    cpus.append(cpu / cli_cpu)
    print(f"Engine.score {wall:.3f} s wall, {cpu:.2f} s cpu; cli {cli_wall:.3f} s, {cli_cpu:.2f} s", flush=True)
median = lambda xs: sorted(xs)[len(xs) // 2]  # noqa: E731
print(
    f"paired ratio Engine.score/cli, median of {pairs}: wall {median(walls):.2f} "
    f"({min(walls):.2f}-{max(walls):.2f}), cpu {median(cpus):.2f} ({min(cpus):.2f}-{max(cpus):.2f})"
)
