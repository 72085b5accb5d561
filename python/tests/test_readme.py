"""The README's "From Python" and "On a cluster" examples run as written."""

import os
import re
import subprocess
import sys

import pytest

from conftest import REPO


def python_blocks(section):
    text = (REPO / "README.md").read_text()
    start = text.index(f"## {section}\n")
    end = text.find("\n## ", start + 1)
    return re.findall(r"```python\n(.*?)```", text[start:end], flags=re.S)


def run(code):
    # Spark's workers use the same interpreter (PYSPARK_PYTHON, set by conftest).
    p = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, env=os.environ
    )
    assert p.returncode == 0, p.stderr
    return p.stdout


def test_from_python_prints_serraj_row():
    first, with_dictionaries = python_blocks("From Python")
    out = run(first)
    assert "SERRAJ" in out and "HAFTAR" in out
    # The dictionary example, from the repository's root as the README says.
    out = run(with_dictionaries)
    assert "('conflict', 'stance', 'valence', 'afinn', 'pol.CONFLICT', " in out
    assert "'pol.COOPERATION')" in out
    assert "HAFTAR" in out


def test_on_a_cluster_runs_on_local_spark(capsys):
    try:
        import pyspark  # noqa: F401
    except ImportError:
        if os.environ.get("STANCE_REQUIRE_SPARK") == "1":
            pytest.fail("pyspark is missing and STANCE_REQUIRE_SPARK=1")
        pytest.skip("notice: skipping, pyspark is not installed")
    (block,) = python_blocks("On a cluster")
    # In this process, so that the tests share one JVM: the example stops its session at the
    # end, and the Spark tests start their own afterwards.
    exec(compile(block, "README.md", "exec"), {"__name__": "__readme__"})
    assert "SERRAJ" in capsys.readouterr().out
