#!/bin/sh
# Golden tests on the seed articles, compared byte for byte:
#   tests/golden/seeds.jsonld          what `newsgraph build examples/seeds` writes
#   tests/golden/extract/<seed>.txt    what `newsgraph extract <seed>` prints (cleaned text,
#                                      mentions, relations, statements, figures with spans)
# When extraction changes on purpose, regenerate them with
#   NEWSGRAPH_REGEN_GOLDEN=1 ctest -R golden_seeds
# and read the diff before committing: it is the change in what users get.
# Usage: check_golden.sh NEWSGRAPH_BINARY SOURCE_DIR DATA_DIR WORK_DIR
set -eu
bin=$1 src=$2 data=$3 work=$4
mkdir -p "$work/extract"
# Inputs are named relative to the source tree: the article's source path is part of the
# output, and must not depend on where the tree was cloned.
cd "$src"
"$bin" build examples/seeds --data "$data" -q -o "$work/seeds.jsonld"
for f in examples/seeds/*.txt; do
  name=$(basename "$f" .txt)
  "$bin" extract "$f" --data "$data" > "$work/extract/$name.txt"
done
golden="$src/tests/golden"
if [ "${NEWSGRAPH_REGEN_GOLDEN:-}" = 1 ]; then
  mkdir -p "$golden/extract"
  cp "$work/seeds.jsonld" "$golden/seeds.jsonld"
  cp "$work"/extract/*.txt "$golden/extract/"
  echo "regenerated $golden"
  exit 0
fi
status=0
for pair in "seeds.jsonld" $(cd "$work" && ls extract/*.txt); do
  if ! cmp -s "$work/$pair" "$golden/$pair"; then
    echo "golden_seeds: $pair differs from $golden/$pair:" >&2
    diff -u "$golden/$pair" "$work/$pair" | head -n 40 >&2 || true
    status=1
  fi
done
if [ $status -ne 0 ]; then
  echo "If the change is intended: NEWSGRAPH_REGEN_GOLDEN=1 ctest -R golden_seeds" >&2
  exit 1
fi
echo "golden_seeds: identical"
