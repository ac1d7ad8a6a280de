"""The ranking stage's model: its format, determinism, and that the engine orders by it when given one."""

from __future__ import annotations

import pytest

from assistant.authoring.ranking import FEATURES, Ranker, fit, grouped_folds


def test_a_model_round_trips_and_one_for_other_features_is_refused():
    r = fit([({"support": s / 10}, int(s >= 6)) for s in range(10)] * 3)
    assert Ranker.from_json(r.to_json()) == Ranker.from_json(r.to_json())
    with pytest.raises(ValueError, match="zhibiao train"):
        Ranker.from_json('{"features": ["x"], "coef": [1.0], "intercept": 0}')


def test_fit_is_deterministic_and_learns_the_signal():
    rows = [({"support": s / 10, "overlap": (s * 7 % 10) / 10}, int(s >= 6)) for s in range(10)] * 5
    a, b = fit(rows), fit(rows)
    assert a == b
    assert a.score({"support": 0.9}) > a.score({"support": 0.1})
    assert len(a.coef) == len(FEATURES)


def test_folds_are_fixed_by_id():
    f = grouped_folds(["t1", "t2", "t3", "t1"])
    assert f == grouped_folds(["t3", "t2", "t1"]) and set(f.values()) <= set(range(5))


def test_the_engine_orders_candidates_by_a_given_model():
    from assistant.authoring.candidates import Draft
    from assistant.authoring.ranking import order
    from assistant.values import TargetValue

    first_wins = Ranker(tuple(1.0 if n == "lib_order" else 0.0 for n in FEATURES), 0.0)
    last_wins = Ranker(tuple(-1.0 if n == "lib_order" else 0.0 for n in FEATURES), 0.0)
    drafts = [Draft("quality", f"指标{i}", "", TargetValue.parse("100%"), "", "", "convention",
                     feats={"from_library": 1.0, "lib_order": 1 / (1 + i)}) for i in range(3)]
    assert [d.level3 for d in order(drafts, first_wins)] == ["指标0", "指标1", "指标2"]
    assert [d.level3 for d in order(drafts, last_wins)] == ["指标2", "指标1", "指标0"]
    assert [d.level3 for d in order(drafts, None)] == ["指标0", "指标1", "指标2"]  # the candidate stage's order


def test_without_a_model_library_rows_comparable_projects_measure_come_first():
    from assistant.authoring.candidates import Draft
    from assistant.authoring.ranking import order
    from assistant.values import TargetValue

    def draft(name: str, **feats: float) -> Draft:
        return Draft("quality", name, "", TargetValue.parse("100%"), "", "", "convention", feats=feats)

    drafts = [draft("同类项目指标", from_corpus=1.0), draft("作者第一", from_library=1.0),
              draft("有标准", from_library=1.0, standard=1.0), draft("同类也用", from_library=1.0, support=1 / 3),
              draft("通用且同类也用", generic=1.0, support=2 / 3), draft("通用", generic=1.0)]
    drafts[-2].generic = drafts[-1].generic = True
    # A comparable project's own row stays in front; then what comparable projects (or a standard) back, in the
    # author's order; then the rest, in the author's order.
    assert [d.level3 for d in order(drafts, None)] == ["同类项目指标", "有标准", "同类也用", "通用且同类也用",
                                                      "作者第一", "通用"]
