#!/usr/bin/env bash
# Times `stance valence` against its peers on the same file, in one run, and checks that they
# agree: Python vaderSentiment 3.3.2, the Rust crate vader-parity, and `wc -w` (the floor for any
# tool that reads every word). Prints hyperfine's table and the ratios.
#
#   bash benches/compare_peers.sh [TEXTS]     # TEXTS: one text per line
#
# Without TEXTS, both kinds of text are timed: news paragraphs (../shared's Reuters
# world-politics corpus, cut to about 5 MB) and short texts (the 18,590 texts of
# ../shared/data/vader_reference/ -- tweets, movie and product review snippets -- four times
# over, 7.5 MB), where the cost per line, not per word, dominates. Python needs a few seconds per
# MB. Needs: cargo, python3 with pip, hyperfine (Debian: apt-get install hyperfine).
set -euo pipefail
cd "$(dirname "$0")/.."
work=target/peers
mkdir -p "$work"

texts_list=("$@")
if [ ${#texts_list[@]} -eq 0 ]; then
  corpus=../shared/data/corpora/reuters_2006_2013_ding/world_politics.jsonl
  python3 - "$corpus" "$work/paragraphs.txt" <<'PY'
import json, sys
out, size = open(sys.argv[2], "w", encoding="utf-8"), 0
for line in open(sys.argv[1], encoding="utf-8"):
    text = json.loads(line).get("text") or ""
    for para in text.split("\n\n"):
        para = " ".join(para.split())
        if para and size < 5_000_000:
            out.write(para + "\n")
            size += len(para.encode()) + 1
PY
  python3 - ../shared/data/vader_reference "$work/short_texts.txt" <<'PY'
import os, sys
texts = []
for name in ["amazonReviewSnippets", "edge_cases", "movieReviewSnippets", "tweets"]:
    with open(os.path.join(sys.argv[1], name + ".tsv"), encoding="utf-8") as f:
        column = f.readline().rstrip("\n").split("\t").index("text")
        for row in f:
            fields = row.rstrip("\n").split("\t")
            texts.append(" ".join(fields[column].split()) if len(fields) > column else "")
with open(sys.argv[2], "w", encoding="utf-8") as out:
    for _ in range(4):
        out.writelines(t + "\n" for t in texts)
PY
  texts_list=("$work/paragraphs.txt" "$work/short_texts.txt")
fi

command -v hyperfine >/dev/null || { echo "hyperfine is needed (apt-get install hyperfine)"; exit 2; }
python3 -c 'import vaderSentiment' 2>/dev/null || python3 -m pip install --quiet vadersentiment==3.3.2

cargo build --release --quiet
if [ ! -x "$work/vader-parity-cli/target/release/vader-parity-cli" ]; then
  mkdir -p "$work/vader-parity-cli/src"
  cat > "$work/vader-parity-cli/Cargo.toml" <<'TOML'
[package]
name = "vader-parity-cli"
version = "0.0.0"
edition = "2021"
publish = false
[dependencies]
vader-parity = "=0.1.0"
[workspace]
TOML
  cp benches/peers/vader_parity_main.rs "$work/vader-parity-cli/src/main.rs"
  (cd "$work/vader-parity-cli" && cargo build --release --quiet)
fi

stance=target/release/stance
parity=$work/vader-parity-cli/target/release/vader-parity-cli
python="python3 benches/peers/vader_py.py"

compare() {
local texts=$1
echo "== outputs agree?"
$stance valence "$texts" > "$work/stance.tsv"
$parity "$texts" > "$work/parity.tsv"
$python "$texts" > "$work/python.tsv"
# Python is the reference: stance must print what it prints, row for row. vader-parity is a
# peer, not the reference (it prints -0.0 where Python prints 0.0 on a few short texts): its
# differing rows are counted, not fatal.
if cmp -s "$work/stance.tsv" "$work/python.tsv"; then
  echo "stance valence and python: identical ($(($(wc -l < "$work/stance.tsv") - 1)) rows)"
else
  echo "stance valence and python DIFFER:"; diff "$work/stance.tsv" "$work/python.tsv" | head; exit 1
fi
echo "vader-parity rows that differ from python: $(diff "$work/python.tsv" "$work/parity.tsv" | grep -c '^>' || true)"

echo "== timing ($(du -h "$texts" | cut -f1), single thread each)"
hyperfine --warmup 1 --runs 5 --export-json "$work/timing.json" \
  -n "stance valence" "$stance valence $texts" \
  -n "vader-parity" "$parity $texts" \
  -n "python vaderSentiment" "$python $texts" \
  -n "wc -w" "wc -w $texts"
python3 - "$work/timing.json" "$texts" <<'PY'
import json, os, sys
runs = {r["command"]: r["median"] for r in json.load(open(sys.argv[1]))["results"]}
mb = os.path.getsize(sys.argv[2]) / 1e6
s = runs["stance valence"]
for name, t in runs.items():
    print(f"{name:24s} {t:8.3f} s  {mb / t:8.1f} MB/s  stance is {t / s:6.2f}x as fast")
PY
}

for texts in "${texts_list[@]}"; do
  compare "$texts"
done
