"""The engine's word lists (engine_words.yaml) and the small text measures every stage shares.

`classify_slot` says which 二级 slot a row named by the brief belongs to; `similar` says two 三级 names
are the same indicator in other words; `content_bigrams` is what two project names must share to be alike
when no embedder is wired in.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from assistant.values import TargetValue

WORDS_FILE = Path(__file__).with_name("engine_words.yaml")


@dataclass(frozen=True)
class EngineWords:
    slot_words: tuple[tuple[str, tuple[str, ...]], ...]
    down_rates: tuple[str, ...]
    deadline_rows: dict[str, tuple[str, str]]
    deadline_default: tuple[str, str]
    generic_bigrams: frozenset[str]
    project_endings: tuple[str, ...]
    measure_words: dict[str, str]
    count_units: tuple[str, ...]
    slot_word_exceptions: tuple[str, ...]
    time_units: tuple[str, ...]
    numeral_units: tuple[str, ...]
    rate_endings: tuple[str, ...]


@functools.cache
def engine_words(path: Path = WORDS_FILE) -> EngineWords:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    try:
        return EngineWords(
            slot_words=tuple((e["slot"], tuple(e["words"])) for e in data["slot_words"]),
            down_rates=tuple(data["down_rates"]),
            deadline_rows={k: (v[0], v[1]) for k, v in data["deadline_rows"].items()},
            deadline_default=(data["deadline_default"][0], data["deadline_default"][1]),
            generic_bigrams=frozenset(data["generic_bigrams"]),
            project_endings=tuple(data["project_endings"]),
            measure_words=dict(data["measure_words"]),
            slot_word_exceptions=tuple(data.get("slot_word_exceptions") or ()),
            count_units=tuple(sorted(set(data["count_units"]), key=lambda u: (-len(u), u))),
            time_units=tuple(sorted(set(data["time_units"]), key=lambda u: (-len(u), u))),
            numeral_units=tuple(data.get("numeral_units") or ()),
            rate_endings=tuple(data.get("rate_endings") or ("率", "度", "比例", "比重")),
        )
    except (KeyError, TypeError, IndexError) as exc:
        raise ValueError(f"{path.name} 格式错误：{exc!r} / malformed engine word file") from exc


def classify_slot(name: str, *, benefit: bool = False) -> str:
    """The 二级 slot of a row the brief names: the word lists first (满意度, 及时率, 合格率 ...), then for a
    rate the slot the sector library's most alike rows are under (终端在线率 is 质量 as 设备在线率 is),
    a benefit count under 社会效益, any other count under 数量."""
    plain = name
    for w in engine_words().slot_word_exceptions:
        plain = plain.replace(w, "")
    for key, words in engine_words().slot_words:
        if any(w in plain for w in words):
            return key
    if benefit:
        return "social"
    if name.endswith(_rate_name_endings()):
        return nearest_slot(name, exclude=("quantity", "cost")) or "social"  # a rate the brief states is a result
    return "quantity"


@functools.cache
def _rate_name_endings() -> tuple[str, ...]:
    """How a rate's name ends, except 度: it also ends a count's measure (治理河道长度); a rate named …度 is a
    满意度, which the word lists find first."""
    return tuple(e for e in engine_words().rate_endings if e != "度")


NEAREST_K = 7  # library rows that vote on a rate's slot (3, 7 and 15 measured alike on published rates)


@functools.cache
def _slot_index() -> tuple[list[str], list[frozenset[str]], dict[str, list[int]]]:
    from assistant.authoring.library import load_library

    lib = load_library()
    named = [(c.level3, c.slot) for k in lib.kinds for c in k.candidates] + [(c.level3, c.slot) for c in lib.generic]
    slots_of: list[str] = []
    grams: list[frozenset[str]] = []
    postings: dict[str, list[int]] = {}
    for name, slot in named:
        g = frozenset(bigrams(re.sub(r"\{[^}]*\}", "", name)))
        for b in g:
            postings.setdefault(b, []).append(len(grams))
        slots_of.append(slot)
        grams.append(g)
    return slots_of, grams, postings


def nearest_slot(name: str, k: int = NEAREST_K, exclude: tuple[str, ...] = ()) -> str | None:
    """The slot the library's k most alike rows (character-bigram Dice) are under, weighted by likeness."""
    slots_of, grams, postings = _slot_index()
    g = bigrams(name)
    pool = {i for b in g for i in postings.get(b, ())}
    best = sorted(((2 * len(g & grams[i]) / (len(g) + len(grams[i])), i) for i in pool), reverse=True)[:k]
    votes: dict[str, float] = {}
    for score, i in best:
        if slots_of[i] in exclude:
            continue
        votes[slots_of[i]] = votes.get(slots_of[i], 0.0) + score
    return max(sorted(votes), key=lambda s: votes[s]) if votes else None


def is_down_rate(name: str) -> bool:
    return any(w in name for w in engine_words().down_rates)


_STRIP_SUFFIX = re.compile(r"(指标|情况|数量|数)$")
_ASIDE = re.compile(r"[（(][^）)]{0,6}[）)]")  # 就业（创业）率 is 就业率 in other words


def norm(s: str) -> str:
    return re.sub(r"\s+", "", s or "")


def content_bigrams(text: str) -> set[str]:
    han = "".join(ch for ch in text or "" if "\u4e00" <= ch <= "\u9fff" or ch == " ")
    grams = {w[i: i + 2] for w in han.split() for i in range(len(w) - 1)}
    return grams - engine_words().generic_bigrams


def bigrams(s: str) -> set[str]:
    s = _STRIP_SUFFIX.sub("", norm(s))
    return {s[i: i + 2] for i in range(len(s) - 1)} or {s}


def similar(a: str, b: str) -> bool:
    """Same indicator under different wording: containment or bigram Dice >= 0.5."""
    na, nb = _ASIDE.sub("", norm(a)), _ASIDE.sub("", norm(b))
    if not na or not nb:
        return False
    if na in nb or nb in na:
        return min(len(na), len(nb)) >= 3
    x, y = bigrams(na), bigrams(nb)
    return 2 * len(x & y) / (len(x) + len(y)) >= 0.5


def num_text(x: float) -> str:
    return TargetValue.of(x, comparator=None).render()
