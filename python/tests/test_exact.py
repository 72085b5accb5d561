"""The package's tables equal the CLI's outputs over the same documents."""

import io
import json

import numpy
import pandas
import pytest

import stance

from conftest import REPO


def read_long(text):
    """The CLI's long CSV as a reader of it would load it (period as text)."""
    return pandas.read_csv(io.StringIO(text), dtype={"period": str})


def test_sample_texts_give_what_stance_score_prints(cli):
    out, _, code = cli("score", "-q")
    assert code == 0
    m = stance.Engine().score(stance.sample_texts())
    assert m.long_csv() == out
    pandas.testing.assert_frame_equal(m.to_pandas(), read_long(out))
    assert len(m) == len(out.splitlines()) - 1 > 100


@pytest.mark.parametrize("by,level", [("month", "actor"), ("year", "group"), (None, "group")])
def test_periods_and_groups_match_the_cli(cli, by, level):
    args = ["score", "-q", "--level", level] + (["--by", by] if by else [])
    out, _, _ = cli(*args)
    m = stance.Engine().score(stance.sample_frame(), by=by, level=level)
    assert m.long_csv() == out
    pandas.testing.assert_frame_equal(m.to_pandas(), read_long(out))


def test_json_and_wide_match_the_cli(cli):
    m = stance.Engine().score(stance.sample_frame())
    out, _, _ = cli("score", "-q", "--format", "json")
    # The counts differ only in `bytes` (the CLI counts record bytes, Python text bytes).
    mine, theirs = json.loads(m.json()), json.loads(out)
    assert mine["cells"] == theirs["cells"]
    assert mine["actors"] == theirs["actors"]
    assert {k: v for k, v in mine["stats"].items() if k != "bytes"} == {
        k: v for k, v in theirs["stats"].items() if k != "bytes"
    }
    wide, _, _ = cli("score", "-q", "--layout", "wide")
    assert m._m.wide_csv("mean") == wide


def test_world_politics_equals_the_cli(cli, world_politics):
    path, (texts, ids, dates) = world_politics
    out, _, _ = cli("score", "-q", path)
    m = stance.Engine(threads=2).score(texts, ids=ids, dates=dates)
    assert m.long_csv() == out
    pandas.testing.assert_frame_equal(m.to_pandas(), read_long(out))
    assert m.stats()["documents_read"] == len(texts)


def test_evidence_is_the_cli_evidence_file(cli, tmp_path):
    path = tmp_path / "evidence.jsonl"
    cli("score", "-q", "--evidence", path)
    expected = [json.loads(line) for line in path.read_text().splitlines()]
    table = stance.Engine().score(stance.sample_frame(), evidence=True).evidence()
    assert len(table) == len(expected) > 0
    for row, want in zip(table.to_dict("records"), expected):
        assert row["doc"] == want["doc"] and row["date"] == want["date"]
        for k in ("sentence", "source", "target", "rule", "voice", "text", "scope"):
            assert row[k] == want[k], k
        for scorer in stance.SCORERS:
            got, exp = row[scorer], want["scores"][scorer]
            assert (exp is None and (got is None or got != got)) or got == exp
    with pytest.raises(ValueError, match="evidence=True"):
        stance.Engine().score(["x"]).evidence()


def test_numpy_is_the_cli_npy(cli, tmp_path):
    npy = tmp_path / "m.npy"
    cli("score", "-q", "-o", npy)
    array, labels = stance.Engine().score(stance.sample_texts()).to_numpy()
    expected = numpy.load(npy)
    want_labels = json.loads((tmp_path / "m.labels.json").read_text())
    assert labels["sources"] == want_labels["sources"]
    assert labels["targets"] == want_labels["targets"]
    assert labels["scorers"] == want_labels["scorers"]
    numpy.testing.assert_array_equal(array, expected)


def test_networkx_is_the_cli_graph(cli, tmp_path):
    networkx = pytest.importorskip("networkx")
    graphml = tmp_path / "g.graphml"
    cli("score", "-q", "--graph", graphml)
    g = stance.Engine().score(stance.sample_texts()).to_networkx("stance")
    want = networkx.read_graphml(graphml)
    assert sorted(g.edges(data=True)) == sorted(want.edges(data=True))
    assert g.number_of_edges() > 10
    assert g.nodes["SERRAJ"]["kind"] == want.nodes["SERRAJ"]["kind"]


