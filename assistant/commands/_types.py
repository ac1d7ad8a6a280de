"""argparse types whose errors are one bilingual line (argparse's own say only `invalid float value`)."""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable


def number(cn: str, en: str, *, minimum: float | None = 0) -> Callable[[str], float]:
    def parse(text: str) -> float:
        try:
            value = float(text.replace(",", "").replace("，", "").strip())
        except ValueError:
            raise argparse.ArgumentTypeError(f"{cn}应为数字，收到“{text}” / {en} must be a number, got {text!r}") from None
        if not math.isfinite(value):
            raise argparse.ArgumentTypeError(f"{cn}应为有限的数字，收到“{text}” / {en} must be a finite number, got {text!r}")
        if minimum is not None and value < minimum:
            raise argparse.ArgumentTypeError(f"{cn}不能小于{minimum:g} / {en} must be at least {minimum:g}")
        return value

    return parse


def integer(cn: str, en: str, *, low: int, high: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            value = int(text.strip())
        except ValueError:
            raise argparse.ArgumentTypeError(f"{cn}应为整数，收到“{text}” / {en} must be a whole number, got {text!r}") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"{cn}应在{low}到{high}之间 / {en} must be between {low} and {high}")
        return value

    return parse
