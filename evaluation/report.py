"""One markdown report with the tables of figures and plots, written to a chosen folder."""

from __future__ import annotations

import datetime as _dt
import json
import time
from pathlib import Path
from typing import Any

from evaluation.suggest import METRICS


def _table(headers: list[str], rows: list[list[Any]]) -> str:
    out = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    out += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(out)


def _bar(path: Path, title: str, groups: dict[str, dict[str, float]], metrics: list[str]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np
    from matplotlib import font_manager

    cjk = [f.name for f in font_manager.fontManager.ttflist if "CJK" in f.name]
    if cjk:
        plt.rcParams["font.sans-serif"] = [cjk[0], "DejaVu Sans"]
    x = np.arange(len(metrics))
    w = 0.8 / max(len(groups), 1)
    fig, ax = plt.subplots(figsize=(max(6, 1.6 * len(metrics)), 3.6))
    for n, (name, vals) in enumerate(groups.items()):
        ax.bar(x + n * w, [vals.get(m, 0) for m in metrics], w, label=name)
    ax.set_xticks(x + w * (len(groups) - 1) / 2, metrics, fontsize=8)
    ax.set_ylim(0, 1.05)
    ax.set_title(title)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def _lint_table(lint: dict[str, Any]) -> str:
    # A flag neither labelled nor predicted has no precision or recall to show.
    rows = [[f, v["precision"], v["recall"], v["f1"], v.get("support", "")] for f, v in lint["per_flag"].items()
            if v.get("support") or v.get("fp") or v.get("tp")]
    rows += [["micro", lint["micro"]["precision"], lint["micro"]["recall"], lint["micro"]["f1"], ""],
             ["macro", lint["macro"]["precision"], lint["macro"]["recall"], lint["macro"]["f1"], ""]]
    return _table(["flag", "precision", "recall", "F1", "support"], rows)


def _split_table(r: dict[str, Any]) -> str:
    lp, rp = r["learned"]["per_flag"], r["rules"]["per_flag"]
    rows = [[fl, lp[fl]["precision"], lp[fl]["recall"], rp[fl]["precision"], rp[fl]["recall"], lp[fl]["support"]]
            for fl in lp if lp[fl]["support"] or lp[fl]["fp"] or rp[fl]["fp"]]
    lm, rm = r["learned"]["micro"], r["rules"]["micro"]
    rows.append(["**micro**", lm["precision"], lm["recall"], rm["precision"], rm["recall"], ""])
    return _table(["flag", "learned P", "learned R", "rules-only P", "rules-only R", "support"], rows)


# The other brief sets, in the order shown: (key, title, how it was written and what has been looked at).
_FACT_SETS = (
    ("tune2", "调参集 2（tune2）", "2026-12-02 另一位助手按“数量的各种写法”盲写（40 个行业），写来就是要看遗漏的："
     "第一次测量 kept 0.905 / in_slot 0.849，之后按它的遗漏改了读取规则，所以下面是调整后的数字。"),
    ("heldout", "留出集 1（heldout）", "另一位助手盲写的 2027 年项目说明（37 个行业）。第一次测量为 kept 0.876 / in_slot 0.748；"
     "2026-12-02 的改动（日历、等级、计量单位、比率归属）看过它的遗漏，所以下面的数字也是调整后的。"),
    ("heldout2", "留出集 2（heldout2）", "第三位助手 2026-12-02 盲写（34 个行业），写好后先测一次（kept 0.840 / in_slot 0.722），"
     "再做当天的改动；它的遗漏没有被打开看过；改动期间打印过几次它的总数，没有据此保留或撤回任何改动。"),
    ("heldout3", "留出集 3（heldout3）", "第四位助手 2026-12-02 盲写（39 个行业），遗漏没有打开看过。在引擎按调参集和留出集 1 的"
     "遗漏改完之后第一次测量：kept 0.891 / in_slot 0.830；其中不少“遗漏”是评测本身的错：这组把 3.5万亩 记为 35000 亩，"
     "评测只会反向换算，修正评测后同一引擎为 0.939 / 0.864；之后按调参集 2 改了引擎，再测为下表。"),
)


def _facts_table(r: dict[str, Any]) -> str:
    """Fact retention by fact type, and all facts, followed by a blank line."""
    return _table(["类型 type", "facts", "kept", "in_slot"],
                  [[t, v["facts"], v["kept"], v["in_slot"]] for t, v in r["by_type"].items()]
                  + [["all", r["facts"], r["kept"], r["in_slot"]]]) + "\n"


def _splits_section(splits: dict[str, Any]) -> str:
    from evaluation.lintsets import split_groups

    parts = ["## 规则检查：调参集与留出集 / Lint: tune split and held-out split\n",
             "同一次运行中，学习模型（规则 + 学习检查）与仅规则并列（划分规则见 evaluation/datasets/README.md）。"
             "留出集 1、3、4 在 2026-12-02 先后被打开看过误报和漏报并据此改了规则，从那时起它们的数字是调整后的；"
             "留出集 5、11、15、16 在第 9 次工作时看过；留出集 2 从未打开看过（看过几次总数）；留出集 6–9 只有好行，各自第一次测量后看过误报；"
             "留出集 10、12、13、14、17、18 没有打开看过。最后几节是合计：12–14 用同一套规则测量；15–16 和 17–18 都是在写出之前"
             "就定为验收集的（15–16 第一次测量未达标，之后看过并调整；17–18 是按 15–16 调整后的规则第一次测量）。\n"]
    from evaluation.lintsets import FIRST_MEASURED

    parts.append("每个盲写集写好后第一次测量的结果（之后被打开看过的集，后面的数字是调整后的）：\n")
    parts.append(_table(["set", "第一次测量 first measurement (rules only)"], [[k, v] for k, v in FIRST_MEASURED.items()]))
    for split, _, _, title in split_groups():
        r = splits.get(split) or {}
        if "learned" not in r:
            if "clean_rows" in r:  # a set of clean rows only
                c = r["clean_rows"]
                parts.append(f"### {title}\n\n好行（专家写法，应无警告）{c['learned']['rows']} 行：有警告或错误的 "
                             f"{c['learned']['flagged']} 行（{c['learned']['rate']:.2%}，学习模型），"
                             f"{c['rules']['flagged']} 行（{c['rules']['rate']:.2%}，仅规则）。\n")
            continue
        parts.append(f"### {title}: {r['rows']} 行，{len(r['sectors'])} 个行业\n")
        parts.append(_split_table(r))
        parts.append("\n" + _table(["set", "rows", "learned P", "learned R", "rules-only P", "rules-only R"], [
            [n, v["rows"], v["learned"]["micro"]["precision"], v["learned"]["micro"]["recall"],
             v["rules"]["micro"]["precision"], v["rules"]["micro"]["recall"]] for n, v in r["sets"].items()]))
        if "clean_rows" in r:
            c = r["clean_rows"]
            parts.append(f"\n好行（专家写法，应无警告）{c['learned']['rows']} 行：有警告或错误的 "
                         f"{c['learned']['flagged']} 行（{c['learned']['rate']:.2%}，学习模型），"
                         f"{c['rules']['flagged']} 行（{c['rules']['rate']:.2%}，仅规则）。\n")
    agreement = splits.get("agreement") or {}
    if agreement:
        parts.append("### 两位标注者的一致程度 / Two labellers\n")
        parts.append("另一位助手只看表（不看原标注、不看代码）把两个盲写集重新标了一遍；把第二位的标注当作“预测”、第一位的当作"
                     "标准答案打分。语义类标签（尤其 vague_wording）两位专家之间也只部分一致，这是任何审核器在这些集上能达到的上限的参考。\n")
        rows = []
        for split, a in agreement.items():
            for fl, v in a["per_flag"].items():
                if v["support"]:
                    rows.append([split, fl, v["precision"], v["recall"], v["support"]])
            rows.append([split, "micro", a["micro"]["precision"], a["micro"]["recall"], ""])
        parts.append(_table(["set", "flag", "P", "R", "support"], rows))
    return "\n".join(parts)


def write_report(out: Path, *, lint: dict[str, Any] | None, suggest: dict[str, Any], retrieval: dict[str, Any],
                 seconds: dict[str, float], corpus_note: str, lint_heldout: dict[str, Any] | None = None,
                 kinds: dict[str, Any] | None = None, lint_splits: dict[str, Any] | None = None) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    parts = [f"# 评测报告 / Evaluation report\n\n生成时间 {_dt.date.today().isoformat()}；{corpus_note}\n"]
    parts.append("## 建议质量（逐表留一）/ Suggestions, leave-one-table-out\n")
    parts.append(f"评测表数：{suggest['tables']}，用时 {seconds['suggest']:.0f} 秒。\n")
    groups = {"engine": suggest["engine"], **suggest["baselines"]}
    parts.append(_table(["指标 metric", *groups], [[m, *[f"{g[m]:.3f}" for g in groups.values()]] for m in METRICS]))
    base = suggest["baselines"]["popular"]["indicator_recall"] or 1e-9
    parts.append(f"\nindicator_recall 相对 popular 基线：**{suggest['engine']['indicator_recall'] / base:.2f} 倍**；"
                 f"相对 lexical 基线：{suggest['engine']['indicator_recall'] / (suggest['baselines']['lexical']['indicator_recall'] or 1e-9):.2f} 倍。\n")
    parts.append("上一版离线引擎（提交 b78250b，2026-11-23，分阶段流水线之前）在 2026-12-02 用同一语料、它自己的逐表留一评测重跑"
                 "（`scripts/previous_engine_recall.sh`）：全部 118 张表 indicator_recall 0.145，其他行业 23 张表 0.064，"
                 "平均每表 8.2 行，人社 95 张表 0.165。现在的引擎每表 10 行，全部、其他行业和人社表上都高于上一版"
                 "（上表与下表的 engine 列；人社表约 0.173）。\n")
    _bar(out / "suggest.png", "Suggestion quality", groups, list(METRICS))
    parts.append("![suggest](suggest.png)\n")
    other = suggest.get("other_sectors")
    if other and other.get("tables"):
        parts.append("### 其他行业的目标表（shared/corpus-extra）/ Tables from other sectors\n")
        parts.append(f"人社以外行业的 {other['tables']} 张表，同一次运行、同样逐表留一；指标库的编写者没有看过这些表。\n")
        og = {n: other[n] for n in ("engine", "ranked", "popular", "lexical") if n in other}
        parts.append(_table(["指标 metric", *og], [[m, *[f"{g[m]:.3f}" for g in og.values()]] for m in METRICS]))
        ob = other["popular"]["indicator_recall"] or 1e-9
        parts.append(f"\nindicator_recall 相对 popular 基线：**{other['engine']['indicator_recall'] / ob:.2f} 倍**。\n")
    facts = suggest.get("facts")
    if facts:
        parts.append("### 项目说明中的事实是否都进了表 / Fact retention\n")
        parts.append(f"{facts['briefs']} 份项目说明（助手扮演财务人员撰写，逐条列出其中写明的数量、比率、资金标准、时限和等级），"
                     f"共 {facts['facts']} 条事实。kept：表中某一行的指标值带有该数字和单位（时限：月日）；in_slot：且在所标的二级指标下。"
                     "第一次测量（改动引擎之前）为 kept 0.748 / in_slot 0.591；之后的改动看过这份数据中的遗漏，所以下面的数字是调整后的。\n")
        parts.append(_facts_table(facts))
        for key, title, note in _FACT_SETS:
            r = facts.get(key)
            if r:
                parts.append(f"{title}：{r['briefs']} 份项目说明，{r['facts']} 条事实。{note}\n")
                parts.append(_facts_table(r))
    if kinds is not None:
        parts.append("## 项目类型识别 / Project kinds\n")
        parts.append(f"{kinds['names']} 个标注的项目名称（标注者只看到类型名称和行业，没有看到识别方法）。权重在 tune 一半上选定，"
                     "heldout 一半没有参与选择；keyword 是同一次运行中只用关键词的基线。\n")
        parts.append(_table(["split", "names", "top1", "top3", "keyword top1", "keyword top3"],
                            [[p, kinds[p]["names"], kinds[p]["top1"], kinds[p]["top3"], kinds[p]["keyword_top1"],
                              kinds[p]["keyword_top3"]] for p in ("tune", "heldout", "all")]))
        parts.append("")

    parts.append("## 检索（逐表留一）/ Retrieval, leave-one-table-out\n")
    modes = [k for k in retrieval if isinstance(retrieval[k], dict)]
    k = retrieval.get("k", 10)
    parts.append(_table(["方式 mode", "分词 tokenizer", f"recall@{k}", "MRR", "p50 ms"],
                        [[m, retrieval[m]["tokenizer"], retrieval[m][f"recall@{k}"], retrieval[m]["mrr"],
                          retrieval[m]["p50_ms"]] for m in modes]))
    _bar(out / "retrieval.png", "Retrieval", {m: {"recall": retrieval[m][f"recall@{k}"], "mrr": retrieval[m]["mrr"]}
                                              for m in modes}, ["recall", "mrr"])
    parts.append(f"\n评测表数：{retrieval['tables']}，用时 {seconds['retrieval']:.0f} 秒。\n\n![retrieval](retrieval.png)\n")

    if lint_splits is not None:
        parts.append(_splits_section(lint_splits))
    if lint is not None and lint_splits is None:  # the split section already shows the dev set
        parts.append("## 规则检查（人工标注开发集）/ Lint, hand-labelled development set\n")
        parts.append("规则是对照这个开发集调整的，所以这里的数字偏乐观；下面的留出集更接近真实水平。\n")
        parts.append(_lint_table(lint))
        parts.append(f"\n用时 {seconds['lint']:.1f} 秒。\n")
    if lint_heldout is not None and lint_splits is None:
        parts.append("## 规则检查（留出集，未用于调整规则）/ Lint, held-out set\n")
        parts.append(f"{lint_heldout['rows']['scored']} 行，来自开发集之外的其他行业目标表，标注时未参考规则输出。"
                     f"其中 {lint_heldout['clean_rows']['labelled']} 行无问题，被误报的有 "
                     f"{lint_heldout['clean_rows']['flagged']} 行；有问题的行很少，召回率只能作参考。\n")
        parts.append(_lint_table(lint_heldout))
    parts.append("\n## 原始数据 / Raw figures\n\n```json\n" + json.dumps(
        {"suggest": suggest, "retrieval": retrieval, "lint": _without_errors(lint),
         "lint_heldout": _without_errors(lint_heldout), "lint_splits": _without_errors(lint_splits),
         "kinds": {k: v for k, v in (kinds or {}).items() if k != "heldout_misses"} or None},
        ensure_ascii=False, indent=1) + "\n```\n")
    path = out / "report.md"
    path.write_text("\n".join(parts), encoding="utf-8")
    return path


def _without_errors(x: Any) -> Any:
    """The raw figures without the per-row disagreement lists (long; `zhibiao eval lint --json` prints them)."""
    if isinstance(x, dict):
        return {k: _without_errors(v) for k, v in x.items() if k != "errors"}
    return x


def timed(fn: Any, *a: Any, **kw: Any) -> tuple[Any, float]:
    t0 = time.perf_counter()
    return fn(*a, **kw), time.perf_counter() - t0
