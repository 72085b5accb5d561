"""Bad input raises the documented exception, with the CLI's messages, and leaves nothing behind."""

import glob
import os
import tempfile

import pandas
import pytest

import stance


BAD_ACTORS = "id\tkind\tname\taliases\tgroups\nSERRAJ\tperson\tFayez al-Sarraj\tSerraj\t\nSERRAJ\tperson\tAgain\tSarraj\t\nX\tnot-a-kind\tX\tXx\tNOWHERE\n"


def cli_message(line):
    """A line of the CLI's stderr without its `stance: ` (and `error: `) prefix."""
    return line.removeprefix("stance: ").removeprefix("error: ")


def stance_temp_dirs():
    return set(glob.glob(os.path.join(tempfile.gettempdir(), "stance-*")))


def test_a_bad_actor_lexicon_is_a_value_error_with_the_cli_lines(cli, tmp_path):
    path = tmp_path / "actors.tsv"
    path.write_text(BAD_ACTORS)
    _, err, code = cli("score", "-q", "--actors", path, check=False)
    assert code == 2
    before = stance_temp_dirs()
    with pytest.raises(ValueError) as raised:
        stance.Engine(actors=str(path))
    message = str(raised.value)
    assert f"{path}:3:" in message
    # Every line the CLI prints about the lexicon is in the exception, word for word.
    for line in err.strip().splitlines():
        assert cli_message(line) in message.splitlines()
    assert stance_temp_dirs() == before


def test_a_bad_actor_dataframe_names_its_line():
    frame = pandas.DataFrame(
        {"id": ["A", "A"], "kind": ["person", "person"], "name": ["a", "b"], "aliases": ["Aa", "Ab"], "groups": ["", ""]}
    )
    with pytest.raises(ValueError, match=r"actors DataFrame:3:"):
        stance.Engine(actors=frame)
    with pytest.raises(ValueError, match="lacks the column"):
        stance.Engine(actors=pandas.DataFrame({"id": ["A"]}))


def test_a_bad_cue_lexicon_is_a_value_error(cli, tmp_path):
    path = tmp_path / "cues.tsv"
    path.write_text("cue\tcameo\tweight\nthreaten\t13\tnot-a-number\n")
    _, err, code = cli("score", "-q", "--cues", path, check=False)
    assert code == 2
    with pytest.raises(ValueError) as raised:
        stance.Engine(cues=str(path))
    assert f"{path}:2:" in str(raised.value)
    for line in err.strip().splitlines():
        if "cue lexicon has errors" not in line:
            assert cli_message(line) in str(raised.value).splitlines()


def test_missing_files_and_bad_options_are_value_errors(tmp_path):
    with pytest.raises(ValueError, match="cannot read"):
        stance.Engine(actors=str(tmp_path / "nope.tsv"))
    e = stance.Engine()
    with pytest.raises(ValueError, match="by="):
        e.score(["x"], by="fortnight")
    with pytest.raises(ValueError, match="level="):
        e.score(["x"], level="nation")
    with pytest.raises(ValueError, match="ids has 1 item"):
        e.score(["x", "y"], ids=["a"])
    with pytest.raises(TypeError, match="texts\\[1\\]"):
        e.score(["x", 3])
    with pytest.raises(ValueError, match="threads"):
        stance.Engine(threads=0)


def test_a_failed_partial_write_leaves_nothing(tmp_path, monkeypatch):
    p = stance.Engine().partial(stance.sample_texts())
    target = tmp_path / "p.partial"

    def fail(*_):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        p.write(target)
    assert list(tmp_path.iterdir()) == []
    monkeypatch.undo()
    p.write(target)
    assert target.read_bytes() == p.to_bytes()
    assert [x.name for x in tmp_path.iterdir()] == ["p.partial"]
