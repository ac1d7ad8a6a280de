"""Evaluation: lint accuracy against hand labels, retrieval and suggestion quality leave-one-table-out,
each compared in the same run with simple baselines; `zhibiao eval report` writes a markdown report."""
