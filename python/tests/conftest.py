"""Shared fixtures: the CLI to compare against, ../shared, and a local Spark.

The contract under test is exactness: every table the package returns must equal what the
`stance` binary writes over the same documents. The binary is found in STANCE_BIN, else in the
repository's target/release or target/debug (CI builds it with `cargo test` first).
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

# Spark's Python workers run `python3` from PATH unless told otherwise: this interpreter is the one
# with the package installed (a virtual environment need not be activated).
os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
SHARED = REPO.parent / "shared"
WORLD_POLITICS = "data/corpora/reuters_2006_2013_ding/world_politics.jsonl"


def _required(name):
    return os.environ.get(name) == "1"


@pytest.fixture(scope="session")
def cli():
    """A function running `stance ARGS...`, returning (stdout, stderr, exit code)."""
    candidates = [os.environ.get("STANCE_BIN")] + [
        str(REPO / "target" / profile / "stance") for profile in ("release", "debug")
    ]
    binary = next((c for c in candidates if c and os.path.exists(c)), None)
    if binary is None:
        pytest.fail("no stance binary: run `cargo build` (or set STANCE_BIN)")

    def run(*args, check=True):
        p = subprocess.run([binary, *map(str, args)], capture_output=True, text=True)
        if check and p.returncode not in (0, 1):
            raise AssertionError(f"stance {' '.join(map(str, args))} failed: {p.stderr}")
        return p.stdout, p.stderr, p.returncode

    return run


def shared_path(rel):
    """../shared/REL, or a skip with a notice; with STANCE_REQUIRE_SHARED=1 (CI) a failure."""
    path = SHARED / rel
    if path.exists():
        return path
    if _required("STANCE_REQUIRE_SHARED"):
        pytest.fail(f"{path} is missing and STANCE_REQUIRE_SHARED=1")
    pytest.skip(f"notice: skipping, {path} is absent")


@pytest.fixture(scope="session")
def world_politics():
    """The Reuters world-politics file: its path and its records as (texts, ids, dates)."""
    path = shared_path(WORLD_POLITICS)
    texts, ids, dates = [], [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            texts.append(record.get("text"))
            ids.append(record.get("id"))
            dates.append(record.get("date"))
    return path, (texts, ids, dates)


@pytest.fixture(scope="session")
def spark():
    """A local[2] Spark session. With STANCE_REQUIRE_SPARK=1 (CI) a Spark that cannot start
    fails the tests instead of skipping them."""
    try:
        from pyspark.sql import SparkSession

        session = (
            SparkSession.builder.master("local[2]")
            .appName("stance-tests")
            .config("spark.ui.enabled", "false")
            .config("spark.pyspark.python", sys.executable)
            .config("spark.sql.shuffle.partitions", "8")
            .config("spark.driver.memory", "2g")
            .getOrCreate()
        )
    except Exception as e:  # no pyspark, no java
        if _required("STANCE_REQUIRE_SPARK"):
            pytest.fail(f"Spark cannot start and STANCE_REQUIRE_SPARK=1: {e}")
        pytest.skip(f"notice: skipping, Spark cannot start: {e}")
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()
