"""One index over the shipped corpus for the engine tests of this folder (building it costs ~15 s)."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def shipped():
    """(tables by id, the offline composer wired as the app wires it: USE, kinds by meaning)."""
    import tempfile
    from pathlib import Path

    from assistant.authoring.compose import OfflineComposer
    from assistant.authoring.kinds import KindClassifier
    from assistant.embeddings import NameSimilarity, get_embedder
    from assistant.index import CorpusIndex
    from assistant.lint import lint_row
    from assistant.services import row_quality
    from assistant.settings import SHIPPED_CORPUS, load_settings
    from corpus.ingest import ingest_paths

    tables = ingest_paths([SHIPPED_CORPUS]).tables
    settings = load_settings(data_dir=Path(tempfile.mkdtemp(prefix="zhibiao-shipped-")))
    index = CorpusIndex.open(settings, get_embedder("use"), row_quality=row_quality)
    index.build(tables)
    kinds = KindClassifier(embedder=index.embedder, embedder_name="use")
    composer = OfflineComposer(index, lint_row, similarity=NameSimilarity(index.embedder), kinds=kinds)
    return {t.id: t for t in tables}, composer
