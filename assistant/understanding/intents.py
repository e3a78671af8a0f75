"""What a question asks for, learned from examples rather than matched word by word.

Each intent has 25-35 example questions in intent_examples.json, written the way parents,
councillors and officers phrase them (lowercase, typos, "my son", tag questions), with {area}
where an area name goes. A question is embedded with the model already loaded for retrieval,
its area names masked the same way, and compared with every example: an intent's score is the
mean similarity of its closest few examples. The best intent wins when it scores at least
MIN_SCORE and beats the runner-up by MARGIN; otherwise the question is "open" and goes to the
reader. Adding a question shape means adding examples and one handler; slots (areas, years,
themes, document kinds) stay deterministic (assistant.understand).
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.areas import find_areas
from assistant.embeddings import Embedder
from assistant.question_words import theme_spans

EXAMPLES_PATH = Path(__file__).resolve().parent / "intent_examples.json"
AREA_MASK = "the area"
TOPIC_MASK = "this"
TOP_N = 3  # an intent's score: mean similarity of its TOP_N closest examples
# Fitted on the development questions (evals v1-v3 and blind-1), see evals/README.md.
MIN_SCORE = 0.45
MARGIN = 0.0

# Which answer shape each intent asks for (assistant.understand.Shape).
INTENT_SHAPES: dict[str, str] = {
    "verdict": "verdict", "outcome": "verdict", "summary": "summary",
    "list_findings": "list", "not_fixed": "list", "which_areas": "list", "count": "count",
    "date": "date", "people": "other", "reason": "other", "compare": "comparison",
    "practice": "other", "definition": "other", "coverage": "coverage",
    "personal": "personal", "advice": "advice", "prediction": "prediction", "open": "other",
}  # fmt: skip
INTENTS = tuple(INTENT_SHAPES)

@dataclass(frozen=True)
class IntentGuess:
    intent: str
    score: float  # the winning intent's score
    margin: float  # its lead over the runner-up


def load_examples(path: Path = EXAMPLES_PATH) -> dict[str, list[str]]:
    """The example table; an unknown intent name in the file is an error, not ignored."""
    data: dict[str, list[str]] = json.loads(path.read_text(encoding="utf-8"))
    unknown = sorted(set(data) - set(INTENTS))
    if unknown:
        raise ValueError(f"{path.name}: unknown intents {unknown}; known: {', '.join(INTENTS)}")
    return data


def mask_areas(text: str, known_areas: Sequence[str]) -> str:
    """Area names say where and theme words say what about, not what is asked: replace both
    so the intent is read from the form of the question ("did ... make progress on ...?")."""
    text = text.replace("{area}", AREA_MASK)
    spans = [(m.start, m.end, AREA_MASK) for m in find_areas(text, known_areas)]
    spans += [(a, b, TOPIC_MASK) for a, b in theme_spans(text)]
    end = len(text) + 1
    for start, stop, mask in sorted(spans, key=lambda s: -s[0]):
        if stop <= end:  # overlapping spans: the later-starting one is already masked
            text = f"{text[:start]}{mask}{text[stop:]}"
            end = start
    return " ".join(text.split())


def precise_intent(text: str) -> str | None:
    """The few cues that beat the classifier on the development sets (evals/README.md): the
    embedding of a short question is dominated by its subject, so "when did the inspectors
    revisit?" lands near the questions about inspectors unless the question word decides."""
    for intent, pattern in _PRECISE:
        if pattern.search(text):
            return intent
    return None


_PRECISE = (
    ("count", re.compile(r"\bhow (?:many|much)\b|\bnumber of\b|\bhow long\b(?! ago)", re.I)),
    ("date", re.compile(r"^\W*(?:(?:and|so|but|ok)\W+)?when\b|\b(?:what|which) (?:date|day|month"
                        r"|year)\b", re.I)),
    ("people", re.compile(r"^\W*(?:(?:and|so|but|ok)\W+)?who\b", re.I)),
    ("which_areas", re.compile(r"^\W*(?:(?:and|so|but|ok)\W+)?(?:which|what) (?:other )?(?:local )?"
                               r"(?:areas|councils|partnerships|places|boroughs)\b"
                               r"(?!.*\b(?:you|this tool|covered|included)\b)", re.I)),
    ("prediction", re.compile(r"^\W*(?:(?:and|so|but|ok)\W+)?will\b", re.I)),
    ("reason", re.compile(r"^\W*(?:(?:and|so|but|ok)\W+)?(?:why|how come)\b", re.I)),
)


class IntentClassifier:
    """Nearest examples by cosine similarity, with a floor and a margin."""

    def __init__(
        self,
        embedder: Embedder,
        examples: dict[str, list[str]] | None = None,
        known_areas: Sequence[str] = (),
    ) -> None:
        self._embedder = embedder
        self.examples = examples if examples is not None else load_examples()
        self.known_areas = tuple(known_areas)
        self._labels: list[str] = []
        self._vectors: np.ndarray | None = None
        self._lock = threading.Lock()

    def _matrix(self) -> tuple[list[str], np.ndarray]:
        with self._lock:
            if self._vectors is None:
                pairs = [(i, mask_areas(t, ())) for i, ts in self.examples.items() for t in ts]
                self._labels = [i for i, _ in pairs]
                self._vectors = _cached_vectors([t for _, t in pairs], self._embedder)
            return self._labels, self._vectors

    def scores(self, text: str) -> dict[str, float]:
        labels, matrix = self._matrix()
        masked = mask_areas(text, self.known_areas)
        query = np.asarray(self._embedder.embed_query(masked), dtype=np.float32)
        sims = matrix @ query
        out: dict[str, float] = {}
        for intent in self.examples:
            mine = np.sort(sims[[i for i, lab in enumerate(labels) if lab == intent]])[::-1]
            out[intent] = float(mine[:TOP_N].mean()) if len(mine) else 0.0
        return out

    def __call__(self, text: str) -> IntentGuess:
        precise = precise_intent(text)
        if precise:
            return IntentGuess(precise, 1.0, 1.0)
        ranked = sorted(self.scores(text).items(), key=lambda kv: -kv[1])
        (best, score), runner = ranked[0], ranked[1][1] if len(ranked) > 1 else 0.0
        if score < MIN_SCORE or score - runner < MARGIN:
            return IntentGuess("open", score, score - runner)
        return IntentGuess(best, score, score - runner)


_VECTOR_CACHE: dict[str, np.ndarray] = {}
_CACHE_LOCK = threading.Lock()


def _cached_vectors(texts: list[str], embedder: Embedder) -> np.ndarray:
    """The examples are embedded once per process and model (services share them)."""
    digest = hashlib.sha256("\n".join(texts).encode()).hexdigest()
    key = f"{embedder.name}:{digest}"
    with _CACHE_LOCK:
        if key not in _VECTOR_CACHE:
            _VECTOR_CACHE[key] = np.asarray(embedder.embed_documents(texts), dtype=np.float32)
        return _VECTOR_CACHE[key]
