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
from typing import TYPE_CHECKING, Any, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

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

#: The built-in scorers, in the order of the CLI's outputs; an engine with dictionaries adds
#: theirs after them (``Engine.scorers``).
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
    """The lexicons and dictionaries, compiled once, and the worker threads.

    Args:
        actors: the actor lexicon: ``None`` for the bundled Libya lexicon, a path or a list of
            paths (TSV ``id kind name aliases groups``, or PETRARCH/Phoenix dictionaries), or a
            pandas DataFrame with the columns ``id``, ``kind``, ``name``, ``aliases``, ``groups``
            (aliases and groups joined by ``|`` or given as lists).
        actors_format: ``"auto"`` (recognised by content), ``"tsv"`` or ``"phoenix"``.
        cues: cue lexicon files (TSV ``cue cameo weight``) used instead of the bundled one,
            as ``stance score --cues``.
        with_bundled_cues: keep the bundled cue lexicon and add ``cues`` to it
            (``--with-bundled-cues``).
        lexicons: your content-analysis dictionaries, as ``stance score --lexicon [NAME=]FILE``:
            a path, ``"NAME=path"``, a bundled dictionary's name (``"afinn"``), a list of
            those, or a dict ``{NAME: path}``. Every format ``stance lexicon check`` reads:
            ``word<TAB>weight`` lists, CSV, LIWC ``.dic``, WordStat ``.cat``, Yoshikoder
            ``.ykd``, Lexicoder ``.lc3``/``.lcd``, quanteda YAML, MPQA ``.tff``. A polarity
            dictionary or a weighted list adds the scorer NAME, any other NAME.CATEGORY per
            category; NAME defaults to the file name without its extension.
        lexicon_format: the format of every dictionary (``--lexicon-format``): ``weights``,
            ``csv``, ``wordlist``, ``liwc``, ``wordstat``, ``yoshikoder``, ``lexicoder``,
            ``yaml``, ``mpqa``; default by extension and content.
        lexicon_encoding: ``"utf-8"`` (default), ``"latin1"`` or ``"windows-1252"``.
        polarity: ``"POS,NEG"``: read the dictionaries that are not weighted lists as polarity
            dictionaries (``--polarity``).
        lexicon_negation: flip and scale a polarity or weight match after a negator
            (``False`` is ``--no-lexicon-negation``).
        scorers: the scorers to run and show, in this order (``--scorers``): any of
            ``Engine(...).scorers``, the built-in ``SCORERS`` then the dictionaries' scorers;
            default all of them.
        threads: worker threads (default: all cores).
        syntax: parse sentences and keep subject-rule dyads only where the tree links them
            (``--syntax``).

    Changed: ``lexicons=`` used to take cue lexicon files; it now takes dictionaries, as
    ``--lexicon`` does, and cue lexicons go to ``cues=`` (as ``--cues``). A cue file given as
    ``lexicons=`` is refused by the dictionary reader with its ``path:line``.

    Raises:
        ValueError: a lexicon or dictionary has errors (the message lists each as
            ``path:line: reason``, as the CLI prints them), or ``scorers`` names a scorer this
            engine lacks (the message lists the ones it has). Skipped, non-fatal problems
            become ``UserWarning``.
    """

    def __init__(
        self,
        actors: Union[None, str, os.PathLike, Sequence[Union[str, os.PathLike]], "pandas.DataFrame"] = None,
        actors_format: str = "auto",
        *,
        cues: Union[None, str, os.PathLike, Sequence[Union[str, os.PathLike]]] = None,
        with_bundled_cues: bool = False,
        lexicons: Union[
            None, str, os.PathLike, Sequence[Union[str, os.PathLike]], Mapping[str, Union[str, os.PathLike]]
        ] = None,
        lexicon_format: Optional[str] = None,
        lexicon_encoding: Optional[str] = None,
        polarity: Optional[str] = None,
        lexicon_negation: bool = True,
        scorers: Union[None, str, Sequence[str]] = None,
        threads: Optional[int] = None,
        syntax: bool = False,
    ) -> None:
        if isinstance(scorers, str):
            scorers = [scorers]
        self._sources = _Sources.of(actors, cues, lexicons)
        self._settings = dict(
            actors_format=actors_format,
            with_bundled_cues=with_bundled_cues,
            threads=threads,
            syntax=syntax,
            lexicon_format=lexicon_format,
            lexicon_encoding=lexicon_encoding,
            polarity=polarity,
            lexicon_negation=lexicon_negation,
            scorers=list(scorers) if scorers is not None else None,
        )
        self._engine, found = self._sources.build(**self._settings)
        for w in found:
            warnings.warn(w, UserWarning, stacklevel=2)

    @property
    def scorers(self) -> Tuple[str, ...]:
        """The scorers this engine runs, in order: the built-in ``SCORERS``, then each
        dictionary's NAME or NAME.CATEGORY (or those ``scorers=`` chose)."""
        return tuple(self._engine.scorers)

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
            The ``Matrix``, one per scorer of ``Engine.scorers``; its ``to_pandas()`` is the
            long CSV ``stance score`` writes (with the same ``--lexicon`` and ``--scorers``).

        The GIL is released while scoring, and a KeyboardInterrupt stops the call between
        batches of documents.
        """
        texts, ids, dates = _columns(texts, ids, dates)
        return Matrix(self._engine.score(texts, ids, dates, by, level, evidence))

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
        m = Matrix(inner)
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
        what it read (a merge refuses two partials that hold the same documents). The partial
        records its scorers: a merge refuses partials with different ones.
        """
        texts, ids, dates = _columns(texts, ids, dates)
        m = self._engine.score(texts, ids, dates, by, level, False, name)
        return Partial(m.partial())

    def __reduce__(self):
        # An engine travels as its lexicon and dictionary files' bytes; the receiving process
        # compiles them.
        return (_engine_from_sources, (self._sources, self._settings))


