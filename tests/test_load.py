"""The loader: file discovery, every supported format, and a clear error for each bad input."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from ingest.load import SUPPORTED_SUFFIXES, LoadError, discover, html_to_text, load_file

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


# --- a tiny PDF writer: real PDF files with a text layer at chosen positions ---------------------


def make_pdf(pages: Sequence[Sequence[tuple[float, float, str]]], image: bool = False) -> bytes:
    """A PDF whose pages draw each (x, y, text) with Helvetica 12pt; or a 1x1 image only."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"", b""]
    objects[2] = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    kids = []
    for lines in pages:
        if image:
            stream = b"q 500 0 0 700 50 50 cm /Im1 Do Q"
        else:
            ops = " ".join(f"1 0 0 1 {x} {y} Tm ({_escape(t)}) Tj" for x, y, t in lines)
            stream = f"BT /F1 12 Tf {ops} ET".encode()
        content = len(objects) + 2
        resources = (
            f"/XObject << /Im1 {len(objects) + 3} 0 R >>" if image else "/Font << /F1 3 0 R >>"
        )
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << {resources} >>"
            f" /Contents {content} 0 R >>".encode()
        )
        kids.append(len(objects))
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        if image:
            objects.append(
                b"<< /Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray"
                b" /BitsPerComponent 8 /Length 1 >>\nstream\n\x80\nendstream"
            )
    refs = " ".join(f"{k} 0 R" for k in kids)
    objects[1] = f"<< /Type /Pages /Kids [{refs}] /Count {len(kids)} >>".encode()
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


# --- discovery -----------------------------------------------------------------------------------


def test_discover_walks_folders_sorted_and_skips_hidden_and_readme(tmp_path: Path) -> None:
    for name in ("b.md", "a.txt", "c.pdf", "d.docx", "e.html", "f.HTM", "notes.csv", "README.md"):
        _write(tmp_path, name, "x")
    (tmp_path / ".git").mkdir()
    _write(tmp_path / ".git", "config.txt", "x")
    _write(tmp_path, ".hidden.txt", "x")
    (tmp_path / "sub").mkdir()
    _write(tmp_path / "sub", "z.txt", "x")
    found = [p.relative_to(tmp_path).as_posix() for p in discover([tmp_path])]
    assert found == ["a.txt", "b.md", "c.pdf", "d.docx", "e.html", "f.HTM", "sub/z.txt"]


def test_discover_keeps_explicit_files_and_rejects_missing_paths(tmp_path: Path) -> None:
    odd = _write(tmp_path, "table.csv", "a,b")
    assert discover([odd, odd]) == [odd]  # named explicitly: the loader reports it
    with pytest.raises(LoadError, match="no such file"):
        discover([tmp_path / "missing"])


def test_discover_real_corpus_finds_every_document_but_not_its_readme() -> None:
    found = discover([CORPUS])
    assert len([p for p in found if p.suffix == ".pdf"]) == 40
    assert len([p for p in found if p.suffix == ".txt"]) == 5
    assert all(p.name.lower() != "readme.md" for p in found)
    assert found == sorted(found)


# --- formats -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        (
            "plain.txt",
            "Dear Ms Smith\n\nThe area has made progress.",
            "The area has made progress.",
        ),
        ("bom.txt", b"\xef\xbb\xbfJoint area SEND revisit", "Joint area SEND revisit"),
        ("word.txt", b"young people\x92s needs", "young people\u2019s needs"),  # cp1252
        ("notes.md", "# Heading\n\n**Bold** text", "**Bold** text"),
    ],
)
def test_text_files_decode_utf8_then_cp1252(
    tmp_path: Path, name: str, data: bytes | str, expected: str
) -> None:
    text = load_file(_write(tmp_path, name, data))
    assert expected in text
    assert not text.startswith("\ufeff")


