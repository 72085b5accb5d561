"""Dictionaries as scorers (`lexicons=`, as the CLI's `--lexicon`): every table equals what the
binary writes with the same flags."""

import io
import json
import pickle

import numpy
import pandas
import pytest

import stance

from conftest import REPO

DICTIONARIES = REPO / "tests" / "data" / "dictionaries"
# A bundled weighted list, a LIWC category dictionary and a named WordStat one: scorers
# `afinn`, `moral.CATEGORY` and `pol.CATEGORY`.
FLAGS = [
    "--lexicon", "afinn",
    "--lexicon", str(DICTIONARIES / "moral.dic"),
    "--lexicon", f"pol={DICTIONARIES / 'policy.cat'}",
]
LEXICONS = ["afinn", str(DICTIONARIES / "moral.dic"), f"pol={DICTIONARIES / 'policy.cat'}"]


@pytest.fixture(scope="module")
def engine():
    return stance.Engine(lexicons=LEXICONS)


@pytest.fixture(scope="module")
def matrix(engine):
    return engine.score(stance.sample_frame(), evidence=True)


def test_the_long_table_is_the_cli_csv_with_dictionaries(cli, engine, matrix):
    out, _, code = cli("score", "-q", *FLAGS)
    assert code == 0
    assert matrix.long_csv() == out
    expected = pandas.read_csv(io.StringIO(out), dtype={"period": str})
    pandas.testing.assert_frame_equal(matrix.to_pandas(), expected)
    # The dictionaries' scorers come after the built-in ones, named as the CLI names them, and
    # they found something in the sample (else the equality above says little about them).
    assert engine.scorers[:3] == stance.SCORERS == ("conflict", "stance", "valence")
    assert "afinn" in engine.scorers and "pol.CONFLICT" in engine.scorers
    assert any(s.startswith("moral.") for s in engine.scorers)
    assert matrix.scorers == engine.scorers
    found = set(expected.scorer)
    assert "afinn" in found and any(s.startswith("pol.") for s in found), found
    # A dict {NAME: path} is NAME=path.
    named = stance.Engine(lexicons={"pol": DICTIONARIES / "policy.cat"}, scorers=["pol.CONFLICT"])
    assert named.scorers == ("pol.CONFLICT",)


def test_numpy_graph_evidence_and_compare_carry_the_dictionary_scorers(cli, tmp_path, matrix):
    npy = tmp_path / "m.npy"
    graph = tmp_path / "g.graphml"
    evidence = tmp_path / "e.jsonl"
    cli("score", "-q", *FLAGS, "-o", npy, "--graph", graph, "--picture-scorer", "afinn",
        "--evidence", evidence)
    array, labels = matrix.to_numpy()
    want = json.loads((tmp_path / "m.labels.json").read_text())
    assert {k: want[k] for k in ("scorers", "sources", "targets")} == labels
    numpy.testing.assert_array_equal(array, numpy.load(npy))

    networkx = pytest.importorskip("networkx")
    g = matrix.to_networkx("afinn")
    assert sorted(g.edges(data=True)) == sorted(networkx.read_graphml(graph).edges(data=True))
    assert g.number_of_edges() > 0

    expected = [json.loads(line) for line in evidence.read_text().splitlines()]
    table = matrix.evidence()
    assert len(table) == len(expected) > 0
    for row, want in zip(table.to_dict("records"), expected):
        assert (row["doc"], row["sentence"], row["source"], row["target"]) == (
            want["doc"], want["sentence"], want["source"], want["target"])
        assert set(want["scores"]) == set(matrix.scorers)
        for scorer in matrix.scorers:
            got, exp = row[scorer], want["scores"][scorer]
            assert (exp is None and (got is None or got != got)) or got == exp, scorer

    out, _, _ = cli("compare", "SERRAJ", "HAFTAR", "--json", "-q", *FLAGS, "--scorer", "afinn")
    mine, theirs = matrix.compare("SERRAJ", "HAFTAR", scorer="afinn"), json.loads(out)
    # What the CLI adds beyond the cells (its evidence sentences) is not part of compare().
    for key in ("actors", "scorer", "pairs", "profiles", "similarity"):
        assert mine[key] == theirs[key], key
    assert mine["scorer"] == "afinn" and mine["pairs"]

    wide = matrix.wide("afinn")
    long = matrix.to_pandas()
    cell = long[long.scorer == "afinn"].iloc[0]
    assert wide.loc[cell.source, cell.target] == cell["mean"]