def _engine_from_sources(sources: "_Sources", settings: dict) -> Engine:
    engine = Engine.__new__(Engine)
    engine._sources = sources
    engine._settings = settings
    engine._engine, _ = sources.build(**settings)
    return engine


class _Sources:
    """The lexicon and dictionary files of an engine, as (name, bytes), so that an engine can be
    rebuilt in another process (a Spark executor) from what the driver read.

    ``dictionaries`` holds, per ``--lexicon``, (NAME or None, the path as given, its bytes), or
    (NAME or None, a bundled dictionary's name, None) when no such file exists."""

    def __init__(self, actors, cues, dictionaries=None):
        self.actors: Optional[List[Tuple[str, bytes]]] = actors
        self.cues: Optional[List[Tuple[str, bytes]]] = cues
        self.dictionaries: List[Tuple[Optional[str], str, Optional[bytes]]] = dictionaries or []

    @staticmethod
    def of(actors, cues, lexicons=None) -> "_Sources":
        if actors is not None and hasattr(actors, "itertuples") and hasattr(actors, "columns"):
            actor_files = [("actors DataFrame", _actor_tsv(actors).encode("utf-8"))]
        else:
            actor_files = _read_files(actors)
        return _Sources(actor_files, _read_files(cues), _read_dictionaries(lexicons))

    def build(self, **settings) -> Tuple[Any, List[str]]:
        """Compiles the lexicons and dictionaries: written to a temporary folder under their own
        names, so that scorer names are the CLI's and error messages name the files as the user
        did. Returns the compiled engine and its warnings."""
        kwargs = _engine_kwargs(settings)
        if not self.actors and not self.cues and not self.dictionaries:
            engine = _stance.Engine(None, cues=None, **kwargs)
            return engine, list(engine.warnings)
        with tempfile.TemporaryDirectory(prefix="stance-") as tmp:
            def place(name, data, kind, i):
                folder = os.path.join(tmp, f"{kind}{i}")
                os.makedirs(folder)
                path = os.path.join(folder, os.path.basename(name) or "lexicon")
                with open(path, "wb") as f:
                    f.write(data)
                return path

            renamed = []  # (temporary path, the name the user gave)

            def place_all(files, kind):
                if not files:
                    return None
                paths = []
                for i, (name, data) in enumerate(files):
                    path = place(name, data, kind, i)
                    renamed.append((path, name))
                    paths.append(path)
                return paths

            actor_paths = place_all(self.actors, "actors")
            cue_paths = place_all(self.cues, "cues")
            specs = []
            for i, (name, given, data) in enumerate(self.dictionaries):
                if data is None:  # a bundled dictionary, read by the library
                    path = given
                else:
                    path = place(given, data, "dictionary", i)
                    renamed.append((path, given))
                specs.append(f"{name}={path}" if name is not None else path)

            def named(message: str) -> str:
                for path, name in renamed:
                    message = message.replace(path, name)
                return message

            try:
                engine = _stance.Engine(
                    actor_paths,
                    cues=cue_paths,
                    lexicons=specs or None,
                    **kwargs,
                )
            except ValueError as e:
                message = named(str(e))
                cue_files = [given for _, given, data in self.dictionaries if _is_cue_lexicon(data)]
                if cue_files:
                    # The API before dictionaries took cue lexicons as `lexicons=`.
                    message += (
                        f"\n{', '.join(cue_files)}: a cue lexicon (its header is "
                        "cue<TAB>cameo<TAB>weight); lexicons= takes dictionaries, as --lexicon "
                        "does: give cue lexicons as cues=, as --cues"
                    )
                raise ValueError(message) from None
            return engine, [named(w) for w in engine.warnings]


