#!/usr/bin/env bash
# Runs every command README.md shows, as a newcomer would, and checks what can be checked:
# each command exits as documented (0, or 1 where the README shows a file with errors), and the
# figures of README's evaluation table are the ones the commands print now.
#
#   bash tests/readme_commands.sh        # from anywhere; needs cargo and ../shared beside the repo
#
# The README's placeholder files (corpus.jsonl, articles/, my_actors.tsv, ...) are made here
# from the bundled sample and words of our own, in a temporary folder laid out like a clone:
# `work/` is the current folder, with `tests/` of the repository and `../shared` beside it.
# `cargo test` is not run again, and `cargo run --release --` runs the release binary.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
cargo build --release --quiet
stance="$repo/target/release/stance"
[ -d ../shared ] || { echo "readme: ../shared is missing beside the repository"; exit 2; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/work/articles"
ln -s "$(cd ../shared && pwd)" "$tmp/shared"
ln -s "$repo/tests" "$tmp/work/tests"
cp -r "$repo/lexicons" "$tmp/work/lexicons" # a copy: a command may write into it
cd "$tmp/work"

# Placeholder inputs.
sample="$repo/src/sample/libya_2019_2020.jsonl"
cp "$sample" corpus.jsonl
head -n 12 "$sample" > part1.jsonl
tail -n +13 "$sample" > part2.jsonl
gzip -c "$sample" > b.jsonl.gz
cp b.jsonl.gz dump.jsonl.gz
printf 'id,text\nc1,"Serraj accused Haftar of attacking Tripoli."\nc2,"Turkey praised the GNA."\n' > a.csv
printf 'Serraj thanked Turkey for its support.\n' > articles/one.txt
printf 'Haftar rejected the ceasefire proposed by the UN.\n' > articles/two.txt
printf 'What a wonderful day!\nThis is terrible news.\n' > texts.txt
printf 'id\tkind\tname\taliases\tgroups\nSERRAJ\tperson\tFayez al-Serraj\tSerraj|al-Serraj\t\nHAFTAR\tperson\tKhalifa Haftar\tHaftar\t\nTURKEY\tcountry\tTurkey\tAnkara\t\n' > my_actors.tsv
printf 'cue\tcameo\tweight\npraised|praises\t051\t0.34\naccused|accuses\t112\t-0.2\n' > my_cues.tsv

# The commands: lines of ```sh blocks and of indented blocks that call stance or cargo, with
# continuation lines joined and `VAR=value` lines kept as settings for the lines after them.
commands=$(awk '
  /^```/ { fence = !fence; next }
  {
    line = $0
    if (!fence && line !~ /^    /) next
    sub(/^ +/, "", line)
    if (pending != "") { line = pending " " line; pending = "" }
    if (line ~ /\\$/) { sub(/\\$/, "", line); pending = line; next }
    if (line ~ /^[A-Z]+=[^ ]+$/ || line ~ /^(stance|cargo run|zcat) /) print line
  }' "$repo/README.md")

ran=0
failed=0
while IFS= read -r line; do
  case "$line" in
    *=*) if [[ "$line" =~ ^[A-Z]+=[^\ ]+$ ]]; then export "${line?}"; continue; fi ;;
  esac
  # Retraining the parser takes minutes of CPU; tests/it/syntax.rs retrains a slice twice
  # and checks the bytes instead.
  if [[ "$line" == "stance train syntax"* ]]; then
    echo "readme: skipped (minutes of training; see tests/it/syntax.rs): $line"
    continue
  fi
  # `cargo run --release --` and `stance` both mean the release binary.
  cmd=${line//cargo run --release --/$stance}
  cmd=$(printf '%s' "$cmd" | sed -E "s#(^|[|&;] *)stance #\\1$stance #g")
  cmd=${cmd%%  #*}
  # `lexicon check` exits 1 on a file with errors; the bundled verb dictionary has 4 malformed
  # lines, kept as published (lexicons/README.md), and the README shows them on purpose.
  expected=0
  [[ "$line" == "stance lexicon check --verbs lexicons/verbs/CAMEO.2.0.txt"* ]] && expected=1
  status=0
  out=$(bash -c "$cmd" 2>&1 >/dev/null) || status=$?
  ran=$((ran + 1))
  if [ "$status" -ne "$expected" ]; then
    failed=$((failed + 1))
    echo "readme: FAILED (exit $status): $line"
    printf '%s\n' "$out" | tail -n 5 | sed 's/^/    /'
  fi
done <<< "$commands"

# The evaluation table: each figure is what the command prints now.
check_figure() { # label, README row prefix, column, command...
  local label=$1 row=$2 column=$3
  shift 3
  local stated measured
  stated=$(grep -F "| $row" "$repo/README.md" | head -n 1 | awk -F'|' -v c="$column" '{ print $(c + 1) }' | grep -oE '[0-9]+\.[0-9]+' | head -n 1)
  measured=$("$@" 2>/dev/null | grep -oE "$label [0-9]+\.[0-9]+" | head -n 1 | grep -oE '[0-9]+\.[0-9]+$')
  ran=$((ran + 1))
  if [ -z "$stated" ] || [ "$stated" != "$measured" ]; then
    failed=$((failed + 1))
    echo "readme: FIGURE differs: '$row' says ${stated:-nothing}, the command prints ${measured:-nothing}"
  fi
}
S=../shared/data
check_figure "macro-F1" "DSE valid (1,461)" 3 "$stance" eval dse $S/directed_sentiment_dse/valid.txt
check_figure "macro-F1" "NewsMTSC rw dev (343)" 3 "$stance" eval newsmtsc $S/newsmtsc/hf_flat/rw/dev.jsonl
check_figure "signed precision" "real-news pairs (179 sentences" 3 "$stance" eval pairs tests/data/realnews_dev_pairs.tsv
check_figure "signed precision" "default (a relation is required, below)" 2 "$stance" eval pairs tests/data/realnews_train_pairs.tsv --folds 5

echo "readme: $((ran - failed)) passed, $failed failed"
[ "$failed" -eq 0 ]
