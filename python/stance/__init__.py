"""stance: who stands where in the news, from Python.

The engine of the ``stance`` command line, compiled in: it finds the actors in each sentence,
decides who holds a stance toward whom, scores the words that carry it and accumulates a
source x target matrix per scorer, exactly (integer sums), so that any split of a corpus
merges into the same matrix.

    >>> import stance
    >>> m = stance.Engine().score(stance.sample_texts())
    >>> table = m.to_pandas()          # the long CSV of `stance score`, as a DataFrame
    >>> table[table.source == "SERRAJ"]

``stance.spark.score`` does the same over a PySpark DataFrame, on the executors.
"""

from __future__ import annotations

import io
import json
import os
import tempfile
import warnings
from typing import TYPE_CHECKING, Any, Iterable, List, Optional, Sequence, Tuple, Union

from . import _stance

if TYPE_CHECKING:  # pragma: no cover
    import pandas

__all__ = [
    "Engine",
    "Matrix",
    "Partial",
    "merge",
    "valence",
    "sample_texts",
    "sample_frame",
    "SCORERS",
]

#: The scorers of every matrix, in the order of the CLI's outputs.
SCORERS: Tuple[str, ...] = tuple(_stance.SCORERS)

#: The columns of the actor table an ``Engine`` takes as a DataFrame, as in the TSV lexicon.
ACTOR_COLUMNS = ("id", "kind", "name", "aliases", "groups")

_LONG_FLOATS = ("mean", "sd", "ci_low", "ci_high")


def _actor_tsv(frame: "pandas.DataFrame") -> str:
    """The TSV lexicon text of an actor DataFrame (``aliases`` and ``groups`` may be lists)."""
    missing = [c for c in ("id", "kind", "name") if c not in frame.columns]
    if missing:
        raise ValueError(
            f"the actor DataFrame lacks the column(s) {', '.join(missing)}; "
            f"expected {', '.join(ACTOR_COLUMNS)} (aliases and groups may be lists)"
        )
    lines = ["\t".join(ACTOR_COLUMNS)]
    for row in frame.itertuples(index=False):
        values = []
        for column in ACTOR_COLUMNS:
            value = getattr(row, column, "") if column in frame.columns else ""
            if isinstance(value, (list, tuple)):
                value = "|".join(str(v) for v in value)
            elif value is None or (isinstance(value, float) and value != value):
                value = ""
            values.append(str(value))
        lines.append("\t".join(values))
    return "\n".join(lines) + "\n"


