"""The HTTP API through a real uvicorn server over a real store, embedder and answerer."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from conftest_edges import LiveServer, edge_corpus, live_server  # noqa: F401  (fixtures)

from core.config import Settings
from core.models import DOC_TYPES, Answer

CITE = re.compile(r"\[(\d+)\]")


@pytest.fixture(scope="module")
def client(live_server: LiveServer) -> Iterator[httpx.Client]:  # noqa: F811
    with httpx.Client(base_url=live_server.url, timeout=180) as c:
        yield c


def squash(text: str) -> str:
    """Whitespace-insensitive form, to find a passage inside its document's text."""
    return " ".join(text.split())


def test_health_counts_documents_and_chunks(client: httpx.Client) -> None:
    body = client.get("/api/health").json()
    listed = client.get("/api/documents").json()["documents"]
    assert body["status"] == "ok"
    assert body["documents"] == len(listed) >= 7  # 7 files; the Windsor pack may split in two
    assert body["chunks"] > body["documents"]


ASK_CASES = [
    # (question, regex the cited evidence must contain, area it comes from)
    (
        "What was the outcome of the East Sussex area SEND inspection?",
        r"inconsistent experiences and\s+outcomes",
        "East Sussex",
    ),
    (
        "Did Wandsworth make sufficient progress in addressing its significant weaknesses?",
        r"made sufficient progress",
        "Wandsworth",
    ),
    (
        "How has support for transition to adulthood changed in Wokingham?",
        r"adult",
        "Wokingham",
    ),
]


@pytest.mark.parametrize(("question", "evidence", "area"), ASK_CASES)
def test_ask_cites_passages_that_hold_the_evidence(
    client: httpx.Client, question: str, evidence: str, area: str
) -> None:
    response = client.post("/api/ask", json={"question": question})
    assert response.status_code == 200, response.text
    answer = Answer.model_validate(response.json())
    assert not answer.abstained, answer.answer
    numbers = {c.n for c in answer.citations}
    cited = [int(n) for n in CITE.findall(answer.answer)]
    assert cited, f"no [n] in the answer: {answer.answer}"
    assert set(cited) <= numbers, f"[n] not among the citations: {answer.answer}"
    used = [c for c in answer.citations if c.n in cited]
    assert any(c.area == area and re.search(evidence, c.text, re.I) for c in used), [
        (c.n, c.area, c.text[:120]) for c in used
    ]


def test_citations_are_exact_passages_of_their_documents(client: httpx.Client) -> None:
    question = "Did Wandsworth make sufficient progress on EHC plans?"
    answer = Answer.model_validate(client.post("/api/ask", json={"question": question}).json())
    assert answer.citations
    for c in answer.citations:
        doc = client.get(f"/api/documents/{c.doc_id}").json()
        assert (doc["title"], doc["area"], doc["date"]) == (c.title, c.area, c.date)
        assert squash(c.text) in squash(doc["text"]), f"[{c.n}] is not a passage of {c.doc_id}"


def test_ask_abstains_when_the_documents_do_not_say(client: httpx.Client) -> None:
    question = "What did the inspection of Leeds find about speech therapy in 2030?"
    body = client.post("/api/ask", json={"question": question}).json()
    answer = Answer.model_validate(body)
    assert answer.abstained, answer.answer
    numbers = {c.n for c in answer.citations}
    assert {int(n) for n in CITE.findall(answer.answer)} <= numbers


def test_ask_respects_filters_and_accepts_history(client: httpx.Client) -> None:
    body = {
        "question": "What did inspectors find about EHC plans?",
        "history": [
            {"role": "user", "content": "Tell me about Wandsworth."},
            {"role": "assistant", "content": "Wandsworth was revisited in June 2022."},
        ],
        "filters": {"area": ["Wandsworth"], "doc_type": ["revisit_letter"]},
    }
    response = client.post("/api/ask", json=body)
    assert response.status_code == 200, response.text
    citations = response.json()["citations"]
    assert citations
    assert {(c["area"], c["doc_type"]) for c in citations} == {("Wandsworth", "revisit_letter")}


