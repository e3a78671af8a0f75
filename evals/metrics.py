"""Pure scoring functions for the eval harness: no I/O, no service, easy to table-test."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Collection, Mapping, Sequence
from pathlib import PurePosixPath

_SINGLE_QUOTES = re.compile(r"[\u2018\u2019\u201a\u201b`]")
_DOUBLE_QUOTES = re.compile(r"[\u201c\u201d\u201e]")
_HTML_TAG = re.compile(r"<[^>]+>")
_HEADING = re.compile(r"^#+\s*", re.MULTILINE)
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Casefold, straighten quotes, drop markdown/HTML markup and collapse whitespace.

    Evidence is compared after this, so a cleaner that joins lines or strips `**` cannot break it.
    """
    text = unicodedata.normalize("NFKC", text)
    text = _SINGLE_QUOTES.sub("'", text)
    text = _DOUBLE_QUOTES.sub('"', text)
    text = _HTML_TAG.sub(" ", text)
    text = text.replace("**", "").replace("__", "")
    text = _HEADING.sub("", text)
    return _SPACE.sub(" ", text).strip().casefold()


def missing_patterns(answer_text: str, must_match: Sequence[str]) -> list[str]:
    """The regexes (case-insensitive) that the answer does not match."""
    return [p for p in must_match if not re.search(p, answer_text, re.IGNORECASE)]


def answer_correct(answer_text: str, must_match: Sequence[str]) -> bool:
    """A correct answer matches every regex; an empty answer is never correct."""
    return bool(answer_text.strip()) and not missing_patterns(answer_text, must_match)


def _citation_text(citation: object) -> str:
    if isinstance(citation, str):
        return citation
    if isinstance(citation, Mapping):
        return str(citation.get("text", ""))
    return str(getattr(citation, "text", ""))


def citation_supported(citations: Sequence[object], evidence: str | Sequence[str]) -> bool:
    """True when any cited passage holds any of the evidence strings (normalised substring).

    `citations` may be Citation objects, dicts with "text", or plain strings.
    """
    wanted = [evidence] if isinstance(evidence, str) else list(evidence)
    needles = [normalise(e) for e in wanted if e.strip()]
    if not needles:
        return False
    texts = [normalise(_citation_text(c)) for c in citations]
    return any(needle in text for needle in needles for text in texts)


def abstention_accuracy(abstained_on_unanswerable: Sequence[bool]) -> float | None:
    """Share of unanswerable cases where the system abstained (higher is better)."""
    return _share(abstained_on_unanswerable)


def false_refusal_rate(abstained_on_answerable: Sequence[bool]) -> float | None:
    """Share of answerable cases where the system wrongly abstained (lower is better)."""
    return _share(abstained_on_answerable)


def _share(flags: Sequence[bool]) -> float | None:
    return sum(1 for f in flags if f) / len(flags) if flags else None


def source_file(source: str) -> str:
    """'sub/x.txt#part-2' -> 'x.txt': retrieval is scored on the file, not the part."""
    return PurePosixPath(source.split("#", 1)[0].replace("\\", "/")).name


def _expected_files(expected: str | Collection[str]) -> set[str]:
    items = [expected] if isinstance(expected, str) else list(expected)
    return {source_file(e) for e in items if e}


def first_rank(sources: Sequence[str], expected: str | Collection[str]) -> int | None:
    """1-based rank of the first result from an expected file, or None."""
    wanted = _expected_files(expected)
    for rank, source in enumerate(sources, start=1):
        if source_file(source) in wanted:
            return rank
    return None


def hit_at_k(sources: Sequence[str], expected: str | Collection[str], k: int = 5) -> bool:
    rank = first_rank(sources, expected)
    return rank is not None and rank <= k


def reciprocal_rank(sources: Sequence[str], expected: str | Collection[str]) -> float:
    rank = first_rank(sources, expected)
    return 1.0 / rank if rank else 0.0


def percentile(values: Sequence[float], pct: float) -> float | None:
    """Linear-interpolated percentile (pct in 0..100), as numpy's default; None when empty."""
    if not values:
        return None
    if not 0 <= pct <= 100:
        raise ValueError(f"percentile must be between 0 and 100, got {pct}")
    ordered = sorted(values)
    pos = (len(ordered) - 1) * pct / 100
    low, high = math.floor(pos), math.ceil(pos)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None