class Engine:
    """The lexicons, compiled once, and the worker threads.

    Args:
        actors: the actor lexicon: ``None`` for the bundled Libya lexicon, a path or a list of
            paths (TSV ``id kind name aliases groups``, or PETRARCH/Phoenix dictionaries), or a
            pandas DataFrame with the columns ``id``, ``kind``, ``name``, ``aliases``, ``groups``
            (aliases and groups joined by ``|`` or given as lists).
        actors_format: ``"auto"`` (recognised by content), ``"tsv"`` or ``"phoenix"``.
        lexicons: cue lexicon files (TSV ``cue cameo weight``) used instead of the bundled one,
            as ``stance score --cues``.
        with_bundled_cues: keep the bundled cue lexicon and add ``lexicons`` to it.
        scorers: the scorers whose cells the matrices show (default: all of ``SCORERS``).
        threads: worker threads (default: all cores).
        syntax: parse sentences and keep subject-rule dyads only where the tree links them
            (``--syntax``).

    Raises:
        ValueError: a lexicon has errors; the message lists each as ``path:line: reason``,
            as the CLI prints them. Skipped, non-fatal problems become ``UserWarning``.
    """

    def __init__(
        self,
        actors: Union[None, str, os.PathLike, Sequence[Union[str, os.PathLike]], "pandas.DataFrame"] = None,
        actors_format: str = "auto",
        lexicons: Union[None, str, os.PathLike, Sequence[Union[str, os.PathLike]]] = None,
        with_bundled_cues: bool = False,
        scorers: Optional[Sequence[str]] = None,
        threads: Optional[int] = None,
        syntax: bool = False,
    ) -> None:
        self._sources = _Sources.of(actors, lexicons)
        self._settings = dict(
            actors_format=actors_format,
            with_bundled_cues=with_bundled_cues,
            threads=threads,
            syntax=syntax,
        )
        self.scorers = _check_scorers(scorers)
        self._engine = self._sources.build(**self._settings)
        for w in self._engine.warnings:
            warnings.warn(w, UserWarning, stacklevel=2)

    def actor_ids(self) -> List[str]:
        """The ids of every actor of the lexicon, in lexicon order."""
        return self._engine.actor_ids()

    def score(
        self,
        texts: Any,
        ids: Optional[Iterable[str]] = None,
        dates: Optional[Iterable[Optional[str]]] = None,
        by: Optional[str] = None,
        level: str = "actor",
        evidence: bool = False,
    ) -> "Matrix":
        """Scores documents into a source x target matrix per scorer.

        Args:
            texts: a list of strings, a pandas Series, or a DataFrame with a ``text`` column
                (and optional ``id`` and ``date`` columns). A missing (None/NaN), blank or
                NUL-holding text is counted as skipped, as the CLI skips such records.
            ids: document ids (default: the DataFrame's ``id`` column, else the position
                counted from 1, ``"1"``, ``"2"``, ..., as the library's ``score_texts`` and
                the CLI's record numbers count: the document ``"1"`` is ``texts[0]``).
            dates: ISO dates ``YYYY-MM-DD...`` or ``YYYYMMDD`` (default: the ``date`` column).
            by: ``"day"``, ``"week"``, ``"month"`` or ``"year"``: one matrix per period (adds
                a ``period`` column); documents without a usable date go to ``undated``.
            level: ``"actor"``, or ``"group"`` to roll persons up into their first group.
            evidence: also keep every attribution with its sentence (``Matrix.evidence()``).

        Returns:
            The ``Matrix``; its ``to_pandas()`` is the long CSV ``stance score`` writes.

        The GIL is released while scoring, and a KeyboardInterrupt stops the call between
        batches of documents.
        """
        texts, ids, dates = _columns(texts, ids, dates)
        return Matrix(
            self._engine.score(texts, ids, dates, by, level, evidence),
            scorers=self.scorers,
        )

    def score_files(
        self,
        inputs: Union[str, os.PathLike, Sequence[Union[str, os.PathLike]]],
        input_format: Optional[str] = None,
        text_field: str = "text",
        id_field: str = "id",
        date_field: str = "date",
        by: Optional[str] = None,
        level: str = "actor",
        evidence: bool = False,
    ) -> "Matrix":
        """Scores corpus files as ``stance score FILES...`` reads them: JSON Lines, CSV, TSV or
        plain text, gzipped or not, folders walked in name order; read by the library's
        readers on a thread of their own while the workers score, so a large file need not
        pass through Python.

        Args:
            inputs: a path or a list of paths (files or folders).
            input_format: ``"jsonl"``, ``"csv"``, ``"tsv"`` or ``"text"`` for every input,
                instead of guessing from the extension.
            text_field, id_field, date_field: the JSON keys or CSV columns to read.
            by, level, evidence: as for ``score``.

        Records that cannot be scored are skipped and counted, as the CLI does; each is
        reported in one ``UserWarning`` (``path:line: reason``) and kept in
        ``Matrix.problems``.

        Raises:
            FileNotFoundError: an input does not exist (nothing is read then).
        """
        if isinstance(inputs, (str, os.PathLike)):
            inputs = [inputs]
        inner, problems, more = self._engine.score_files(
            [os.fspath(p) for p in inputs],
            input_format,
            text_field,
            id_field,
            date_field,
            "title",
            "source",
            by,
            level,
            evidence,
        )
        m = Matrix(inner, scorers=self.scorers)
        m.problems = problems
        if problems:
            extra = f"\n... and {more} more" if more else ""
            warnings.warn(
                f"{len(problems) + more} record(s) or file(s) skipped:\n"
                + "\n".join(problems[:10])
                + (f"\n... and {len(problems) - 10 + more} more" if len(problems) > 10 else extra),
                UserWarning,
                stacklevel=2,
            )
        return m

    def partial(
        self,
        texts: Any,
        ids: Optional[Iterable[str]] = None,
        dates: Optional[Iterable[Optional[str]]] = None,
        by: Optional[str] = None,
        level: str = "actor",
        name: str = "python",
    ) -> "Partial":
        """Scores documents into a ``Partial``: the exact sums, to merge with others.

        Arguments as for ``score``; ``name`` names these documents in the partial's record of
        what it read (a merge refuses two partials that hold the same documents).
        """
        texts, ids, dates = _columns(texts, ids, dates)
        m = self._engine.score(texts, ids, dates, by, level, False, name)
        return Partial(m.partial())

    def __reduce__(self):
        # An engine travels as its lexicon files' bytes; the receiving process compiles them.
        return (_engine_from_sources, (self._sources, self._settings, self.scorers))


def _engine_from_sources(sources: "_Sources", settings: dict, scorers) -> Engine:
    engine = Engine.__new__(Engine)
    engine._sources = sources
    engine._settings = settings
    engine.scorers = scorers
    engine._engine = sources.build(**settings)
    return engine


