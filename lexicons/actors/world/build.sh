#!/bin/sh
# Rebuilds the Phoenix part of the bundled `world` actor list from the PETRARCH-2 dictionaries
# (openeventdata/petrarch2 commit 676801cd9cb2924bbbad09f86d15c9323e7097bf, MIT; the files carry
# the license text in their headers). The files are copied byte-identical and checked against
# their sha256 sums, so a rerun gives the same bytes; `updates.txt` beside them is our own.
#
# Usage: sh lexicons/actors/world/build.sh [DICTIONARY_DIR]
#   DICTIONARY_DIR defaults to ../shared/data/petrarch2_dictionaries (from the repository root).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
src=${1:-"$here/../../../../shared/data/petrarch2_dictionaries"}
cd "$src"
sha256sum -c - <<'SUMS'
8d4ee11692ccb1636a5cf4421849c420508acbd9b930adab457472b843276506  Phoenix.Countries.actors.txt
6fafbbe39bc47858edb9262411ab005b97977818237f85f3808fd11701a3ad2c  Phoenix.International.actors.txt
78496d642ceb3501137f12a3d8af7820b139319200b5ecffa05f0f91a2508f3b  Phoenix.MilNonState.actors.txt
336330de3ae91cb7daeeb50a7320ff4c9f11e5e69b6dd3a4ebedc522751a95c6  Phoenix.agents.txt
SUMS
for f in Phoenix.Countries.actors.txt Phoenix.International.actors.txt \
         Phoenix.MilNonState.actors.txt Phoenix.agents.txt; do
    cp "$f" "$here/$f"
    chmod 644 "$here/$f"
done
echo "world: copied 4 dictionaries into $here"
