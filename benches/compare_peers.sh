#!/usr/bin/env bash
# Times `stance valence` against its peers on the same file, in one run, and checks that they
# agree: Python vaderSentiment 3.3.2, the Rust crate vader-parity, and `wc -w` (the floor for any
# tool that reads every word). Prints hyperfine's table and the ratios.
#
#   bash benches/compare_peers.sh [TEXTS]     # TEXTS: one text per line
#
# Without TEXTS, the paragraphs of ../shared's Reuters world-politics corpus are used, cut to
# about 5 MB (Python needs a few seconds per MB). Needs: cargo, python3 with pip, hyperfine
# (Debian: apt-get install hyperfine).
set -euo pipefail
cd "$(dirname "$0")/.."
work=target/peers
mkdir -p "$work"

texts=${1:-}
if [ -z "$texts" ]; then
  corpus=../shared/data/corpora/reuters_2006_2013_ding/world_politics.jsonl
  texts=$work/paragraphs.txt
  python3 - "$corpus" "$texts" <<'PY'
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

echo "== outputs agree?"
$stance valence "$texts" > "$work/stance.tsv"
$parity "$texts" > "$work/parity.tsv"
$python "$texts" > "$work/python.tsv"
for peer in parity python; do
  if cmp -s "$work/stance.tsv" "$work/$peer.tsv"; then
    echo "stance valence and $peer: identical ($(($(wc -l < "$work/stance.tsv") - 1)) rows)"
  else
    echo "stance valence and $peer DIFFER:"; diff "$work/stance.tsv" "$work/$peer.tsv" | head; exit 1
  fi
done

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