def _search(client: httpx.Client, **params: Any) -> list[dict[str, Any]]:
    response = client.get("/api/search", params=params)
    assert response.status_code == 200, response.text
    results: list[dict[str, Any]] = response.json()["results"]
    return results


def test_search_ranks_and_filters(client: httpx.Client) -> None:
    results = _search(client, q="EHC plans annual reviews", k=5)
    assert 0 < len(results) <= 5
    scores = [r["score"] for r in results]
    assert scores == sorted(scores, reverse=True)
    by_area = _search(client, q="EHC plans", area="Wokingham", k=10)
    assert by_area and {r["area"] for r in by_area} == {"Wokingham"}
    reports = _search(client, q="inspection outcome", doc_type="inspection_report")
    assert reports and {r["doc_type"] for r in reports} == {"inspection_report"}
    two = _search(client, q="progress", area=["Wandsworth", "Worcestershire"], k=20)
    assert two and {r["area"] for r in two} <= {"Wandsworth", "Worcestershire"}
    dated = _search(client, q="progress", date_from="2021-01-01", date_to="2021-12-31")
    assert dated and all(r["date"] and "2021-01-01" <= r["date"] <= "2021-12-31" for r in dated)


def test_documents_list_detail_and_unknown(client: httpx.Client) -> None:
    docs = client.get("/api/documents").json()["documents"]
    assert {d["doc_type"] for d in docs} <= set(DOC_TYPES)
    assert {"Wokingham", "Wandsworth", "East Sussex", "Herefordshire"} <= {d["area"] for d in docs}
    assert all("text" not in d for d in docs)
    first = docs[0]
    detail = client.get(f"/api/documents/{first['doc_id']}").json()
    assert {k: detail[k] for k in first} == first
    assert len(detail["text"]) > 500
    missing = client.get("/api/documents/no-such-document")
    assert missing.status_code == 404
    assert "no-such-document" in missing.json()["detail"]


def test_findings_endpoint_matches_the_service(
    client: httpx.Client, live_server: LiveServer  # noqa: F811
) -> None:
    everything = client.get("/api/findings").json()["findings"]
    assert everything, "no findings extracted from the revisit letters and reports"
    params = {"area": "Wokingham", "kind": "significant_weakness"}
    wokingham = client.get("/api/findings", params=params).json()["findings"]
    assert wokingham
    assert {(f["area"], f["kind"]) for f in wokingham} == {("Wokingham", "significant_weakness")}
    service_rows = live_server.service.findings(**params)  # type: ignore[attr-defined]
    assert [f["finding_id"] for f in wokingham] == [f.finding_id for f in service_rows]
    theme = wokingham[0]["theme"]
    themed = client.get("/api/findings", params={"theme": theme}).json()["findings"]
    assert themed and {f["theme"] for f in themed} == {theme}


