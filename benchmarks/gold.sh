#!/usr/bin/env bash
# The gold check of issue 3: build the two seed posts, compare the two roles, score against
# ../shared/eval/gold-seeds.yaml. Prints score.py's report; its last line is the score.
# Exits with score.py's status (1 when a threshold is missed, 2 on unusable input).
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
cd "$here"
eval_dir="${KG_EVAL_DIR:-$here/../shared/eval}"
kg="${KG:-$here/.venv/bin/kg}"
python="${PYTHON:-$here/.venv/bin/python}"
if [ ! -f "$eval_dir/score.py" ] || [ ! -f "$eval_dir/gold-seeds.yaml" ]; then
  echo "gold.sh needs the scorer and gold file in $eval_dir (../shared/eval, or set KG_EVAL_DIR)" >&2
  exit 2
fi
out="$(mktemp -d "${TMPDIR:-/tmp}/kg-gold.XXXXXX")"
trap 'rm -rf "$out"' EXIT

"$kg" build --content content --out "$out/seeds-out" >/dev/null
"$kg" compare product-engineer product-manager --graph "$out/seeds-out/graph.json" --format json >"$out/cmp.json"
exec "$python" "$eval_dir/score.py" "$eval_dir/gold-seeds.yaml" "$out/seeds-out/graph.json" \
  --compare "$out/cmp.json" --min-f1 0.9 --min-skill-recall 0.8 --min-skill-precision 0.7
