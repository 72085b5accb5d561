"""Times stance.spark.score on local[2] over 8 partitions of a JSON Lines corpus against
`stance score -q --threads 2 FILE`, start-up excluded, in pairs: the session is started, the
data read and cached, and warm-up runs made first; then the CLI (a whole process) and the Spark
job run in turn, and each pair gives a ratio, of wall time and of CPU time (Spark's CPU is
this process's and every descendant's: the JVM, Python's daemon and workers).

    python python/bench/spark_file.py FILE [PAIRS] [STANCE_BINARY] [--lexicon [NAME=]FILE]...

With ``--lexicon`` (repeatable) both sides score with those dictionaries too (shipped to the
executors with the engine).
"""

import os
import resource
import subprocess
import sys
import time

os.environ.setdefault("PYSPARK_PYTHON", sys.executable)

from pyspark.sql import SparkSession  # noqa: E402

import bench_args  # noqa: E402
import stance  # noqa: E402
import stance.spark  # noqa: E402

path, pairs, binary, lexicons = bench = bench_args.parse(default_pairs=7)
cli = [binary, "score", "-q", "--threads", "2", path]
cli += bench.lexicon_flags()
TICK = os.sysconf("SC_CLK_TCK")


def tree_cpu() -> float:
    """User + system seconds of this process and its descendants still running (from /proc)."""
    procs = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        procs[int(name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / TICK)
    me, total = os.getpid(), 0.0
    for pid, (_, cpu) in procs.items():
        up = pid
        while up in procs and up not in (me, 1):
            up = procs[up][0]
        if up == me:
            total += cpu
    return total


def median(values):
    return sorted(values)[len(values) // 2]


spark = (
    SparkSession.builder.master("local[2]")
    .config("spark.ui.enabled", "false")
    .config("spark.ui.showConsoleProgress", "false")
    .config("spark.pyspark.python", sys.executable)
    .config("spark.driver.memory", "2g")
    .getOrCreate()
)
spark.sparkContext.setLogLevel("ERROR")
df = spark.read.json(path).select("id", "date", "text").repartition(8).cache()
df.count()
engine = stance.Engine(lexicons=lexicons or None)
expected = subprocess.run(cli, capture_output=True, text=True).stdout
# Warm-up (starts the Python workers, compiles the lexicons there, warms the JVM), checked.
for _ in range(3):
    assert stance.spark.score(df, id_col="id", date_col="date", engine=engine).long_csv() == expected
rows = []
for _ in range(pairs):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(cli, capture_output=True)
    cli_wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cli_cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    cpu = tree_cpu()
    started = time.perf_counter()
    stance.spark.score(df, id_col="id", date_col="date", engine=engine)
    wall = time.perf_counter() - started
    cpu = tree_cpu() - cpu
    rows.append((wall / cli_wall, cpu / cli_cpu))
    print(
        f"spark {wall:.3f} s wall, {cpu:.2f} s cpu; cli {cli_wall:.3f} s wall, {cli_cpu:.2f} s cpu",
        flush=True,
    )
walls, cpus = [r[0] for r in rows], [r[1] for r in rows]
print(
    f"paired ratio spark/cli, median of {pairs}: wall {median(walls):.2f} "
    f"({min(walls):.2f}-{max(walls):.2f}), cpu {median(cpus):.2f} ({min(cpus):.2f}-{max(cpus):.2f})"
)
spark.stop()
