"""The BM25 index (bm25s: sparse score matrix), saved beside the store and loaded at start.

Tokenizing and indexing every passage costs seconds at the corpus size and minutes at 100x, so
the index is saved under `data_dir/bm25/<collection>/<generation>/` (the store's generation
changes at each ingest that changed something) and loaded instead of rebuilt while the
generation stands. A saved index is used only when it lists exactly the passages the store
holds now, in the same order; otherwise it is rebuilt and saved again.
"""

from __future__ import annotations

import json
import logging
import shutil
import tempfile
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path

import bm25s
import numpy as np

from core.models import Passage

# Bump when the tokenizer or the BM25 parameters change: saved indexes are then rebuilt.
INDEX_VERSION = "5"
_MANIFEST = "passages.json"
log = logging.getLogger(__name__)
logging.getLogger("bm25s").setLevel(logging.WARNING)  # no progress chatter in the server log


class SparseIndex:
    """BM25 scores of every passage for a query's terms, as rank_bm25's BM25Okapi scored them.

    The evals were tuned on BM25Okapi, whose IDF gives a term found in over half the passages
    ("area", "send") a quarter of the mean IDF instead of nothing. bm25s stores ATIRE scores
    (the same term-frequency part, IDF log(N/df)), so each query term's column is re-weighted
    by okapi_idf / atire_idf: the same ranking as before (Lucene's or Robertson's IDF each
    lost two eval cases).
    """

    def __init__(self, bm25: bm25s.BM25 | None, chunk_ids: Sequence[str]) -> None:
        self.bm25 = bm25
        self.chunk_ids = list(chunk_ids)
        self._weights = _okapi_weights(bm25) if bm25 is not None else np.zeros(0)

    @classmethod
    def build(cls, corpus: list[list[str]], chunk_ids: Sequence[str]) -> SparseIndex:
        if not corpus:
            return cls(None, [])
        bm25 = bm25s.BM25(k1=1.5, b=0.75, method="atire")
        bm25.index(corpus, show_progress=False)
        return cls(bm25, chunk_ids)

    def ranked(self, terms: list[str]) -> np.ndarray:
        """Row numbers of the passages holding a query term, best first (ties: row order)."""
        if self.bm25 is None:
            return np.zeros(0, dtype=np.int64)
        matrix = self.bm25.scores
        data, rows_of, starts = matrix["data"], matrix["indices"], matrix["indptr"]
        scores = np.zeros(int(matrix["num_docs"]), dtype=np.float64)
        hit = np.zeros(len(scores), dtype=bool)
        for token in self.bm25.get_tokens_ids(terms):  # a repeated term counts again
            part = slice(starts[token], starts[token + 1])
            scores[rows_of[part]] += self._weights[token] * data[part]
            hit[rows_of[part]] = True
        rows = np.flatnonzero(hit)  # passages holding none of the terms are never returned
        return rows[np.argsort(-scores[rows], kind="stable")]

    def save(self, folder: Path) -> None:
        """Write to a temporary folder, then rename: readers never see half an index."""
        if self.bm25 is None:
            return
        folder.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=folder.parent))
        try:
            self.bm25.save(str(tmp), show_progress=False)
            manifest = {"version": INDEX_VERSION, "chunk_ids": self.chunk_ids}
            (tmp / _MANIFEST).write_text(json.dumps(manifest))
            tmp.rename(folder)
        except OSError:  # another process saved the same generation first: theirs is kept
            shutil.rmtree(tmp, ignore_errors=True)

    @classmethod
    def load(cls, folder: Path, chunk_ids: Sequence[str]) -> SparseIndex | None:
        """The saved index when it is of this version and lists these passages, else None."""
        try:
            manifest = json.loads((folder / _MANIFEST).read_text())
            if manifest.get("version") != INDEX_VERSION or manifest["chunk_ids"] != list(
                    chunk_ids):
                return None
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                bm25 = bm25s.BM25.load(str(folder), show_progress=False)
        except (OSError, ValueError, KeyError) as exc:  # missing or damaged: rebuilt, not fatal
            if not isinstance(exc, FileNotFoundError):
                log.warning("rebuilding the BM25 index at %s: %s", folder, exc)
            return None
        return cls(bm25, chunk_ids)


def _okapi_weights(bm25: bm25s.BM25) -> np.ndarray:
    """Per token: BM25Okapi's IDF (negative ones floored at 0.25 x the mean) over log(N/df)."""
    starts = np.asarray(bm25.scores["indptr"])
    n = float(bm25.scores["num_docs"])
    df = np.diff(starts).astype(np.float64)
    present = (df > 0) & (df < n)  # log(N/df) is 0 for a term in every passage: weight 0
    okapi = np.log(n - df + 0.5) - np.log(df + 0.5)
    floor = 0.25 * float(okapi[df > 0].mean()) if (df > 0).any() else 0.0
    okapi = np.where(okapi < 0, floor, okapi)
    atire = np.log(n / np.where(df > 0, df, 1.0))
    return np.where(present, okapi / np.where(present, atire, 1.0), 0.0)


def load_or_build(root: Path, generation: str, passages: Sequence[Passage],
                  tokenize: Callable[[str], list[str]]) -> SparseIndex:
    """The index of these passages: loaded from root/<generation> when saved, else built and
    saved there (older generations are deleted). An empty generation is never saved."""
    chunk_ids = [p.chunk_id for p in passages]
    folder = root / generation if generation else None
    if folder is not None and (found := SparseIndex.load(folder, chunk_ids)) is not None:
        return found
    index = SparseIndex.build([tokenize(f"{p.context}\n{p.text}") for p in passages], chunk_ids)
    if folder is not None:
        shutil.rmtree(folder, ignore_errors=True)  # a stale or damaged save of this generation
        index.save(folder)
        for old in root.iterdir():
            if old.name != generation and not old.name.startswith(".tmp-"):
                shutil.rmtree(old, ignore_errors=True)
    return index
