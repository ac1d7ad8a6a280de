"""The 编制 tab's export: the grid as it stands, goals that follow it, and the 理由与引用 appendix.

The logic is in `assistant.export.draft`; this handler only reads the page's values (grid, the
suggestion state, the goals box) and writes the file to download.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from assistant.models import Suggestion
from assistant.ui.handlers import UserError, draft_meta, export_file, rows_from_grid

if TYPE_CHECKING:
    from assistant.services import Services

APPENDIX_TITLE = "理由与引用"


def draft_export(services: Services, grid: Any, state: dict[str, Any] | None, goals_text: str, fmt: str) -> str:
    """Export the draft: edited rows, goals regenerated from them unless the clerk edited the goals text,
    budget and purpose from the brief, and (xlsx/docx) each row's rationale and citations."""
    from assistant.export.draft import rationale_appendix, synced_goals

    rows = rows_from_grid(grid)
    if not rows:
        raise UserError("没有可导出的指标行。")
    s = Suggestion.model_validate(state) if state else None
    meta = draft_meta(state, goals_text)
    meta["goals"] = synced_goals(s, rows, goals_text)
    appendix = rationale_appendix(s, rows, table=meta.get("project_name") or "") if fmt in ("xlsx", "docx") else None
    return export_file(grid, meta, fmt, services, appendix=appendix, appendix_title=APPENDIX_TITLE)


__all__ = ["APPENDIX_TITLE", "draft_export"]