class _Sources:
    """The lexicon files of an engine, as (name, bytes), so that an engine can be rebuilt in
    another process (a Spark executor) from what the driver read."""

    def __init__(self, actors, cues):
        self.actors: Optional[List[Tuple[str, bytes]]] = actors
        self.cues: Optional[List[Tuple[str, bytes]]] = cues

    @staticmethod
    def of(actors, lexicons) -> "_Sources":
        if actors is not None and hasattr(actors, "itertuples") and hasattr(actors, "columns"):
            actor_files = [("actors DataFrame", _actor_tsv(actors).encode("utf-8"))]
        else:
            actor_files = _read_files(actors)
        return _Sources(actor_files, _read_files(lexicons))

    def build(self, **settings) -> Any:
        """Compiles the lexicons: written to a temporary folder under their own names, so that
        error messages name them as the user did."""
        if not self.actors and not self.cues:
            return _stance.Engine(None, cues=None, **_engine_kwargs(settings))
        with tempfile.TemporaryDirectory(prefix="stance-") as tmp:
            def place(files, kind):
                if not files:
                    return None
                paths = []
                for i, (name, data) in enumerate(files):
                    folder = os.path.join(tmp, f"{kind}{i}")
                    os.makedirs(folder)
                    path = os.path.join(folder, os.path.basename(name) or "lexicon")
                    with open(path, "wb") as f:
                        f.write(data)
                    paths.append((path, name))
                return paths

            actor_paths = place(self.actors, "actors")
            cue_paths = place(self.cues, "cues")
            try:
                return _stance.Engine(
                    [p for p, _ in actor_paths] if actor_paths else None,
                    cues=[p for p, _ in cue_paths] if cue_paths else None,
                    **_engine_kwargs(settings),
                )
            except ValueError as e:
                message = str(e)
                for path, name in (actor_paths or []) + (cue_paths or []):
                    message = message.replace(path, name)
                raise ValueError(message) from None


def _engine_kwargs(settings: dict) -> dict:
    return dict(
        actors_format=settings["actors_format"],
        with_bundled_cues=settings["with_bundled_cues"],
        threads=settings["threads"],
        syntax=settings["syntax"],
    )


def _read_files(paths) -> Optional[List[Tuple[str, bytes]]]:
    if paths is None:
        return None
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    out = []
    for p in paths:
        name = os.fspath(p)
        try:
            with open(name, "rb") as f:
                out.append((name, f.read()))
        except OSError as e:
            raise ValueError(f"{name}: cannot read: {e.strerror or e}") from None
    return out


def _check_scorers(scorers) -> Tuple[str, ...]:
    if scorers is None:
        return SCORERS
    if isinstance(scorers, str):
        scorers = [scorers]
    unknown = [s for s in scorers if s not in SCORERS]
    if unknown:
        raise ValueError(f"unknown scorer(s) {', '.join(unknown)}; expected some of {', '.join(SCORERS)}")
    return tuple(s for s in SCORERS if s in scorers)


def _is_missing(value) -> bool:
    return value is None or (isinstance(value, float) and value != value)


def _text_list(values) -> List[Optional[str]]:
    out = []
    for i, v in enumerate(values):
        if _is_missing(v):
            out.append(None)
        elif isinstance(v, str):
            out.append(v)
        else:
            raise TypeError(f"texts[{i}] is a {type(v).__name__}, not a string")
    return out


def _optional_strings(values, what) -> Optional[List[Optional[str]]]:
    if values is None:
        return None
    out = []
    for v in values:
        if _is_missing(v):
            out.append(None)
        elif isinstance(v, str):
            out.append(v)
        elif hasattr(v, "isoformat"):  # datetime, date, pandas.Timestamp
            out.append(v.isoformat())
        else:
            out.append(str(v))
    return out


def _columns(texts, ids, dates):
    """texts, ids and dates as plain lists, from lists, Series or a DataFrame."""
    if isinstance(texts, str):
        raise TypeError("texts is one string; give a list of texts (e.g. [text])")
    if hasattr(texts, "columns"):  # a DataFrame
        frame = texts
        if "text" not in frame.columns:
            raise ValueError("the DataFrame has no 'text' column")
        if ids is None and "id" in frame.columns:
            ids = frame["id"]
        if dates is None and "date" in frame.columns:
            dates = frame["date"]
        texts = frame["text"]
    texts = _text_list(texts)
    id_list = None
    if ids is not None:
        id_list = [str(v) for v in ids]
    return texts, id_list, _optional_strings(dates, "dates")


