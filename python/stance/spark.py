"""Scoring a PySpark DataFrame: each partition into a partial on the executors, the partials
merged by a tree reduction, the matrix on the driver.

The accumulator sums integers, so the merge is exact and order-independent: the result is byte
for byte the matrix ``stance score`` writes over the same documents, however Spark partitions
them.

    >>> from pyspark.sql import SparkSession
    >>> import stance, stance.spark
    >>> spark = SparkSession.builder.master("local[2]").getOrCreate()
    >>> df = spark.read.json("corpus.jsonl")
    >>> m = stance.spark.score(df, id_col="id", date_col="date")
    >>> m.to_pandas()

The lexicons travel once per executor: the driver compiles them (so that errors surface there)
and broadcasts their files' bytes; each executor's Python worker compiles them on first use and
keeps the engine for every later partition.
"""

from __future__ import annotations

import uuid
from typing import Any, Dict, Iterator, Optional

from . import Engine, Matrix, _engine_from_sources, _merge_bytes, _stance

__all__ = ["score", "partials"]

# Engines compiled in this (executor) process, by the token of the job that sent them: built
# once, reused by every partition the process scores.
_ENGINES: Dict[str, Engine] = {}


def _engine_for(token: str, broadcast) -> Engine:
    engine = _ENGINES.get(token)
    if engine is None:
        sources, settings, scorers = broadcast.value
        engine = _engine_from_sources(sources, settings, scorers)  # compiles the lexicons
        _ENGINES[token] = engine
    return engine


def partials(
    df,
    text_col: str = "text",
    id_col: Optional[str] = None,
    date_col: Optional[str] = None,
    engine: Optional[Engine] = None,
    by: Optional[str] = None,
    level: str = "actor",
):
    """The RDD of the partials of each partition (as bytes in the CLI's partial format), before
    any merge: to keep, or merge elsewhere with ``stance merge``."""
    engine = engine if engine is not None else Engine()
    # Checked on the driver, not in a failed task.
    _check_options(by, level)
    columns = [text_col] + [c for c in (id_col, date_col) if c is not None]
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(
            f"the DataFrame has no column(s) {', '.join(missing)}; it has {', '.join(df.columns)}"
        )
    sc = df.sparkSession.sparkContext
    # Spark runs as many tasks at once as it has cores: each scores with the cores of its task
    # (spark.task.cpus), not with all of the machine's, which would oversubscribe it.
    settings = dict(engine._settings, threads=int(sc.getConf().get("spark.task.cpus", "1")))
    broadcast = sc.broadcast((engine._sources, settings, engine.scorers))
    token = uuid.uuid4().hex
    id_at = 1 if id_col is not None else None
    date_at = (2 if id_col is not None else 1) if date_col is not None else None

    def score_partition(index: int, rows: Iterator[Any]) -> Iterator[bytes]:
        texts, ids, dates = [], [], []
        for row in rows:
            texts.append(row[0])
            if id_at is not None:
                v = row[id_at]
                ids.append(str(v) if v is not None else f"partition-{index}:{len(texts)}")
            if date_at is not None:
                v = row[date_at]
                dates.append(v if v is None or isinstance(v, str) else v.isoformat())
        local = _engine_for(token, broadcast)
        if id_at is None:
            ids = [f"partition-{index}:{i + 1}" for i in range(len(texts))]
        matrix = local._engine.score(
            texts,
            ids,
            dates if date_at is not None else None,
            by,
            level,
            False,
            f"spark partition {index}",
        )
        yield matrix.partial()

    return df.select(*columns).rdd.mapPartitionsWithIndex(score_partition)


def score(
    df,
    text_col: str = "text",
    id_col: Optional[str] = None,
    date_col: Optional[str] = None,
    actors: Any = None,
    actors_format: str = "auto",
    lexicons: Any = None,
    by: Optional[str] = None,
    level: str = "actor",
    engine: Optional[Engine] = None,
    depth: int = 2,
) -> Matrix:
    """Scores a PySpark DataFrame into the matrix ``stance score`` writes over its documents.

    Args:
        df: a PySpark DataFrame with a string column of texts.
        text_col, id_col, date_col: its columns of texts, document ids and dates (ISO
            ``YYYY-MM-DD...`` or ``YYYYMMDD`` strings, or dates).
        actors, actors_format, lexicons: as for ``stance.Engine`` (files are read on the
            driver and sent to the executors once); or give a built ``engine``.
        by, level: as for ``Engine.score``.
        depth: depth of the tree reduction of the partials.

    Returns:
        The ``Matrix``, on the driver.
    """
    if engine is None:
        engine = Engine(actors=actors, actors_format=actors_format, lexicons=lexicons)
    rdd = partials(df, text_col, id_col, date_col, engine=engine, by=by, level=level)
    if rdd.getNumPartitions() == 0:  # nothing to reduce: the matrix of no documents
        return engine.score([], by=by, level=level)
    # Partitions of the same records (a DataFrame with repeated rows) are counted as often as
    # they occur, as the CLI counts repeated records: overlap is allowed within one job.
    merged = rdd.treeReduce(_merge_bytes, depth=depth)
    return Matrix(_stance.merge([merged.decode("utf-8")], True), scorers=engine.scorers)


def _check_options(by: Optional[str], level: str) -> None:
    if by is not None and by not in ("day", "week", "month", "year"):
        raise ValueError(f'by={by!r}: expected "day", "week", "month" or "year"')
    if level not in ("actor", "group"):
        raise ValueError(f'level={level!r}: expected "actor" or "group"')