BAD_REQUESTS = [
    # (method, path, json body or query params, expected status, words expected in the detail)
    ("POST", "/api/ask", {"question": ""}, 422, "empty"),
    ("POST", "/api/ask", {"question": "   \n "}, 422, "empty"),
    ("POST", "/api/ask", {"question": "x" * 2000}, 422, "too long"),
    ("POST", "/api/ask", {"question": "\u200b\U000e0041 \x07"}, 422, "empty"),  # hidden only
    ("POST", "/api/ask", {"question": "and then?",
                          "history": [{"role": "user", "content": "did Bury improve?"}] * 41},
     413, "at most the last 40"),
    ("POST", "/api/ask", {"question": "q", "history": [{"role": "user", "content": "x" * 300_000}]},
     413, "request body is over"),
    ("POST", "/api/ask", {}, 422, "question"),
    ("POST", "/api/ask", {"question": 42}, 422, "question"),
    ("POST", "/api/ask", {"question": "EHC plans?", "filters": {"colour": ["red"]}}, 422, "colour"),
    ("POST", "/api/ask", {"question": "EHC?", "filters": {"doc_type": ["memo"]}}, 422, "doc_type"),
    ("POST", "/api/ask", {"question": "EHC?", "filters": {"date_from": "2021-02-30"}}, 422, "date"),
    (
        "POST", "/api/ask",
        {"question": "EHC?", "filters": {"date_from": "2022-01-01", "date_to": "2021-01-01"}},
        422, "after",
    ),
    ("POST", "/api/ask", {"question": "EHC?", "history": [{"role": "bot", "content": "x"}]}, 422,
     "role"),
    ("POST", "/api/ask", {"question": "EHC?", "mood": "curious"}, 422, "mood"),
    ("POST", "/api/ask", '{"question": "EHC plans?"', 422, "Malformed JSON"),
    ("POST", "/api/ask", "[1, 2]", 422, ""),
    ("GET", "/api/search", {}, 422, "q"),
    ("GET", "/api/search", {"q": ""}, 422, "empty"),
    ("GET", "/api/search", {"q": "EHC", "k": 0}, 422, "k"),
    ("GET", "/api/search", {"q": "EHC", "k": 101}, 422, "k"),
    ("GET", "/api/search", {"q": "EHC", "k": "ten"}, 422, "k"),
    ("GET", "/api/search", {"q": "EHC", "doc_type": "memo"}, 422, "doc_type"),
    ("GET", "/api/search", {"q": "EHC", "date_to": "yesterday"}, 422, "date_to"),
    ("GET", "/api/search", {"q": "EHC", "doctype": "revisit_letter"}, 422, "doctype"),
    ("GET", "/api/findings", {"kind": "strength"}, 422, "kind"),
    ("GET", "/api/findings", {"area": "Wokingham", "colour": "red"}, 422, "colour"),
    ("GET", "/api/findings", {"theme": "no such theme"}, 422, "theme"),
    ("GET", "/api/documents/does-not-exist", {}, 404, "does-not-exist"),
]


@pytest.mark.parametrize(("method", "path", "payload", "status", "words"), BAD_REQUESTS)
def test_bad_input_gets_a_clear_4xx(
    client: httpx.Client, method: str, path: str, payload: Any, status: int, words: str
) -> None:
    if method == "GET":
        response = client.get(path, params=payload)
    elif isinstance(payload, str):
        response = client.post(path, content=payload, headers={"content-type": "application/json"})
    else:
        response = client.post(path, json=payload)
    assert response.status_code == status, response.text
    detail = response.json()["detail"]
    assert isinstance(detail, str) and detail
    assert words.lower() in detail.lower()


def test_docs_and_chat_are_served(client: httpx.Client) -> None:
    spec = client.get("/openapi.json").json()
    expected = {"/api/ask", "/api/search", "/api/documents", "/api/documents/{doc_id}",
                "/api/health", "/api/findings"}
    assert expected <= set(spec["paths"])
    assert spec["paths"]["/api/ask"]["post"]["summary"]
    assert client.get("/docs").status_code == 200
    page = client.get("/")
    assert page.status_code == 200 and "gradio" in page.text.lower()


def test_a_fault_is_a_500_with_a_plain_message_never_a_422() -> None:
    """A bug inside the service is ours: 500 and a logged trace, not 'bad input'."""
    from fastapi.testclient import TestClient

    from assistant.app import create_app

    class Broken:
        settings = Settings()

        def ask(self, *args: object, **kwargs: object) -> Answer:
            raise ValueError("zip() argument 2 is longer than argument 1")

    app = create_app(Broken(), with_ui=False)  # type: ignore[arg-type]
    with TestClient(app, raise_server_exceptions=False) as c:
        res = c.post("/api/ask", json={"question": "What did the revisit find?"})
    assert res.status_code == 500
    assert "zip()" not in res.text and "went wrong" in res.json()["detail"]
