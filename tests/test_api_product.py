"""The product endpoints through a real server: streaming, areas, compare, files, feedback,
upload and removal (admin token), each error as JSON with its status."""

from __future__ import annotations

import csv
import io
import json
import logging
import os
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest
from conftest_product import ADMIN_TOKEN, AdminServer, admin_server, sample_upload  # noqa: F401
from test_cli import run

from assistant.service import Service
from core.models import Answer

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def client(admin_server: AdminServer) -> Iterator[httpx.Client]:  # noqa: F811
    with httpx.Client(base_url=admin_server.url, timeout=180) as c:
        yield c


Event = tuple[str, dict[str, object]]


def read_events(client: httpx.Client, body: dict[str, object]) -> list[Event]:
    events = []
    with client.stream("POST", "/api/ask/stream", json=body) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        event = ""
        for line in response.iter_lines():
            if line.startswith("event: "):
                event = line[7:]
            elif line.startswith("data: "):
                events.append((event, json.loads(line[6:])))
    return events


def test_stream_sends_the_answer_then_its_citations_then_done(
        client: httpx.Client, admin_server: AdminServer) -> None:  # noqa: F811
    question = "Did Wandsworth make sufficient progress on EHC plans?"
    events = read_events(client, {"question": question})
    kinds = [e for e, _ in events]
    assert kinds[0] == "scope" and kinds[-2:] == ["citations", "done"], kinds
    assert set(kinds[1:-2]) == {"answer"}, kinds
    text = "".join(str(d["text"]) for e, d in events if e == "answer")
    citations, done = events[-2][1], events[-1][1]
    expected: Answer = admin_server.service.ask(question)  # type: ignore[attr-defined]
    assert text == done["answer"] == expected.answer
    assert [c["n"] for c in citations["citations"]] == [c.n for c in expected.citations]  # type: ignore[index, union-attr]
    assert str(events[0][1]["scope"]).startswith("Searched ")


def test_stream_names_a_filter_the_question_contradicts(client: httpx.Client) -> None:
    body = {"question": "What did the revisit find in Wokingham?",
            "filters": {"area": ["Wandsworth"], "date_from": "2022-01-01"}}
    scope = next(d for e, d in read_events(client, body) if e == "scope")
    notes = " ".join(scope["notes"])  # type: ignore[arg-type]
    assert "Wokingham" in notes and "Wandsworth" in notes
    assert "Wandsworth" in str(scope["scope"]) and "Wokingham" not in str(scope["scope"])


@pytest.mark.parametrize(("body", "status"), [
    ({"question": "  "}, 422),
    ({"question": "x" * 5000}, 422),
    ({"question": "hello", "colour": "red"}, 422),
    ({"question": "hi", "filters": {"date_from": "2023-01-01", "date_to": "2021-01-01"}}, 422),
    ({"question": "hi", "history": [{"role": "user", "content": "y"}] * 100}, 413),
])
def test_stream_rejects_bad_input_as_json_before_streaming(
        client: httpx.Client, body: dict[str, object], status: int) -> None:
    response = client.post("/api/ask/stream", json=body)
    assert response.status_code == status
    assert response.headers["content-type"] == "application/json"
    assert response.json()["detail"]


def test_areas_list_and_an_areas_story(client: httpx.Client) -> None:
    documents = client.get("/api/documents").json()["documents"]
    areas = client.get("/api/areas").json()["areas"]
    assert {a["area"] for a in areas} == {d["area"] for d in documents}
    assert sum(a["documents"] for a in areas) == len(documents)
    story = client.get("/api/areas/wokingham").json()  # any spelling of the name
    assert story["area"] == "Wokingham"
    dates = [e["date"] for e in story["timeline"]]
    assert dates == sorted(dates) and len(dates) >= 3
    labels = " ".join(e["label"] for e in story["timeline"])
    assert "Revisit" in labels and "statement of action" in labels
    findings = client.get("/api/findings", params={"area": "Wokingham"}).json()["findings"]
    assert len(story["finding_rows"]) == len(findings) > 0
    verdicts = {f["finding_id"]: f["verdict"] or "not stated" for f in findings}
    assert {r["finding_id"]: r["status"] for r in story["finding_rows"]} == verdicts
    missing = client.get("/api/areas/Atlantis")
    assert missing.status_code == 404 and "Atlantis" in missing.json()["detail"]


def test_compare_a_theme_as_json_and_csv(client: httpx.Client) -> None:
    findings = client.get("/api/findings", params={"theme": "ehc_plans"}).json()["findings"]
    view = client.get("/api/compare/ehc_plans").json()
    rows = [r for area_rows in view["areas"].values() for r in area_rows]
    assert sorted(r["finding_id"] for r in rows) == sorted(f["finding_id"] for f in findings)
    assert sum(view["verdicts"].values()) == len(findings)
    assert view["outcomes"]["East Sussex"] == "inconsistent experiences and outcomes"
    sheet = client.get("/api/compare/ehc_plans", params={"format": "csv"})
    assert sheet.headers["content-type"].startswith("text/csv")
    assert len(list(csv.DictReader(io.StringIO(sheet.text)))) == len(findings)
    assert client.get("/api/compare/astrology").status_code == 404


