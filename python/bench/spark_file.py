"""Times stance.spark.score on local[2] over 8 partitions of a JSON Lines corpus, start-up
excluded: the session is started, the data read and cached, and one warm-up run made before the
timed runs. Compare with `stance score -q --threads 2 FILE`.

    python python/bench/spark_file.py FILE [RUNS]
"""

import os
import sys
import time

os.environ.setdefault("PYSPARK_PYTHON", sys.executable)

from pyspark.sql import SparkSession  # noqa: E402

import stance  # noqa: E402
import stance.spark  # noqa: E402

spark = (
    SparkSession.builder.master("local[2]")
    .config("spark.ui.enabled", "false")
    .config("spark.pyspark.python", sys.executable)
    .config("spark.driver.memory", "2g")
    .getOrCreate()
)
spark.sparkContext.setLogLevel("ERROR")
df = spark.read.json(sys.argv[1]).select("id", "date", "text").repartition(8).cache()
df.count()
engine = stance.Engine()
stance.spark.score(df, id_col="id", date_col="date", engine=engine)  # starts the Python workers
for _ in range(int(sys.argv[2]) if len(sys.argv) > 2 else 5):
    started = time.perf_counter()
    stance.spark.score(df, id_col="id", date_col="date", engine=engine)
    print(f"spark local[2], 8 partitions: {time.perf_counter() - started:.3f} s", flush=True)
spark.stop()