def _is_cue_lexicon(data: Optional[bytes]) -> bool:
    """Whether a file's first line that is not a comment is the cue lexicon's header."""
    if data is None:
        return False
    for line in data.splitlines():
        line = line.strip()
        if line and not line.startswith(b"#"):
            return line.lower().startswith(b"cue\tcameo\tweight")
    return False


def _engine_kwargs(settings: dict) -> dict:
    return {
        k: settings.get(k, default)
        for k, default in (
            ("actors_format", "auto"),
            ("with_bundled_cues", False),
            ("threads", None),
            ("syntax", False),
            ("lexicon_format", None),
            ("lexicon_encoding", None),
            ("polarity", None),
            ("lexicon_negation", True),
            ("scorers", None),
        )
    }


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


def _read_dictionaries(lexicons) -> List[Tuple[Optional[str], str, Optional[bytes]]]:
    """``lexicons=`` as (NAME or None, path, bytes) each: ``[NAME=]FILE`` split as ``--lexicon``
    splits it (by the library), a dict's keys as NAMEs. A name that is no file is kept for the
    library, which reads it as a bundled dictionary (``afinn``) or says it cannot read it."""
    if lexicons is None:
        return []
    if isinstance(lexicons, (str, os.PathLike)):
        lexicons = [lexicons]
    if isinstance(lexicons, Mapping):
        pairs = []
        for name, path in lexicons.items():
            if not isinstance(name, str) or not name or "=" in name:
                raise ValueError(f"lexicons: the dictionary name {name!r} must be a non-empty string without '='")
            pairs.append((name, os.fspath(path)))
    else:
        pairs = [_stance.split_lexicon_spec(os.fspath(spec)) for spec in lexicons]
    out = []
    for name, path in pairs:
        if os.path.isfile(path):
            with open(path, "rb") as f:
                out.append((name, path, f.read()))
        else:
            out.append((name, path, None))
    return out


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

    def __init__(self, inner: Any) -> None:
        self._m = inner
        #: The scorers of this matrix, in the run's order: ``Engine.scorers`` of the engine
        #: that scored it (the built-in ones and the dictionaries' NAME or NAME.CATEGORY).
        self.scorers: Tuple[str, ...] = tuple(inner.scorer_names())
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
        return self._m.long_csv()

    def json(self) -> str:
        """The JSON matrix (cells with their strongest evidence, and the counts), as
        ``stance score --format json`` writes it."""
        return self._m.json()

    def _check_scorer(self, scorer: str) -> None:
        if scorer not in self.scorers:
            raise ValueError(
                f"scorer {scorer!r}: not a scorer of this matrix; its scorers are: {', '.join(self.scorers)}"
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
        self._check_scorer(scorer)
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
        and its labels ``{"scorers", "sources", "targets"}``, as ``stance score -o m.npy``;
        the scorers are ``Matrix.scorers``, dictionary ones included."""
        import numpy

        cells = self._m.collapsed_cells()
        sources = sorted({c[1] for c in cells})
        targets = sorted({c[2] for c in cells})
        s_at = {s: i for i, s in enumerate(sources)}
        t_at = {t: i for i, t in enumerate(targets)}
        k_at = {k: i for i, k in enumerate(self.scorers)}
        array = numpy.full((len(self.scorers), len(sources), len(targets)), numpy.nan)
        for scorer, source, target, _n, mean in cells:
            array[k_at[scorer], s_at[source], t_at[target]] = mean
        labels = {"scorers": list(self.scorers), "sources": sources, "targets": targets}
        return array, labels

    def evidence(self) -> "pandas.DataFrame":
        """Every attribution with its scores (a column per scorer of ``Matrix.scorers``),
        sentence and scope: what ``stance score --evidence`` writes, one row per line. Needs
        ``score(..., evidence=True)``."""
        import pandas

        columns = self._m.evidence_columns()
        if columns is None:
            raise ValueError("this matrix was scored without evidence: score(..., evidence=True)")
        return pandas.DataFrame(columns)

    def to_networkx(self, scorer: str = "stance"):
        """One scorer's network (all periods; any of ``Matrix.scorers``): a networkx DiGraph
        with node ``label`` and ``kind`` and edge ``weight`` (the mean), ``n`` and ``sign``: the
        GraphML of ``stance score --graph``."""
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
        ValueError: a partial is malformed, or they differ in ``by``, ``level`` or scorers (the
            message names both scorer lists), or two hold the same documents (unless
            ``allow_overlap``).
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
