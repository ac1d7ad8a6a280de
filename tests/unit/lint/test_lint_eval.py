"""The lint scorer (evaluation/lint_eval.py): per-flag and micro/macro precision and recall."""

from __future__ import annotations

from assistant.models import GoalTable, Indicator, LintLabel
from evaluation.lint_eval import evaluate_lint, format_report


def test_scores_against_labels():
    t = GoalTable(id="t", indicators=[
        Indicator(level1="产出指标", level2="数量指标", level3="培训人次", value="≥100人次"),  # clean
        Indicator(level1="效益指标", level2="社会效益指标", level3="农民工权益维护率", value="效果明显"),  # vague
        Indicator(level1="满意度指标", level2="服务对象满意度指标", level3="满意度调查得分率", value="≥90"),
    ])
    labels = [
        LintLabel(table_id="t", row=0, flags=[]),
        LintLabel(table_id="t", row=1, flags=["vague_value"]),
        LintLabel(table_id="t", row=2, flags=["wrong_direction"]),  # deliberately not what is predicted
        LintLabel(table_id="missing", row=0, flags=["vague_value"]),
    ]
    r = evaluate_lint([t], labels)
    assert r["rows"] == {"scored": 3, "unmatched": 1, "exact": 2}
    assert r["per_flag"]["vague_value"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "support": 1,
                                            "tp": 1, "fp": 0, "fn": 0}
    assert r["per_flag"]["no_unit_or_comparator"]["fp"] == 1
    assert r["per_flag"]["wrong_direction"]["fn"] == 1
    assert r["micro"] == {"precision": 0.5, "recall": 0.5, "f1": 0.5}
    assert r["macro"]["precision"] == round((1 + 0 + 0) / 3, 4)
    assert "micro" in format_report(r)


def test_counts_false_alarms_on_clean_rows():
    t = GoalTable(id="t", indicators=[
        Indicator(level1="产出指标", level2="数量指标", level3="培训人次", value="≥100人次"),
        Indicator(level1="满意度指标", level2="服务对象满意度指标", level3="满意度调查得分率", value="≥90"),
    ])
    labels = [LintLabel(table_id="t", row=0, flags=[]), LintLabel(table_id="t", row=1, flags=[])]
    assert evaluate_lint([t], labels)["clean_rows"] == {"labelled": 2, "flagged": 1}
