"""The LLM path, measured offline: recorded prompts, replayed answers, raw answer vs pipeline vs offline engine.

- `record_prompts(out)`: the exact system and user prompt the product sends for each brief of
  `datasets/briefs_facts.jsonl` (name, purpose, budget, year, goals, quantities only), produced by the
  product's own code: services over the shipped corpus, the `record` provider around `openai` pointed at
  the loopback stub server. One `{"id", "system", "user"}` line per brief (`datasets/llm_prompts.jsonl`).
- `evaluate_replay(replay)`: the same services with the `replay` provider over a JSONL of
  `{"match", "reply"}`; for every brief, in the same run: the raw answer's own score (its rows as the
  model wrote them), what the pipeline kept, every rejected row with its reason, and the offline engine.
  Scores: fact retention (evaluation.facts: kept / in_slot), warning_free and lint_clean (the linter),
  rows per table. The briefs are not published tables, so there is no indicator recall against a reference.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from assistant.models import ProjectBrief, Severity, SuggestedRow
from assistant.values import TargetValue
from evaluation.facts import _carries, _slot_of, brief_of, read_briefs

DATASETS = Path(__file__).parent / "datasets"
PROMPTS = DATASETS / "llm_prompts.jsonl"
REPLAY = DATASETS / "llm_replay.jsonl"


def _services(data_dir: Path, llm: Any) -> Any:
    from assistant.services import build_services
    from assistant.settings import load_settings

    services = build_services(load_settings(data_dir=data_dir, llm=llm))
    services.prepare()
    return services


def record_prompts(out: Path = PROMPTS, briefs: Sequence[dict[str, Any]] | None = None,
                   data_dir: Path | None = None) -> int:
    """Write one {"id", "system", "user"} line per brief; returns how many were written."""
    from assistant.llm.stub_server import StubChatServer
    from assistant.settings import LLMSettings

    briefs = list(briefs if briefs is not None else read_briefs())
    work = Path(data_dir or tempfile.mkdtemp(prefix="zhibiao-record-"))
    log = work / "llm_record.jsonl"
    log.unlink(missing_ok=True)
    with StubChatServer(['{"rows": []}']) as server:
        llm = LLMSettings(provider="record", record_provider="openai", base_url=server.base_url, model="stub",
                          record_file=log, timeout_s=60, request_timeout_s=120)
        services = _services(work, llm)
        for rec in briefs:
            services.suggest(brief_of(rec))
    records = [json.loads(x) for x in log.read_text(encoding="utf-8").splitlines() if x.strip()]
    if len(records) != len(briefs):
        raise RuntimeError(f"expected one model call per brief, got {len(records)} for {len(briefs)}")
    lines = []
    for rec, call in zip(briefs, records, strict=True):
        system = next(m["content"] for m in call["messages"] if m["role"] == "system")
        user = next(m["content"] for m in call["messages"] if m["role"] == "user")
        if f"项目名称：{rec['name']}" not in user:
            raise RuntimeError(f"the recorded prompt for {rec['id']} does not name its project")
        lines.append(json.dumps({"id": rec["id"], "match": f"项目名称：{rec['name']}", "system": system, "user": user},
                                ensure_ascii=False))
    Path(out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines)


# ---------------------------------------------------------------------------------------------- scoring
def _raw_rows(table: Any) -> list[SuggestedRow]:
    """The model's rows as it wrote them (no acceptance): what the same model would give alone."""
    out = []
    for r in table.rows if table is not None else []:
        out.append(SuggestedRow(
            level1=r.level1, level2=r.level2, level3=r.level3, description=r.description or r.level3,
            target=TargetValue.parse(r.value), basis=r.basis or "", rationale=r.rationale or "",
            value_source="llm", engine="raw"))
    return out


def score_rows(rows: Sequence[SuggestedRow], rec: dict[str, Any], lint_row: Any) -> dict[str, float]:
    facts = rec.get("facts") or []
    kept = in_slot = 0
    for fact in facts:
        carrying = [r for r in rows if _carries(r, fact)]
        kept += bool(carrying)
        in_slot += any(_slot_of(r.level2) == _slot_of(fact["slot"]) for r in carrying)
    found = [lint_row(r.to_indicator()) for r in rows]
    clean = sum(not [f for f in fs if f.severity == Severity.ERROR] for fs in found)
    quiet = sum(not [f for f in fs if f.severity in (Severity.ERROR, Severity.WARNING)] for fs in found)
    n = len(rows) or 1
    return {"facts": len(facts), "kept": kept, "in_slot": in_slot, "rows": len(rows),
            "lint_clean": clean / n if rows else 0.0, "warning_free": quiet / n if rows else 0.0}