def test_compare_is_what_stance_compare_shows(cli):
    out, _, _ = cli("compare", "SERRAJ", "HAFTAR", "--json", "-q")
    mine = stance.Engine().score(stance.sample_frame()).compare("serraj", "HAFTAR")
    theirs = json.loads(out)
    for key in ("actors", "scorer", "pairs", "profiles", "similarity"):
        assert mine[key] == theirs[key], key


def test_wide_is_the_long_table_pivoted():
    m = stance.Engine().score(stance.sample_texts())
    wide = m.wide("stance")
    long = m.to_pandas()
    row = long[(long.scorer == "stance") & (long.source == "SERRAJ") & (long.target == "HAFTAR")]
    assert wide.loc["SERRAJ", "HAFTAR"] == row["mean"].item()
    assert wide.loc["SERRAJ"].notna().sum() == (
        (long.scorer == "stance") & (long.source == "SERRAJ")
    ).sum()


def test_actor_dataframe_equals_the_tsv_file(cli):
    tsv = REPO / "lexicons" / "actors" / "libya.tsv"
    frame = pandas.read_csv(tsv, sep="\t", comment="#", dtype=str, keep_default_na=False)
    out, _, _ = cli("score", "-q", "--actors", tsv)
    assert stance.Engine(actors=frame).score(stance.sample_texts()).long_csv() == out
    assert stance.Engine(actors=str(tsv)).score(stance.sample_texts()).long_csv() == out


def test_valence_is_stance_valence(cli, tmp_path):
    lines = [t.replace("\n", " ") for t in stance.sample_texts()[:8]] + ["Great!! :) but not bad"]
    path = tmp_path / "lines.txt"
    path.write_text("\n".join(lines) + "\n")
    out, _, _ = cli("valence", path)
    expected = pandas.read_csv(io.StringIO(out), sep="\t")
    got = stance.valence(lines)
    pandas.testing.assert_frame_equal(got, expected)
    assert stance.valence(lines[-1]) == expected.iloc[-1].to_dict()


def test_skipped_texts_are_counted_as_the_cli_counts_them():
    m = stance.Engine().score(["Serraj met Haftar.", None, "   ", float("nan"), "a\0b"])
    s = m.stats()
    assert (s["documents_read"], s["documents_scored"], s["documents_skipped"]) == (5, 1, 4)


def test_scorers_filter_the_rows():
    m = stance.Engine(scorers=["stance"]).score(stance.sample_texts())
    assert set(m.to_pandas().scorer) == {"stance"}


def test_score_files_reads_as_the_cli_reads(cli, tmp_path, world_politics):
    path, _ = world_politics
    out, err, _ = cli("score", "-q", path)
    with pytest.warns(UserWarning, match="empty document"):
        m = stance.Engine().score_files(path)
    assert m.long_csv() == out
    assert m.problems and all(p in err for p in m.problems)
    gz = tmp_path / "c.jsonl.gz"
    import gzip, shutil

    with open(REPO / "src" / "sample" / "libya_2019_2020.jsonl", "rb") as f, gzip.open(gz, "wb") as g:
        shutil.copyfileobj(f, g)
    assert stance.Engine().score_files([gz], by="month").long_csv() == cli("score", "-q", "--by", "month")[0]
    with pytest.raises(FileNotFoundError, match="no such file"):
        stance.Engine().score_files(tmp_path / "missing.jsonl")


def test_default_ids_count_from_one_as_the_library_and_the_cli(cli, tmp_path):
    # The library's `Run::score_texts` numbers texts 1, 2, ...; the CLI names a record without
    # an id `path:N`, N from 1. Without ids, Python numbers them the same way.
    texts = stance.sample_texts()[:4]
    corpus = tmp_path / "no_ids.jsonl"
    corpus.write_text("".join(json.dumps({"text": t}) + "\n" for t in texts))
    evidence = tmp_path / "evidence.jsonl"
    cli("score", "-q", "--evidence", evidence, corpus)
    theirs = [json.loads(line) for line in evidence.read_text().splitlines()]
    assert theirs, "the CLI found no attribution in the first sample texts"
    prefix = f"{corpus}:"
    assert all(r["doc"].startswith(prefix) for r in theirs)
    cli_rows = [(r["doc"][len(prefix):], r["sentence"], r["source"], r["target"]) for r in theirs]
    for given in (texts, pandas.DataFrame({"text": texts}, index=[10, 11, 12, 13])):
        mine = stance.Engine().score(given, evidence=True).evidence()
        rows = list(zip(mine["doc"], mine["sentence"], mine["source"], mine["target"]))
        assert rows == cli_rows
    assert cli_rows[0][0] == "1"
