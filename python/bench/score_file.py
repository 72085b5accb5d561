"""Scores a JSON Lines corpus from Python and prints the long CSV, to time against the CLI:

    hyperfine -N 'python python/bench/score_file.py FILE' 'target/release/stance score -q FILE'
    hyperfine -N 'python python/bench/score_file.py --json FILE' 'target/release/stance score -q FILE'

By default the library reads the file (Engine.score_files); with --json, Python's json module
reads it and Engine.score takes the texts, ids and dates.
"""

import json
import sys
import warnings

import stance

warnings.simplefilter("ignore")  # skipped records: the CLI reports them, timing does not need to
args = sys.argv[1:]
if args[0] == "--json":
    texts, ids, dates = [], [], []
    with open(args[1], encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            texts.append(r.get("text"))
            ids.append(r.get("id"))
            dates.append(r.get("date"))
    matrix = stance.Engine().score(texts, ids=ids, dates=dates)
else:
    matrix = stance.Engine().score_files(args[0])
sys.stdout.write(matrix.long_csv())