def test_scorers_picks_any_scorer_as_the_cli_does(cli):
    chosen = ["stance", "pol.CONFLICT", "afinn"]
    out, _, code = cli("score", "-q", *FLAGS, "--scorers", ",".join(chosen))
    assert code == 0
    m = stance.Engine(lexicons=LEXICONS, scorers=chosen).score(stance.sample_texts())
    assert m.scorers == tuple(chosen)
    assert m.long_csv() == out
    assert set(m.to_pandas().scorer) == set(chosen)
    # Only the built-in ones, without dictionaries: the same rows as the CLI's --scorers.
    out, _, _ = cli("score", "-q", "--scorers", "stance")
    assert stance.Engine(scorers="stance").score(stance.sample_texts()).long_csv() == out


def test_an_unknown_scorer_lists_the_known_ones(cli):
    _, err, code = cli("score", "-q", *FLAGS, "--scorers", "stance,pol.PEACE", check=False)
    assert code == 2
    with pytest.raises(ValueError) as raised:
        stance.Engine(lexicons=LEXICONS, scorers=["stance", "pol.PEACE"])
    message = str(raised.value)
    # The CLI's words after its flag: "unknown scorer `pol.PEACE`; the scorers are: ...".
    cli_words = err.strip().splitlines()[-1].split("--scorers: ", 1)[1]
    assert message == f"scorers: {cli_words}"
    assert "pol.CONFLICT" in message and "afinn" in message
    m = stance.Engine(lexicons=LEXICONS).score(["Serraj met Haftar."])
    with pytest.raises(ValueError, match="its scorers are: conflict"):
        m.wide("pol.PEACE")
    with pytest.raises(ValueError, match="its scorers are"):
        m.compare("SERRAJ", "HAFTAR", scorer="pol.PEACE")


def test_a_bad_dictionary_is_a_value_error_with_path_and_line(cli, tmp_path):
    bad = tmp_path / "bad.dic"
    bad.write_text("%\n1\tgood\n%\nnice\t1\nawful\t7\n")
    _, err, code = cli("score", "-q", "--lexicon", bad, check=False)
    assert code == 2
    with pytest.raises(ValueError) as raised:
        stance.Engine(lexicons=[str(bad)])
    message = str(raised.value)
    assert f"{bad}:5:" in message
    lines = message.splitlines()
    for line in err.strip().splitlines():
        if line.startswith(str(bad)):
            assert line in lines
    # A cue lexicon given where dictionaries go (the API before dictionaries): refused with its
    # path and line, and a word on where cue files go now.
    cues = tmp_path / "cues.tsv"
    cues.write_text("cue\tcameo\tweight\nthreaten\t138\t-7\n")
    with pytest.raises(ValueError) as raised:
        stance.Engine(lexicons=str(cues))
    assert f"{cues}:" in str(raised.value) and "cues=" in str(raised.value)
    with pytest.raises(ValueError, match="lexicon_format"):
        stance.Engine(lexicons="afinn", lexicon_format="excel")
    with pytest.raises(ValueError, match="cannot read"):
        stance.Engine(lexicons=str(tmp_path / "missing.dic"))


def test_a_pickled_partial_with_dictionaries_round_trips(cli, tmp_path, engine):
    frame = stance.sample_frame()
    p = engine.partial(frame)
    q = pickle.loads(pickle.dumps(p))
    assert q == p
    # It records its scorers, as the CLI's partials do, and the CLI merges it.
    assert json.loads(q.to_bytes())["scorers"] == list(engine.scorers)
    path = tmp_path / "p.partial"
    q.write(path)
    out, err, code = cli("merge", path)
    assert code == 0, err
    assert out == q.matrix().long_csv() == cli("score", "-q", *FLAGS)[0]
    assert q.matrix().scorers == engine.scorers
    # An engine with dictionaries pickles too (as Spark ships it) and scores the same.
    again = pickle.loads(pickle.dumps(engine))
    assert again.scorers == engine.scorers
    assert again.partial(frame) == p


def test_partials_with_other_scorers_are_refused_naming_both():
    texts = stance.sample_texts()
    with_dictionaries = stance.Engine(lexicons=["afinn"]).partial(texts[:5], name="a")
    without = stance.Engine().partial(texts[5:], name="b")
    with pytest.raises(ValueError) as raised:
        stance.merge([with_dictionaries, without])
    message = str(raised.value)
    assert "conflict, stance, valence, afinn" in message
    assert "holds conflict, stance, valence:" in message


def test_world_politics_with_dictionaries_is_the_cli_csv(cli, world_politics):
    # Real news at scale: AFINN and a category dictionary beside the built-in scorers.
    path, (texts, ids, dates) = world_politics
    flags = ["--lexicon", "afinn", "--lexicon", f"pol={DICTIONARIES / 'policy.cat'}"]
    out, _, _ = cli("score", "-q", *flags, path)
    engine = stance.Engine(lexicons=["afinn", f"pol={DICTIONARIES / 'policy.cat'}"])
    m = engine.score(texts, ids=ids, dates=dates)
    assert m.long_csv() == out
    assert {"afinn", "pol.CONFLICT.MILITARY"} <= set(m.to_pandas().scorer)
