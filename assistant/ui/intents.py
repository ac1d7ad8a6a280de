"""What a chat message asks for, parsed offline from Chinese phrasing.

The patterns live in intents.yaml beside this module; `parse(message)` returns the first intent whose
pattern matches, with its slots (row number, target name, field, new text, description). Pure and cheap:
no services, no model.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

INTENTS_FILE = Path(__file__).with_name("intents.yaml")

_CN_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_FILLER = re.compile(r"^(?:请|帮我|麻烦|能不能|可以|再|还|那个|这个|一下)+|(?:吧|吗|呢|啊|了|一下|谢谢)+$")
_TRAIL = re.compile(r"[。！!？?，,；;\s]+$")


@dataclass
class Intent:
    name: str  # check_row | undo | draft | edit | remove | add | explain | check | alternatives | similar | help
    slots: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class _Rules:
    intents: list[tuple[str, list[re.Pattern[str]]]]
    fields: dict[str, str]  # column word -> field key


@functools.cache
def _rules(path: Path = INTENTS_FILE) -> _Rules:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    vocab: dict[str, str] = data.get("vocab", {})

    def expand(p: str) -> str:
        for k, v in vocab.items():
            p = p.replace("{" + k + "}", v)
        return p

    intents = [(i["name"], [re.compile(expand(p)) for p in i["patterns"]]) for i in data["intents"]]
    fields = {w: key for key, words in data.get("fields", {}).items() for w in words}
    return _Rules(intents, fields)


def cn_number(text: str | None) -> int | None:
    """3, 三, 十二, 二十 -> int; None when it is not a number."""
    if not text:
        return None
    t = text.strip()
    if t.isdigit():
        return int(t)
    if not t or any(c not in _CN_DIGITS and c != "十" for c in t):
        return None
    if "十" in t:
        tens, _, ones = t.partition("十")
        return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)
    return _CN_DIGITS.get(t)


def _clean(text: str | None) -> str:
    t = _TRAIL.sub("", (text or "").strip())
    t = t.strip("“”\"'「」『』 ")
    return _FILLER.sub("", t).strip()


def parse(message: str) -> Intent:
    text = _TRAIL.sub("", (message or "").strip())
    if not text:
        return Intent("help")
    rules = _rules()
    for name, patterns in rules.intents:
        for p in patterns:
            m = p.search(text)
            if not m:
                continue
            slots = {k: v for k, v in m.groupdict().items() if v}
            out: dict[str, Any] = {}
            if "row" in slots:
                out["row"] = cn_number(slots["row"])
            if "target" in slots:
                out["target"] = _clean(slots["target"])
            if "field" in slots:
                out["field"] = rules.fields.get(slots["field"], "value")
            for key in ("new", "what", "desc", "text"):
                if key in slots:
                    out[key] = _clean(slots[key]) if key != "text" else slots[key].strip()
            if name == "draft" and slots.get("rest"):
                out["rest"] = slots["rest"]
            if not _plausible(name, out):
                continue
            return Intent(name, out)
    return Intent("help")


def _plausible(name: str, slots: dict[str, Any]) -> bool:
    """Reject matches whose slots are empty or absurd, so the next intent can try."""
    if name == "edit":
        return bool(slots.get("new")) and (slots.get("row") is not None or bool(slots.get("target")))
    if name == "remove":
        return slots.get("row") is not None or bool(slots.get("target"))
    if name == "add":
        return bool(slots.get("what"))
    if name == "draft":
        return len(slots.get("desc", "")) >= 2
    return True
