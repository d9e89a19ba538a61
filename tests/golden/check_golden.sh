#!/bin/sh
# Golden test: `newsgraph build examples/seeds` must give byte for byte the JSON-LD committed
# in tests/golden/seeds.jsonld. When extraction changes on purpose, regenerate it with
#   NEWSGRAPH_REGEN_GOLDEN=1 ctest -R golden_seeds
# and read the diff before committing: it is the change in what users get.
# Usage: check_golden.sh NEWSGRAPH_BINARY SOURCE_DIR DATA_DIR WORK_DIR
set -eu
bin=$1 src=$2 data=$3 work=$4
mkdir -p "$work"
"$bin" build "$src/examples/seeds" --data "$data" -q -o "$work/seeds.jsonld"
golden="$src/tests/golden/seeds.jsonld"
if [ "${NEWSGRAPH_REGEN_GOLDEN:-}" = 1 ]; then
  cp "$work/seeds.jsonld" "$golden"
  echo "regenerated $golden"
  exit 0
fi
if ! cmp -s "$work/seeds.jsonld" "$golden"; then
  echo "golden_seeds: the seeds' JSON-LD differs from $golden:" >&2
  diff -u "$golden" "$work/seeds.jsonld" | head -n 60 >&2 || true
  echo "If the change is intended: NEWSGRAPH_REGEN_GOLDEN=1 ctest -R golden_seeds" >&2
  exit 1
fi
echo "golden_seeds: identical"
