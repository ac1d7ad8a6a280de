"""`zhibiao train [NAME ...]`: rebuild the learned artefacts shipped in the package from data in the repo.

`ARTEFACTS` maps a name to its build function (`model_dir -> report`); another trainable artefact is
added by one line. The builds are deterministic: retraining on unchanged data writes the same bytes.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

NAME = "train"
HELP = "重新训练随包发布的模型 / rebuild the learned models shipped in the package"


def _lint(model_dir: Path) -> dict[str, Any]:
    from assistant.lint.training import build_lint_models

    return build_lint_models(model_dir)


def _ranker(model_dir: Path) -> dict[str, Any]:
    from assistant.authoring.ranking import build_ranker

    return build_ranker(model_dir)


# name -> build(model_dir) -> report. The default folder of each is where the package loads it from.
ARTEFACTS: dict[str, Callable[[Path], dict[str, Any]]] = {
    "lint": _lint,  # assistant/lint/models/category.npz + flags.npz
    "ranker": _ranker,  # assistant/authoring/models/ranker.json (the ranking stage; not the default order)
}


def _default_dir(name: str) -> Path:
    from assistant.authoring.ranking import RANKER_FILE
    from assistant.lint.learned import MODEL_DIR

    return {"lint": MODEL_DIR, "ranker": RANKER_FILE.parent}[name]


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("names", nargs="*", help=f"要训练的模型（默认全部）/ artefacts to build: {', '.join(ARTEFACTS)}")
    p.add_argument("--out", help="写到此目录而不是包内 / write here instead of the package folder")


def run(args: argparse.Namespace) -> int:
    names = args.names or list(ARTEFACTS)
    unknown = [n for n in names if n not in ARTEFACTS]
    if unknown:
        raise ValueError(f"未知的模型 {', '.join(unknown)}；可选：{', '.join(ARTEFACTS)} / unknown artefact")
    for n in names:
        out = Path(args.out) if args.out else _default_dir(n)
        report = ARTEFACTS[n](out)
        print(json.dumps({n: report}, ensure_ascii=False, indent=1))
    return 0
