"""Spark on local[2]: any partitioning gives the CLI's matrix, byte for byte."""

import json

import pytest

import stance
import stance.spark

from conftest import REPO


@pytest.mark.parametrize("partitions", [1, 3, 8])
def test_spark_equals_the_cli_on_the_sample(cli, spark, partitions):
    out, _, _ = cli("score", "-q", "--by", "month")
    frame = stance.sample_frame()[["id", "date", "text"]]
    df = spark.createDataFrame(frame).repartition(partitions)
    assert df.rdd.getNumPartitions() == partitions
    m = stance.spark.score(df, id_col="id", date_col="date", by="month")
    assert m.long_csv() == out
    # The evidence of each cell too: the strongest sentences do not depend on the partitioning.
    theirs = json.loads(cli("score", "-q", "--by", "month", "--format", "json")[0])
    assert json.loads(m.json())["cells"] == theirs["cells"]


@pytest.mark.parametrize("partitions", [1, 3, 8])
def test_spark_equals_the_cli_on_world_politics(cli, spark, world_politics, partitions):
    path, _ = world_politics
    out = _cli_world(cli, path)
    df = spark.read.json(str(path)).select("id", "date", "text").repartition(partitions)
    m = stance.spark.score(df, id_col="id", date_col="date")
    assert m.long_csv() == out


_WORLD = {}


def _cli_world(cli, path):
    if "out" not in _WORLD:
        _WORLD["out"] = cli("score", "-q", path)[0]
    return _WORLD["out"]


def test_spark_with_an_actor_file_and_groups(cli, spark):
    tsv = REPO / "lexicons" / "actors" / "libya.tsv"
    out, _, _ = cli("score", "-q", "--actors", tsv, "--level", "group")
    df = spark.createDataFrame(stance.sample_frame()[["text"]]).repartition(3)
    assert stance.spark.score(df, actors=str(tsv), level="group").long_csv() == out


def test_spark_partials_are_cli_partials(cli, spark, tmp_path):
    df = spark.createDataFrame(stance.sample_frame()[["id", "text"]]).repartition(3)
    parts = stance.spark.partials(df, id_col="id").collect()
    paths = []
    for i, data in enumerate(parts):
        path = tmp_path / f"{i}.partial"
        stance.Partial(data).write(path)
        paths.append(path)
    out, err, code = cli("merge", *paths)
    assert code == 0, err
    assert out == cli("score", "-q")[0]


def test_spark_bad_columns_fail_on_the_driver(spark):
    df = spark.createDataFrame(stance.sample_frame()[["text"]])
    with pytest.raises(ValueError, match="no column"):
        stance.spark.score(df, id_col="doc_id")


@pytest.mark.parametrize("fan_in", [2, 3])
def test_spark_merges_in_a_tree_beyond_fan_in(cli, spark, fan_in):
    # 8 partitions and a fan-in below that: tasks merge partials, level after level (8 -> 4
    # -> 2 with 2; 8 -> 3 with 3), before the driver merges the rest.
    out, _, _ = cli("score", "-q", "--by", "month")
    frame = stance.sample_frame()[["id", "date", "text"]]
    df = spark.createDataFrame(frame).repartition(8)
    m = stance.spark.score(df, id_col="id", date_col="date", by="month", fan_in=fan_in)
    assert m.long_csv() == out
    theirs = json.loads(cli("score", "-q", "--by", "month", "--format", "json")[0])
    assert json.loads(m.json())["cells"] == theirs["cells"]


def test_a_second_job_reuses_the_broadcast_and_engines_are_keyed_by_content(spark):
    engine = stance.Engine()
    df = spark.createDataFrame(stance.sample_frame()[["text"]]).repartition(2)
    first = stance.spark.score(df, engine=engine)
    shipped = engine._spark_broadcast
    second = stance.spark.score(df, engine=engine)
    assert engine._spark_broadcast is shipped
    assert first.long_csv() == second.long_csv()
    # Executors keep compiled engines by the digest of the lexicons and settings: another
    # engine with the same lexicons finds the one compiled already; other lexicons do not.
    same = stance.Engine()
    stance.spark.score(df, engine=same)
    assert same._spark_broadcast[1] == shipped[1]
    other = stance.Engine(actors=str(REPO / "lexicons" / "actors" / "libya.tsv"))
    stance.spark.score(df, engine=other)
    assert other._spark_broadcast[1] != shipped[1]


def test_fan_in_below_two_is_refused(spark):
    df = spark.createDataFrame(stance.sample_frame()[["text"]])
    with pytest.raises(ValueError, match="fan_in"):
        stance.spark.score(df, fan_in=1)


def test_spark_with_dictionaries_equals_the_cli(cli, spark, tmp_path):
    # AFINN (bundled) and a category dictionary, shipped to the executors with the engine.
    policy = REPO / "tests" / "data" / "dictionaries" / "policy.cat"
    out, _, _ = cli("score", "-q", "--by", "month", "--lexicon", "afinn", "--lexicon", policy)
    frame = stance.sample_frame()[["id", "date", "text"]]
    df = spark.createDataFrame(frame).repartition(3)
    assert df.rdd.getNumPartitions() == 3
    m = stance.spark.score(
        df, id_col="id", date_col="date", by="month", lexicons=["afinn", str(policy)]
    )
    assert m.long_csv() == out
    assert "afinn" in m.scorers and "policy.CONFLICT" in m.scorers
    assert {"afinn", "policy.CONFLICT"} <= set(m.to_pandas().scorer)
    # --scorers on the executors too.
    chosen = ["stance", "policy.CONFLICT"]
    out, _, _ = cli("score", "-q", "--lexicon", policy, "--scorers", ",".join(chosen))
    m = stance.spark.score(df, id_col="id", lexicons=[str(policy)], scorers=chosen)
    assert m.scorers == tuple(chosen) and m.long_csv() == out


def test_the_engine_digest_holds_the_dictionaries_bytes(spark, tmp_path):
    # Executors key compiled engines by a digest of what was shipped: the same path with other
    # contents is another engine, not the one compiled before.
    path = tmp_path / "mine.tsv"
    df = spark.createDataFrame(stance.sample_frame()[["text"]]).repartition(2)
    path.write_text("attack\t-3\ntalks\t2\n")
    first = stance.Engine(lexicons=str(path))
    a = stance.spark.score(df, engine=first)
    path.write_text("attack\t-3\ntalks\t-2\n")
    second = stance.Engine(lexicons=str(path))
    b = stance.spark.score(df, engine=second)
    assert first._spark_broadcast[1] != second._spark_broadcast[1]
    assert a.long_csv() == first.score(stance.sample_texts()).long_csv()
    assert b.long_csv() == second.score(stance.sample_texts()).long_csv()
    assert a.long_csv() != b.long_csv()
