"""The process-wide intent classifier on the configured embedding model."""

from __future__ import annotations

import threading

from assistant.understanding.intents import IntentClassifier
from core.config import get_settings
from core.embeddings import LazyEmbedder

_SHARED: IntentClassifier | None = None
_LOCK = threading.Lock()


def shared_classifier() -> IntentClassifier:
    global _SHARED
    with _LOCK:
        if _SHARED is None:
            _SHARED = IntentClassifier(LazyEmbedder(get_settings()))
        return _SHARED