class Matrix:
    """A scored matrix: the exact sums behind every cell, and the ways to look at them.

    ``to_pandas()`` is the long table of ``stance score``; ``long_csv()`` its exact bytes.
    """

    def __init__(self, inner: Any, scorers: Sequence[str] = SCORERS) -> None:
        self._m = inner
        self.scorers = tuple(scorers)
        #: Records and files skipped by ``Engine.score_files`` (``path:line: reason``).
        self.problems: List[str] = []

    @property
    def by(self) -> Optional[str]:
        """The time slices (``day``, ``week``, ``month``, ``year``) or None."""
        return self._m.settings()[0]

    @property
    def level(self) -> str:
        """``actor`` or ``group``."""
        return self._m.settings()[1]

    def long_csv(self) -> str:
        """The long CSV, byte for byte what ``stance score`` prints."""
        return self._filter_csv(self._m.long_csv())

    def json(self) -> str:
        """The JSON matrix (cells with their strongest evidence, and the counts), as
        ``stance score --format json`` writes it."""
        return self._m.json()

    def _filter_csv(self, text: str) -> str:
        if self.scorers == SCORERS:
            return text
        lines = text.splitlines(keepends=True)
        column = lines[0].rstrip("\n").split(",").index("scorer")
        return lines[0] + "".join(
            line for line in lines[1:] if line.split(",")[column] in self.scorers
        )

    def to_pandas(self) -> "pandas.DataFrame":
        """The long table: one row per cell, the columns of the CLI's long CSV
        (``[period,] scorer, source, target, n, mean, sd, ci_low, ci_high``) with the values it
        writes: it equals ``pandas.read_csv`` of that CSV (``period`` read as text)."""
        import pandas

        return pandas.read_csv(
            io.StringIO(self.long_csv()),
            dtype={"period": str, "scorer": str, "source": str, "target": str, "n": "int64"},
            keep_default_na=False,
            na_values={c: [""] for c in _LONG_FLOATS},
        )

    def wide(self, scorer: str = "stance", value: str = "mean") -> "pandas.DataFrame":
        """One scorer's matrix: a row per source, a column per target, the mean (or with
        ``value="n"`` the number of scores), NaN where none; with ``by``, rows are indexed by
        (period, source)."""
        if scorer not in SCORERS:
            raise ValueError(f"scorer {scorer!r}: expected one of {', '.join(SCORERS)}")
        if value not in ("mean", "n"):
            raise ValueError(f"value={value!r}: expected 'mean' or 'n'")
        table = self.to_pandas()
        table = table[table.scorer == scorer]
        index = ["period", "source"] if "period" in table.columns else ["source"]
        wide = table.pivot(index=index, columns="target", values=value)
        wide.columns.name = None
        return wide

    def to_numpy(self) -> Tuple[Any, dict]:
        """The means over all periods as an array (scorer x source x target, NaN where empty)
        and its labels ``{"scorers", "sources", "targets"}``, as ``stance score -o m.npy``."""
        import numpy

        cells = self._m.collapsed_cells()
        sources = sorted({c[1] for c in cells})
        targets = sorted({c[2] for c in cells})
        s_at = {s: i for i, s in enumerate(sources)}
        t_at = {t: i for i, t in enumerate(targets)}
        k_at = {k: i for i, k in enumerate(SCORERS)}
        array = numpy.full((len(SCORERS), len(sources), len(targets)), numpy.nan)
        for scorer, source, target, _n, mean in cells:
            array[k_at[scorer], s_at[source], t_at[target]] = mean
        labels = {"scorers": list(SCORERS), "sources": sources, "targets": targets}
        return array, labels

    def evidence(self) -> "pandas.DataFrame":
        """Every attribution with its scores, sentence and scope: what ``stance score
        --evidence`` writes, one row per line. Needs ``score(..., evidence=True)``."""
        import pandas

        columns = self._m.evidence_columns()
        if columns is None:
            raise ValueError("this matrix was scored without evidence: score(..., evidence=True)")
        return pandas.DataFrame(columns)

    def to_networkx(self, scorer: str = "stance"):
        """One scorer's network (all periods): a networkx DiGraph with node ``label`` and
        ``kind`` and edge ``weight`` (the mean), ``n`` and ``sign``: the GraphML of
        ``stance score --graph``."""
        import networkx

        graph = networkx.parse_graphml(self._m.graphml(scorer))
        return networkx.DiGraph(graph)

    def compare(self, *ids: str, scorer: str = "stance") -> dict:
        """What ``stance compare A B ... --json`` shows, as data: each pair both ways with its
        asymmetry, the profiles side by side, and who sides with whom."""
        if len(ids) == 1 and not isinstance(ids[0], str):
            ids = tuple(ids[0])
        return json.loads(self._m.compare(list(ids), scorer))

    def stats(self) -> dict:
        """The run's counts: documents read, scored, skipped, sentences, mentions, ..."""
        return self._m.stats()

    def partial(self) -> "Partial":
        """This matrix as a ``Partial`` (the exact sums), to merge with others."""
        return Partial(self._m.partial())

    def __len__(self) -> int:
        return len(self.long_csv().splitlines()) - 1

    def __repr__(self) -> str:
        s = self.stats()
        return (
            f"<stance.Matrix: {len(self)} cells from {s['documents_scored']} documents"
            f"{', by ' + self.by if self.by else ''}, level {self.level}>"
        )


