"""Scoring a PySpark DataFrame: each partition into a partial on the executors, the partials
merged in a tree, the matrix on the driver.

The accumulator sums integers, so the merge is exact and order-independent: the result is byte
for byte the matrix ``stance score`` writes over the same documents, however Spark partitions
them.

    >>> from pyspark.sql import SparkSession
    >>> import stance, stance.spark
    >>> spark = SparkSession.builder.master("local[2]").getOrCreate()
    >>> df = spark.read.json("corpus.jsonl")
    >>> m = stance.spark.score(df, id_col="id", date_col="date")
    >>> m.to_pandas()

The lexicons and dictionaries (``lexicons=``, as ``--lexicon``) travel once per executor: the
driver compiles them (so that errors surface there) and broadcasts their files' bytes once per
engine; each executor's Python worker compiles them on first use and keeps the engine, keyed by
a digest of those bytes and the settings, for every later partition and job with the same ones.
"""

from __future__ import annotations

import hashlib
import pickle
from typing import Any, Dict, Iterable, Iterator, List, Optional

from . import Engine, Matrix, _engine_from_sources, _stance

__all__ = ["score", "partials"]

#: Partials merged at once: by the driver at the end, and by each task of a merge level when
#: there are more partitions than this. A partial holds every cell's sums and strongest
#: evidence (about 1 MB for an eighth of the 35 MB Reuters world-politics file), so this also
#: bounds what the driver holds at once.
FAN_IN = 16

# Engines compiled in this (executor) process, by the digest of their lexicons and settings:
# built once, reused by every partition and every job that sends the same lexicons.
_ENGINES: Dict[str, Engine] = {}


def _engine_for(key: str, broadcast) -> Engine:
    engine = _ENGINES.get(key)
    if engine is None:
        sources, settings = broadcast.value
        engine = _engine_from_sources(sources, settings)  # compiles the lexicons
        _ENGINES[key] = engine
    return engine


def _shipped(engine: Engine, sc) -> tuple:
    """The engine's lexicons and settings as a broadcast, and their digest: made once per
    engine and Spark context, so that a second job sends nothing again."""
    # Spark runs as many tasks at once as it has cores: each scores with the cores of its task
    # (spark.task.cpus), not with all of the machine's, which would oversubscribe it.
    settings = dict(engine._settings, threads=int(sc.getConf().get("spark.task.cpus", "1")))
    payload = (engine._sources, settings)
    # The dictionaries' bytes (and the settings that say how to read them and which scorers
    # run) are in the key: an engine with other dictionaries is another engine.
    sources = engine._sources
    key = hashlib.sha256(
        pickle.dumps((sources.actors, sources.cues, sources.dictionaries, sorted(settings.items())))
    ).hexdigest()
    cached = getattr(engine, "_spark_broadcast", None)
    if cached is not None and cached[0] is sc and cached[1] == key:
        return cached[1], cached[2]
    broadcast = sc.broadcast(payload)
    engine._spark_broadcast = (sc, key, broadcast)
    return key, broadcast


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
    any merge: to keep, or merge elsewhere with ``stance merge`` (each records a digest of its
    partition's documents, so that such a merge refuses the same documents twice)."""
    return _partials(df, text_col, id_col, date_col, engine, by, level, digests=True)


def _partials(df, text_col, id_col, date_col, engine, by, level, digests: bool):
    engine = engine if engine is not None else Engine()
    # Checked on the driver, not in a failed task.
    _check_options(by, level)
    columns = [text_col] + [c for c in (id_col, date_col) if c is not None]
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(
            f"the DataFrame has no column(s) {', '.join(missing)}; it has {', '.join(df.columns)}"
        )
    key, broadcast = _shipped(engine, df.sparkSession.sparkContext)
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
        local = _engine_for(key, broadcast)
        if id_at is None:
            ids = [f"partition-{index}:{i + 1}" for i in range(len(texts))]
        matrix = local._engine.score(
            texts,
            ids,
            dates if date_at is not None else None,
            by,
            level,
            False,
            # The digest of the documents (SHA-256 over every text) only where a later merge
            # may check for overlap: score() allows it and skips that work.
            f"spark partition {index}" if digests else None,
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
    fan_in: int = FAN_IN,
    **engine_options: Any,
) -> Matrix:
    """Scores a PySpark DataFrame into the matrix ``stance score`` writes over its documents.

    Args:
        df: a PySpark DataFrame with a string column of texts.
        text_col, id_col, date_col: its columns of texts, document ids and dates (ISO
            ``YYYY-MM-DD...`` or ``YYYYMMDD`` strings, or dates).
        actors, actors_format, lexicons: as for ``stance.Engine`` (files are read on the
            driver and sent to the executors once); or give a built ``engine``. ``lexicons``
            are dictionaries, as ``--lexicon``: their scorers run on the executors.
        engine_options: any other ``stance.Engine`` argument (``cues``, ``scorers``,
            ``polarity``, ``lexicon_format``, ...), when no ``engine`` is given.
        by, level: as for ``Engine.score``.
        fan_in: partials merged at once. Up to this many partitions, their partials go straight
            to the driver, which merges them in one step (one Spark stage in all); beyond it,
            tasks merge groups of ``fan_in`` first, level after level (a tree reduction).

    Returns:
        The ``Matrix``, on the driver. It records no digest of the documents it read (computing
        one costs a SHA-256 pass over every text, and this merge allows overlap): to merge
        Spark's work with other partials under ``stance merge``'s check that no documents are
        counted twice, keep ``partials(df, ...)`` instead.
    """
    if fan_in < 2:
        raise ValueError(f"fan_in={fan_in}: a merge takes at least 2 partials")
    if engine is None:
        engine = Engine(actors=actors, actors_format=actors_format, lexicons=lexicons, **engine_options)
    elif engine_options or actors is not None or lexicons is not None:
        raise ValueError("give either engine= or the lexicons and options to build one, not both")
    rdd = _partials(df, text_col, id_col, date_col, engine, by, level, digests=False)
    if rdd.getNumPartitions() == 0:  # nothing to merge: the matrix of no documents
        return engine.score([], by=by, level=level)
    # Partitions of the same records (a DataFrame with repeated rows) are counted as often as
    # they occur, as the CLI counts repeated records: overlap is allowed within one job.
    parts = _tree_merge(rdd, fan_in).collect()
    return Matrix(_stance.merge([p.decode("utf-8") for p in parts], True))


def _tree_merge(rdd, fan_in: int):
    """The RDD of partials merged by tasks, `fan_in` at a time, until at most `fan_in` remain.

    Each level is a shuffle into fewer partitions (as ``treeReduce`` does), not a coalesce:
    coalescing would pull the scoring of the partitions it joins into one task."""
    n = rdd.getNumPartitions()
    while n > fan_in:
        n = -(-n // fan_in)
        rdd = (
            rdd.mapPartitionsWithIndex(lambda i, parts, n=n: ((i % n, p) for p in parts))
            .partitionBy(n, lambda k: k)
            .mapPartitions(_merge_values)
        )
    return rdd


def _merge_values(pairs: Iterable[tuple]) -> List[bytes]:
    """One task of a merge level: the partials of its (key, partial) pairs merged into one."""
    texts = [p.decode("utf-8") for _, p in pairs]
    if not texts:
        return []
    return [_stance.merge(texts, True).partial()]


def _check_options(by: Optional[str], level: str) -> None:
    if by is not None and by not in ("day", "week", "month", "year"):
        raise ValueError(f'by={by!r}: expected "day", "week", "month" or "year"')
    if level not in ("actor", "group"):
        raise ValueError(f'level={level!r}: expected "actor" or "group"')
