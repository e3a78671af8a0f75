"""Pure pieces of the product edges: stream splitting, scope notes, upload names and tokens."""

from __future__ import annotations

import datetime as dt

import pytest

from assistant.api.routes.stream import pieces, sse
from assistant.errors import BadInput
from assistant.scope import answered_from, filter_conflicts
from assistant.uploads import safe_name
from core.models import Document, Filters


def doc(area: str, date: str, kind: str = "revisit_letter") -> Document:
    return Document(doc_id=f"{area}-{date}", title=f"{area} letter", area=area, doc_type=kind,  # type: ignore[arg-type]
                    date=date, source=f"{area}.txt", text="", content_hash="h")


DOCS = [doc("Wokingham", "2021-06-23"), doc("Wandsworth", "2022-08-23"),
        doc("Wokingham", "2020-01-21", "committee_report")]


@pytest.mark.parametrize("text", [
    "One [1]. Two [2][3]! Three? [4] four", "No full stop", "", "A 2.5 week wait [1]. Done.",
])
def test_pieces_rebuild_the_answer_exactly(text: str) -> None:
    assert "".join(pieces(text)) == text


def test_a_quotation_is_never_cut_before_its_closing_mark() -> None:
    text = "The letter says: “One point. Another point.” [1] Next [2]."
    assert pieces(text) == ["The letter says: “One point. Another point.” [1] ", "Next [2]."]


def test_an_event_holds_one_line_of_json() -> None:
    assert sse("answer", {"text": "a\nb"}) == 'event: answer\ndata: {"text": "a\\nb"}\n\n'


def test_answered_from_names_the_filters() -> None:
    assert answered_from(DOCS, None) == ("Searched 3 documents about Wandsworth, Wokingham, "
                                         "dated 21 January 2020 to 23 August 2022.")
    only = Filters(area=["Wokingham"], doc_type=["revisit_letter"])
    assert answered_from(DOCS, only) == ("Searched 1 document about Wokingham "
                                         "(revisit letters only), dated 23 June 2021.")
    assert answered_from(DOCS, Filters(date_from=dt.date(2030, 1, 1))).startswith("No document")


def test_a_filter_that_contradicts_the_question_is_named() -> None:
    known = ["Wandsworth", "Wokingham"]
    notes = filter_conflicts("What did Wokingham do in 2019?",
                             Filters(area=["Wandsworth"], date_from=dt.date(2021, 1, 1)), known)
    assert len(notes) == 2
    assert "names Wokingham" in notes[0] and "Wandsworth" in notes[0]
    assert "2019" in notes[1] and "from 1 January 2021" in notes[1]
    assert filter_conflicts("What did Wokingham do?", Filters(area=["Wokingham"]), known) == []
    (kind,) = filter_conflicts("What did the revisit letter say?",
                               Filters(doc_type=["committee_report"]), known)
    assert "revisit letters" in kind and "council committee papers" in kind
    assert filter_conflicts("What did the revisit letter say?",
                            Filters(doc_type=["revisit_letter"]), known) == []
    assert filter_conflicts("What did Wokingham do?", None, known) == []


@pytest.mark.parametrize(("name", "safe"), [
    ("../../etc/report.PDF", "report.pdf"), ("C:\\x\\my paper (v2).docx", "my-paper-v2.docx"),
    ("notes.txt", "notes.txt"),
])
def test_upload_names_are_made_safe(name: str, safe: str) -> None:
    assert safe_name(name) == safe


def test_an_unreadable_type_is_refused() -> None:
    with pytest.raises(BadInput, match="not a document type"):
        safe_name("virus.exe")


def test_uploads_are_off_without_a_token_and_need_the_right_one() -> None:
    from types import SimpleNamespace

    from assistant.uploads import Forbidden, check_admin
    from core.config import Settings

    off = SimpleNamespace(settings=Settings(llm_provider="none"))
    with pytest.raises(Forbidden, match="SENDQA_ADMIN_TOKEN") as exc:
        check_admin(off, "anything")  # type: ignore[arg-type]
    assert exc.value.status == 403
    on = SimpleNamespace(settings=Settings(admin_token="s3cret", llm_provider="none"))  # type: ignore[arg-type]
    with pytest.raises(Forbidden) as exc:
        check_admin(on, "guess")  # type: ignore[arg-type]
    assert exc.value.status == 401
    check_admin(on, "s3cret")  # type: ignore[arg-type]