class Partial:
    """The exact sums of a scored part of a corpus. Its bytes are the CLI's partial format
    (``stance score --partial``), so ``stance merge`` reads them too; it pickles as those bytes."""

    __slots__ = ("_data",)

    def __init__(self, data: bytes) -> None:
        if isinstance(data, str):
            data = data.encode("utf-8")
        self._data = bytes(data)

    def to_bytes(self) -> bytes:
        """The partial file's bytes."""
        return self._data

    @classmethod
    def from_bytes(cls, data: bytes) -> "Partial":
        """A partial from a file's bytes; checked when merged."""
        return cls(data)

    @classmethod
    def read(cls, path: Union[str, os.PathLike]) -> "Partial":
        """Reads a partial file."""
        with open(path, "rb") as f:
            return cls(f.read())

    def write(self, path: Union[str, os.PathLike]) -> None:
        """Writes the partial file atomically: nothing half-written is left on failure."""
        path = os.fspath(path)
        folder = os.path.dirname(os.path.abspath(path))
        fd, tmp = tempfile.mkstemp(prefix=".stance-partial-", dir=folder)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(self._data)
            os.replace(tmp, path)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise

    def matrix(self) -> Matrix:
        """The matrix of this partial alone."""
        return merge([self])

    def __reduce__(self):
        return (Partial, (self._data,))

    def __eq__(self, other) -> bool:
        return isinstance(other, Partial) and other._data == self._data

    def __hash__(self) -> int:
        return hash(self._data)

    def __repr__(self) -> str:
        return f"<stance.Partial: {len(self._data)} bytes>"


def merge(partials: Iterable[Union[Partial, bytes]], allow_overlap: bool = False) -> Matrix:
    """Merges partials into the matrix one run over all their documents gives, exactly, as
    ``stance merge`` does.

    Raises:
        ValueError: a partial is malformed, or they differ in ``by`` or ``level``, or two hold
            the same documents (unless ``allow_overlap``).
    """
    texts = []
    for p in partials:
        data = p.to_bytes() if isinstance(p, Partial) else bytes(p)
        try:
            texts.append(data.decode("utf-8"))
        except UnicodeDecodeError as e:
            raise ValueError(f"partial {len(texts) + 1}: not UTF-8 text: {e}") from None
    return Matrix(_stance.merge(texts, allow_overlap))


def valence(texts: Union[str, Iterable[str]], news: bool = False):
    """VADER 3.3.2 scores, exactly as ``vaderSentiment`` returns them.

    For one string, a dict ``{"neg", "neu", "pos", "compound"}``; for several, a pandas
    DataFrame with those columns, a row per text. ``news=True`` adds the news layer."""
    if isinstance(texts, str):
        neg, neu, pos, compound = _stance.valence([texts], news)[0]
        return {"neg": neg, "neu": neu, "pos": pos, "compound": compound}
    import pandas

    rows = _stance.valence(_text_list_strict(texts), news)
    return pandas.DataFrame(rows, columns=["neg", "neu", "pos", "compound"])


def _text_list_strict(values) -> List[str]:
    out = []
    for i, v in enumerate(values):
        if not isinstance(v, str):
            raise TypeError(f"texts[{i}] is a {type(v).__name__}, not a string")
        out.append(v)
    return out


def sample_texts() -> List[str]:
    """The texts of the bundled sample corpus (Libya 2019-2020, written for this project), in
    order: ``Engine().score(sample_texts()).to_pandas()`` holds what ``stance score`` prints."""
    return [r[4] for r in _stance.sample_records()]


def sample_frame() -> "pandas.DataFrame":
    """The bundled sample corpus as a DataFrame: ``id``, ``date``, ``title``, ``source``,
    ``text``."""
    import pandas

    return pandas.DataFrame(
        _stance.sample_records(), columns=["id", "date", "title", "source", "text"]
    )