def test_docx_paragraphs_lists_and_table_rows(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_heading("SEND Strategy and Action Plan", level=1)
    document.add_paragraph("This report updates members on the written statement of action.")
    document.add_paragraph("Co-production", style="List Bullet")
    table = document.add_table(rows=2, cols=2)
    for row, (key, value) in enumerate([("LEAD OFFICER", "Jane Smith"), ("WARD", "All")]):
        table.cell(row, 0).text, table.cell(row, 1).text = key, value
    document.add_paragraph("Next steps follow.")
    path = tmp_path / "report.docx"
    document.save(str(path))
    text = load_file(path)
    assert text.split("\n\n") == [
        "SEND Strategy and Action Plan",
        "This report updates members on the written statement of action.",
        "- Co-production",
        "LEAD OFFICER | Jane Smith\nWARD | All",
        "Next steps follow.",
    ]


HTML = """<html><head><title>ignored</title><style>p {color: red}</style></head>
<body><nav><a href="/">Home</a> | <a href="/x">Menu</a></nav>
<script>var x = "Dear script";</script>
<h1>Children's Services Overview and Scrutiny Committee</h1>
<p>This report sets out
   the SEND <b>strategy</b>.<br>It was agreed.</p>
<ul><li>SEND Strategy</li><li><p>Transitions</p></li></ul>
<table><tr><th>Meeting</th><th>Date</th></tr><tr><td>Committee</td><td>21 January 2020</td></tr>
</table><div>Contact: Jane Smith</div></body></html>"""


def test_html_keeps_headings_paragraphs_items_and_rows() -> None:
    text = html_to_text(HTML)
    assert "Dear script" not in text and "Menu" not in text and "color" not in text
    assert "ignored" not in text
    paras = text.split("\n\n")
    assert paras[0] == "Children's Services Overview and Scrutiny Committee"
    assert paras[1] == "This report sets out the SEND strategy.\nIt was agreed."
    assert "- SEND Strategy\n- Transitions" in text
    assert "Meeting | Date\nCommittee | 21 January 2020" in text
    assert paras[-1] == "Contact: Jane Smith"


def test_html_file_loads(tmp_path: Path) -> None:
    assert "- Transitions" in load_file(_write(tmp_path, "page.htm", HTML))


def test_pdf_pages_are_joined_with_form_feeds(tmp_path: Path) -> None:
    pages = [
        [(72, 760, "Area SEND inspection report"), (72, 700, f"Page {n} body text of the report.")]
        for n in (1, 2, 3)
    ]
    text = load_file(_write(tmp_path, "report.pdf", make_pdf(pages)))
    assert text.count("\f") == 2
    assert [p.count("body text") for p in text.split("\f")] == [1, 1, 1]


def test_pdf_layout_gaps_become_blank_lines_and_wrapped_lines_stay_together(
    tmp_path: Path,
) -> None:
    lines = [(72, 760, "First paragraph line one"), (72, 745.5, "continues here.")]
    lines += [(72, 715, "Second paragraph after a gap.")]
    text = load_file(_write(tmp_path, "gaps.pdf", make_pdf([lines])))
    assert "First paragraph line one\ncontinues here.\n\nSecond paragraph" in text


def test_pdf_table_cells_side_by_side_become_one_row(tmp_path: Path) -> None:
    # The first column is drawn first, then the second column starts again at the row's top.
    table = [
        (72, 760, "Responsible body"),
        (72, 745.5, "Wokingham Borough"),
        (72, 731, "Council"),
        (250, 745.5, "Leaders should improve"),
        (250, 731, "the timeliness of plans."),
        (72, 716.5, "Wokingham Borough"),
        (72, 702, "Council"),
        (250, 716.5, "Leaders should act."),
    ]
    text = load_file(_write(tmp_path, "table.pdf", make_pdf([table])))
    assert "Wokingham Borough Council | Leaders should improve the timeliness of plans." in text
    assert "Wokingham Borough Council | Leaders should act." in text


@pytest.mark.slow
def test_real_corpus_pdf_keeps_pages_and_priority_action_rows() -> None:
    text = load_file(CORPUS / "hertfordshire_area-send-inspection_published-2023-11-10.pdf")
    assert text.count("\f") == 10  # 11 pages
    assert "Area SEND inspection of Hertfordshire" in text
    assert "Essex Integrated Care Board | Leaders should act with urgency" in text


# --- bad input: a clear reason, never a crash ----------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.md", b"  \n\n \t\n", "empty file"),
        ("empty.pdf", b"", "empty file"),
        ("broken.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog", "corrupt or unreadable PDF"),
        ("not-a.pdf", b"just some text, not a PDF at all", "corrupt or unreadable PDF"),
        ("broken.docx", b"PK\x03\x04 not really a zip", "corrupt or unreadable Word file"),
        ("binary.txt", b"\x00\x01\x02binary", "binary content"),
        ("data.csv", b"a,b\n1,2", "unsupported file type '.csv'"),
        ("empty.html", b"<html><body><script>x()</script></body></html>", "no text found"),
    ],
)
def test_bad_files_raise_load_error_with_reason(
    tmp_path: Path, name: str, data: bytes, reason: str
) -> None:
    with pytest.raises(LoadError) as err:
        load_file(_write(tmp_path, name, data))
    assert reason in err.value.reason
    assert name in str(err.value)


def test_image_only_pdf_is_reported_as_scanned(tmp_path: Path) -> None:
    path = _write(tmp_path, "scan.pdf", make_pdf([[], []], image=True))
    with pytest.raises(LoadError, match="scanned PDF with no text layer") as err:
        load_file(path)
    assert "2 pages" in err.value.reason


def test_blank_pdf_from_pypdf_is_reported_as_scanned(tmp_path: Path) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    path = tmp_path / "blank.pdf"
    with path.open("wb") as handle:
        writer.write(handle)
    with pytest.raises(LoadError, match="scanned PDF"):
        load_file(path)


def test_unreadable_file_reports_os_error(tmp_path: Path) -> None:
    folder = tmp_path / "folder.txt"
    folder.mkdir()  # a directory named like a document cannot be read as one
    with pytest.raises(LoadError, match="cannot read file"):
        load_file(folder)


def test_supported_suffixes() -> None:
    assert set(SUPPORTED_SUFFIXES) == {".txt", ".md", ".pdf", ".docx", ".html", ".htm"}
