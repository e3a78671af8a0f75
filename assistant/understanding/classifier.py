"""The process-wide intent classifier on the configured embedding model."""

from __future__ import annotations

import threading

from assistant.config import get_settings
from assistant.embeddings import LazyEmbedder
from assistant.understanding.intents import IntentClassifier

_SHARED: IntentClassifier | None = None
_LOCK = threading.Lock()


def shared_classifier() -> IntentClassifier:
    global _SHARED
    with _LOCK:
        if _SHARED is None:
            _SHARED = IntentClassifier(LazyEmbedder(get_settings()))
        return _SHARED
