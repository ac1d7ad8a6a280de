"""Charts of a document review (matplotlib, the app's CJK font): score distribution, problem types,
and the trainer view of departments. Drawn for print: white background, labelled bars, 150 dpi PNG."""

from __future__ import annotations

import io
import textwrap
from typing import Any

from assistant.review.document import DocumentReview

DPI = 150


def _plt() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib import font_manager

    from assistant.ui.handlers import cjk_font_family

    cjk = cjk_font_family(font_manager)
    if cjk:
        plt.rcParams["font.sans-serif"] = [cjk, "DejaVu Sans"]
    plt.rcParams["axes.unicode_minus"] = False
    return plt


def _label_bars(ax: Any, bars: Any, horizontal: bool) -> None:
    for b in bars:
        v = b.get_width() if horizontal else b.get_height()
        if not v:
            continue
        if horizontal:
            ax.text(b.get_x() + v, b.get_y() + b.get_height() / 2, f" {v:g}", va="center", fontsize=8)
        else:
            ax.text(b.get_x() + b.get_width() / 2, v, f"{v:g}", ha="center", va="bottom", fontsize=8)


def summary_figure(review: DocumentReview) -> Any:
    """Left: how many tables fall in each score band. Right: errors and warnings by problem type."""
    plt = _plt()
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.2), gridspec_kw={"width_ratios": [1, 1.5]})
    dist = review.score_distribution()
    bars = axes[0].bar([k for k, _ in dist], [n for _, n in dist], color="#4f81bd", edgecolor="black", linewidth=0.5)
    _label_bars(axes[0], bars, horizontal=False)
    axes[0].set_title("表的得分分布（张）")
    axes[0].tick_params(axis="x", labelsize=8)
    probs = [p for p in review.by_problem() if p[1] + p[2]][:10][::-1]
    names = [textwrap.shorten(p[0], 14, placeholder="…") for p in probs]
    err = [p[1] for p in probs]
    warn = [p[2] for p in probs]
    b1 = axes[1].barh(names, err, color="#c0504d", edgecolor="black", linewidth=0.5, label="错误")
    b2 = axes[1].barh(names, warn, left=err, color="#f2c75c", edgecolor="black", linewidth=0.5, hatch="//",
                      label="警告")
    for b, e, w in zip(b2, err, warn, strict=True):
        axes[1].text(e + w, b.get_y() + b.get_height() / 2, f" {e + w}", va="center", fontsize=8)
    del b1
    axes[1].set_title("各类问题数量（错误与警告）")
    axes[1].legend(loc="lower right", fontsize=8)
    for ax in axes:
        ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return fig


def trainer_figure(review: DocumentReview) -> Any:
    """Trainer view: share of rows with a warning or error per department, and the problem types that
    dominate in the departments with the most flagged rows."""
    plt = _plt()
    from matplotlib.ticker import PercentFormatter

    deps = review.by_department()[:8]
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.2))
    names = [textwrap.shorten(d, 16, placeholder="…") for d, *_ in deps][::-1]
    shares = [s for *_, s in deps][::-1]
    bars = axes[0].barh(names, shares, color="#9bbb59", edgecolor="black", linewidth=0.5)
    for b, (_, rows, bad, _s) in zip(bars, deps[::-1], strict=True):
        axes[0].text(b.get_width(), b.get_y() + b.get_height() / 2, f" {bad}/{rows}行", va="center", fontsize=8)
    axes[0].set_xlim(0, 1.15)
    axes[0].xaxis.set_major_formatter(PercentFormatter(1.0))
    axes[0].set_title("各部门有警告或错误的指标行比例")
    # Problem types per department (top 5 types), stacked so the dominant one is visible at a glance.
    top = [p[0] for p in review.by_problem() if p[1] + p[2]][:5]
    per = department_problems(review, [d for d, *_ in deps], top)
    order = [d for d, *_ in deps][::-1]  # barh draws bottom-up: the worst department on top
    left = [0] * len(order)
    colours = ["#c0504d", "#4f81bd", "#f2c75c", "#8064a2", "#4bacc6"]
    hatches = ["", "//", "..", "xx", "\\\\"]
    for k, name in enumerate(top):
        vals = [per[d].get(name, 0) for d in order]
        axes[1].barh(names, vals, left=left, color=colours[k % 5], hatch=hatches[k % 5], edgecolor="black",
                     linewidth=0.5, label=textwrap.shorten(name, 12))
        left = [a + b for a, b in zip(left, vals, strict=True)]
    axes[1].set_title("各部门的主要问题类型（个）")
    if top:
        axes[1].legend(fontsize=7, loc="lower right")
    for ax in axes:
        ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return fig


def department_problems(review: DocumentReview, departments: list[str], problems: list[str]) -> dict[str, dict[str, int]]:
    """Warnings and errors per (department, problem type)."""
    from assistant.models import Severity
    from assistant.review.document import problem_name

    out: dict[str, dict[str, int]] = {d: {} for d in departments}
    for t in review.tables:
        dep = (t.table.department or "未注明部门").strip()
        if dep not in out:
            continue
        for f in t.findings:
            name = problem_name(f)
            if f.severity != Severity.INFO and name in problems:
                out[dep][name] = out[dep].get(name, 0) + 1
    return out


def png_bytes(fig: Any) -> bytes:
    import matplotlib.pyplot as plt

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, facecolor="white")
    plt.close(fig)
    return buf.getvalue()


def chart_pngs(review: DocumentReview) -> dict[str, bytes]:
    """Both charts as PNG bytes, keyed by a file stem."""
    return {"summary": png_bytes(summary_figure(review)), "trainer": png_bytes(trainer_figure(review))}
