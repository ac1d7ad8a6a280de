"""`zhibiao value`: show how 指标值 strings parse."""

from __future__ import annotations

import argparse
import json

NAME = "value"
HELP = "解析指标值 / parse 指标值 strings (comparator, number, unit)"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("values", nargs="+", help="指标值, e.g. ≥95百分比 '不超过50万元'")
    p.add_argument("--json", action="store_true", help="JSON output")


def run(args: argparse.Namespace) -> int:
    from assistant.values import TargetValue

    for raw in args.values:
        tv = TargetValue.parse(raw)
        if args.json:
            print(json.dumps(tv.model_dump(mode="json"), ensure_ascii=False))
        else:
            meas = "可衡量" if tv.measurable else "不可衡量"
            print(f"{raw}\t→ {tv.render()}\t[{tv.kind.value}, {meas}]")
    return 0
