#!/usr/bin/env bash
# The previous offline engine (commit b78250b, 2026-11-23, before the staged pipeline) measured on today's
# corpus with its own leave-one-table-out evaluation, for the report's "above the previous engine" line:
# indicator_recall over all tables and over the corpus-extra tables (ids x...), and rows per table.
#   scripts/previous_engine_recall.sh            (about 3 minutes; uses a temporary worktree and data dir)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PY="${PYTHON:-$ROOT/.venv/bin/python}"
WT="$(mktemp -d)/prev"
git -C "$ROOT" worktree add -q --detach "$WT" b78250b
trap 'git -C "$ROOT" worktree remove --force "$WT"' EXIT
cd "$WT"
ZHIBIAO_DATA_DIR="$WT/data" PYTHONPATH="$WT" "$PY" - <<'PY'
import json, tempfile
from pathlib import Path
from assistant.services import build_services
from evaluation.common import Judge, family
from evaluation.suggest import evaluate_suggest
s = build_services(); s.corpus.ensure()
tables = s.corpus.tables()
dump = Path(tempfile.mkdtemp()) / "dump.jsonl"
r = evaluate_suggest(tables, dump=dump)
by_id, judge = {t.id: t for t in tables}, Judge()
recall, rows = {}, []
for line in dump.read_text(encoding="utf-8").splitlines():
    d = json.loads(line); t = by_id[d["id"]]; rows.append(len(d["rows"]))
    refs = [ind for ind in t.indicators if ind.level3]
    hit = sum(any((family(ref.level1, ref.level2) is None or family(x["level1"], x["level2"]) == family(ref.level1, ref.level2))
                  and judge.same(ref.level3, x["level3"]) for x in d["rows"]) for ref in refs)
    recall[d["id"]] = hit / len(refs)
other = [v for k, v in recall.items() if k.startswith("x")]
print(f"previous engine b78250b: all {r['engine']['indicator_recall']:.4f} ({r['tables']} tables), "
      f"other sectors {sum(other) / len(other):.4f} ({len(other)} tables), rows per table {sum(rows) / len(rows):.1f}")
PY
