"""Partials: the CLI's format, pickled, merged exactly."""

import pickle

import pytest

import stance


def test_a_pickled_partial_round_trips_and_is_the_cli_format(cli, tmp_path):
    frame = stance.sample_frame()
    engine = stance.Engine()
    p = engine.partial(frame)
    q = pickle.loads(pickle.dumps(p))
    assert q == p and q.to_bytes() == p.to_bytes()
    assert p.to_bytes().startswith(b'{"format":"stance-partial"')
    # The CLI merges it into the matrix of a whole run.
    path = tmp_path / "p.partial"
    q.write(path)
    out, err, code = cli("merge", path)
    assert code == 0, err
    assert out == engine.score(frame).long_csv() == cli("score", "-q")[0]


def test_halves_merge_into_the_whole_and_cli_partials_merge_here(cli, tmp_path):
    frame = stance.sample_frame()
    engine = stance.Engine()
    whole = engine.score(frame, by="month").long_csv()
    a = engine.partial(frame.iloc[:9], by="month", name="first")
    b = engine.partial(frame.iloc[9:], by="month", name="second")
    assert stance.merge([b, a]).long_csv() == whole
    # A partial written by `stance score --partial` merges here too.
    path = tmp_path / "cli.partial"
    cli("score", "-q", "--by", "month", "--partial", path)
    assert stance.merge([stance.Partial.read(path)]).long_csv() == whole


def test_the_same_documents_twice_are_refused():
    p = stance.Engine().partial(stance.sample_texts())
    with pytest.raises(ValueError, match="twice"):
        stance.merge([p, p])
    assert len(stance.merge([p, p], allow_overlap=True)) == len(p.matrix())


def test_partials_of_different_settings_are_refused():
    e = stance.Engine()
    with pytest.raises(ValueError, match="same --by"):
        stance.merge([e.partial(["Serraj met Haftar."], by="month"), e.partial(["x y"], name="b")])


def test_a_truncated_partial_is_refused():
    data = stance.Engine().partial(stance.sample_texts()).to_bytes()
    with pytest.raises(ValueError, match="truncated"):
        stance.merge([data[: len(data) // 2]])


def test_an_engine_pickles_as_its_lexicon_files(tmp_path):
    from conftest import REPO

    tsv = REPO / "lexicons" / "actors" / "libya.tsv"
    engine = stance.Engine(actors=str(tsv), scorers=["stance"])
    again = pickle.loads(pickle.dumps(engine))
    texts = stance.sample_texts()
    assert again.scorers == ("stance",)
    assert again.score(texts).long_csv() == engine.score(texts).long_csv()
