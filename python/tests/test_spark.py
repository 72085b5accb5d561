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