def test_original_file_of_a_document(client: httpx.Client) -> None:
    doc_id = "east-sussex-area-send-inspection-published-2025-02-04"
    response = client.get(f"/api/documents/{doc_id}/file")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert client.get("/api/documents/nothing-here/file").status_code == 404


def test_feedback_lands_redacted_in_sqlite_and_exports_as_a_case(
        client: httpx.Client, admin_server: AdminServer, tmp_path: Path) -> None:  # noqa: F811
    question = ("My son Jack, born 2/3/2014, waits for a plan (jo@example.com, 07700 900123). "
                "Did Wandsworth make sufficient progress on EHC plans?")
    secrets = ("Jack", "2/3/2014", "jo@example.com", "900123")
    answer = client.post("/api/ask", json={"question": question}).json()
    assert not answer["abstained"], answer["answer"]  # answered from the documents as asked
    assert {c["area"] for c in answer["citations"]} == {"Wandsworth"}
    # Whatever this server logs (an access line with the question in its URL) is redacted.
    record = logging.getLogRecordFactory()(
        "uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:1", "GET", "/api/search?q=" + quote(question), "1.1", 200), None)
    assert not any(s in record.getMessage() for s in secrets), record.getMessage()
    saved = client.post("/api/feedback", json={
        "rating": "up", "comment": "clear; mail me on jo@example.com", "question": question,
        "answer": answer["answer"], "citations": answer["citations"]})
    assert saved.status_code == 201
    with sqlite3.connect(admin_server.settings.feedback_db) as conn:
        row = conn.execute("select question, comment, answer from feedback where id = ?",
                           (saved.json()["id"],)).fetchone()
    assert not any(s in row[0] or s in row[1] for s in secrets), row
    assert row[2] == answer["answer"]
    bad = client.post("/api/feedback", json={"rating": "meh", "question": "q", "answer": "a"})
    assert bad.status_code == 422
    out = tmp_path / "cases.jsonl"
    settings = admin_server.settings
    env = {**os.environ, "SENDQA_DATA_DIR": str(settings.data_dir),
           "SENDQA_CORPUS_DIR": str(settings.corpus_dir), "SENDQA_LLM_PROVIDER": "none"}
    # `sendqa feedback export` through main() in this process (the installed script itself
    # runs in a subprocess in tests/test_cli.py)
    done = run(env, "feedback", "export", "--out", str(out))
    assert done.returncode == 0, done.stderr
    from evals.dataset import load_cases

    case = next(c for c in load_cases(out) if c.id == f"feedback-{saved.json()['id']}")
    assert case.answerable and "[name]" in case.question
    assert case.expected_source == "wandsworth_revisit-letter_2022-08-23.txt"


def test_upload_needs_the_token_and_a_readable_file(
        client: httpx.Client, tmp_path: Path) -> None:
    path = sample_upload(tmp_path)
    files = {"file": (path.name, path.read_bytes(), "text/plain")}
    assert client.post("/api/documents", files=files).status_code == 401
    wrong = client.post("/api/documents", files=files, headers={"X-Admin-Token": "nope"})
    assert wrong.status_code == 401 and "token" in wrong.json()["detail"]
    admin = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
    exe = client.post("/api/documents", files={"file": ("x.exe", b"MZ", "x")}, headers=admin)
    assert exe.status_code == 415
    big = client.post("/api/documents", headers=admin,
                      files={"file": ("big.txt", b"a" * 400_000, "text/plain")})
    assert big.status_code == 413 and big.json()["detail"]
    assert client.delete("/api/documents/wokingham-revisit-letter-2021-06-23").status_code == 401


def test_upload_is_ingested_in_the_background_answered_then_removed(
        client: httpx.Client, admin_server: AdminServer, tmp_path: Path) -> None:  # noqa: F811
    admin = {"X-Admin-Token": ADMIN_TOKEN}
    path = sample_upload(tmp_path)
    accepted = client.post("/api/documents", headers=admin,
                           files={"file": (path.name, path.read_bytes(), "text/plain")})
    assert accepted.status_code == 202, accepted.text
    job = accepted.json()
    deadline = time.monotonic() + 240
    while job["state"] not in ("done", "failed") and time.monotonic() < deadline:
        time.sleep(0.5)
        job = client.get(f"/api/uploads/{job['job_id']}").json()
    assert job["state"] == "done", job
    (doc_id,) = job["doc_ids"]
    answer = client.post("/api/ask", json={"question": "What did Rutland open at Oakham?"}).json()
    assert "resource base" in answer["answer"]
    assert {c["doc_id"] for c in answer["citations"]} == {doc_id}
    original = client.get(f"/api/documents/{doc_id}/file")
    assert original.status_code == 200 and b"Oakham" in original.content
    removed = client.delete(f"/api/documents/{doc_id}", headers=admin)
    assert removed.status_code == 200, removed.text
    assert client.get(f"/api/documents/{doc_id}").status_code == 404
    service: Service = admin_server.service  # type: ignore[assignment]
    assert not (service.settings.uploads_dir / path.name).exists()
    assert client.delete(f"/api/documents/{doc_id}", headers=admin).status_code == 404
