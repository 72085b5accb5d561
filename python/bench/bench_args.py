"""The command line both paired benches take: ``FILE [PAIRS] [STANCE_BINARY] [--lexicon SPEC]...``."""

import sys
from typing import List, NamedTuple


class BenchArgs(NamedTuple):
    path: str
    pairs: int
    binary: str
    lexicons: List[str]

    def lexicon_flags(self) -> List[str]:
        """The ``--lexicon`` flags for the CLI side, so both sides score with the same dictionaries."""
        return [x for spec in self.lexicons for x in ("--lexicon", spec)]


def parse(default_pairs: int) -> BenchArgs:
    args, lexicons = [], []
    argv = iter(sys.argv[1:])
    for a in argv:
        if a == "--lexicon":
            lexicons.append(next(argv))
        else:
            args.append(a)
    return BenchArgs(
        path=args[0],
        pairs=int(args[1]) if len(args) > 1 else default_pairs,
        binary=args[2] if len(args) > 2 else "target/release/stance",
        lexicons=lexicons,
    )
