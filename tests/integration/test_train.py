"""`zhibiao train` rebuilds the shipped lint models byte for byte, and they stay small."""

from __future__ import annotations

import hashlib

import pytest

from assistant.cli import main
from assistant.lint.learned import MODEL_DIR


@pytest.mark.slow
def test_train_rebuilds_the_shipped_models_byte_identically(tmp_path, capsys):
    assert main(["train", "lint", "--out", str(tmp_path)]) == 0
    for name in ("category.npz", "flags.npz"):
        shipped = (MODEL_DIR / name).read_bytes()
        assert len(shipped) < 2_000_000
        # Compared by digest: pytest's diff of two megabytes of bytes takes many minutes when they differ.
        fresh = hashlib.sha256((tmp_path / name).read_bytes()).hexdigest()
        assert fresh == hashlib.sha256(shipped).hexdigest(), f"{name} differs from a fresh build (run zhibiao train lint)"
    assert '"lint"' in capsys.readouterr().out


def test_unknown_artefact_is_a_clear_error(capsys):
    assert main(["train", "nope"]) == 2
    assert "未知的模型" in capsys.readouterr().err


def test_artefacts_are_a_registry():
    from assistant.commands.train import ARTEFACTS

    assert callable(ARTEFACTS["lint"])