def _summary(per: list[dict[str, float]]) -> dict[str, float]:
    facts = sum(p["facts"] for p in per) or 1
    n = len(per) or 1
    rows = sum(p["rows"] for p in per)
    return {
        "kept": round(sum(p["kept"] for p in per) / facts, 4),
        "in_slot": round(sum(p["in_slot"] for p in per) / facts, 4),
        # Row-weighted: the share of all rows of that engine that are clean / warning-free.
        "lint_clean": round(sum(p["lint_clean"] * p["rows"] for p in per) / rows, 4) if rows else 0.0,
        "warning_free": round(sum(p["warning_free"] * p["rows"] for p in per) / rows, 4) if rows else 0.0,
        "rows_per_table": round(rows / n, 2),
        "tables": len(per), "facts": int(sum(p["facts"] for p in per)),
        "facts_kept": int(sum(p["kept"] for p in per)), "facts_in_slot": int(sum(p["in_slot"] for p in per)),
    }


def evaluate_replay(replay: Path = REPLAY, briefs: Sequence[dict[str, Any]] | None = None, *,
                    data_dir: Path | None = None, composer: Any = None) -> dict[str, Any]:
    """Raw answers vs the pipeline vs the offline engine, over the same briefs in one run. `composer` is
    the offline engine (default: the app's, over the shipped corpus in a temporary data folder)."""
    from contextlib import nullcontext

    from assistant.authoring.generate import LLMComposer
    from assistant.lint import lint_row
    from assistant.llm.recorded import ReplayChatModel

    briefs = list(briefs if briefs is not None else read_briefs())
    model = ReplayChatModel.from_file(Path(replay))
    if composer is None:
        from assistant.settings import LLMSettings

        composer = _services(Path(data_dir or tempfile.mkdtemp(prefix="zhibiao-replay-")), LLMSettings()).composer
    engine = LLMComposer(model, composer, lint_row, request_timeout_s=120)
    pinned = getattr(composer.retriever, "pinned", None)
    raw_scores, kept_scores, off_scores = [], [], []
    rejected, errors, answer_rows, duplicates, beyond = [], [], 0, 0, 0
    per_brief = []
    for rec in briefs:
        brief: ProjectBrief = brief_of(rec)
        with pinned() if pinned else nullcontext():
            offline = composer.suggest(brief)
            out = engine.suggest_detailed(brief)
        raw = _raw_rows(out.table)
        answer_rows += len(raw)
        duplicates += len(out.duplicates)
        beyond += out.beyond_cap
        if out.error:
            errors.append({"id": rec["id"], "error": out.error})
        for r in out.rejected:
            rejected.append({"id": rec["id"], "level2": r.level2, "level3": r.level3, "value": r.value,
                             "reasons": r.reasons})
        s_raw, s_kept, s_off = (score_rows(raw, rec, lint_row), score_rows(out.suggestion.rows, rec, lint_row),
                                score_rows(offline.rows, rec, lint_row))
        raw_scores.append(s_raw)
        kept_scores.append(s_kept)
        off_scores.append(s_off)
        per_brief.append({"id": rec["id"], "raw": s_raw, "pipeline": s_kept, "offline": s_off,
                          "filled_from_offline": out.filled, "notices": out.suggestion.notices})
    return {
        "briefs": len(briefs), "sectors": len({b.get("sector") for b in briefs}),
        "raw": _summary(raw_scores), "pipeline": _summary(kept_scores), "offline": _summary(off_scores),
        "answer_rows": answer_rows, "rejected_rows": len(rejected),
        "rejected_share": round(len(rejected) / answer_rows, 4) if answer_rows else 0.0,
        "duplicates_dropped": duplicates, "rows_beyond_cap": beyond,
        "rejected": rejected, "errors": errors, "per_brief": per_brief,
    }
