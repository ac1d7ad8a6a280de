"""Light, predictable clean-up of cell text.

Cells keep their words: only whitespace is touched. Spaces between two Chinese characters come from
wrapped or vertical cells (`产 出 指 标`, `基本养 老保险`) and are removed; other whitespace runs become
one space. Level names drop every space. The 指标值 is only stripped, never rewritten.
"""

from __future__ import annotations

import re

_CJK = r"\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’"
_WS = re.compile(r"[ \t\u3000\u00a0\r\n]+")
_CJK_GAP = re.compile(rf"(?<=[{_CJK}])[ \t\u3000\u00a0]+(?=[{_CJK}])")
_HTML = re.compile(r"</?(?:p|b|br|span|strong)\s*/?>", re.I)
_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")


def clean(text: str | None) -> str:
    """Strip, drop Word bookmarks, remove spaces inside Chinese text, collapse other whitespace."""
    if not text:
        return ""
    t = _BOOKMARK.sub("", text)
    t = _CJK_GAP.sub("", t)
    t = _WS.sub(" ", t)
    return t.strip()


def cell(text: str | None) -> str | None:
    """A text cell (三级指标, 描述, 依据...); None when empty."""
    t = clean(text)
    return t or None


def level(text: str | None) -> str | None:
    """A 一级/二级 name: every space removed (`产 出 指 标` -> `产出指标`, `核心业务产出 1` -> `核心业务产出1`)."""
    if not text:
        return None
    t = _WS.sub("", _BOOKMARK.sub("", text))
    return t or None


def value(text: str | None) -> str | None:
    """The raw 指标值, only stripped (a line break inside a cell becomes one space)."""
    if text is None:
        return None
    t = text.strip()
    if "\n" in t:
        t = re.sub(r"\s*\n\s*", " ", t)
    return t or None


_KEY_DROP = re.compile(r"[\s:：（）()\[\]【】%％]+")


def key(text: str | None) -> str:
    """A comparison key for labels: no whitespace, colons, brackets or percent signs."""
    if not text:
        return ""
    if len(text) > 40:
        return text[:40]  # no label is that long; keep long cells cheap
    return _KEY_DROP.sub("", text)


def html_text(text: str) -> str:
    return clean(_HTML.sub(" ", text))
