"""HTML of the Areas, Compare and Documents tabs (data from assistant.area_views).

Every row that shows a finding or a document carries data-open-doc (and data-chunk): the page's
script opens it in the document panel, its passage marked.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

from assistant.area_views import AreaDetail, AreaFinding, CompareView
from assistant.doc_view import KIND_NAMES
from core.dates import human
from core.models import Document

_STATUS_CLASS = {
    "sufficient progress": "status-sufficient",
    "not sufficient progress": "status-not-sufficient",
    "not stated": "status-not-stated",
    "typically positive experiences and outcomes": "status-positive",
    "inconsistent experiences and outcomes": "status-inconsistent",
    "widespread and/or systemic failings": "status-failings",
}
_BAR_COLOURS = {
    "status-sufficient": "#15803d", "status-not-sufficient": "#b91c1c",
    "status-not-stated": "#6b7280", "status-positive": "#15803d",
    "status-inconsistent": "#b45309", "status-failings": "#b91c1c",
}
NO_OUTCOME = "no 2023-framework inspection in the collection"


def e(text: object) -> str:
    return html.escape(str(text), quote=True)


def status_badge(status: str) -> str:
    css = _STATUS_CLASS.get(status, "status-not-stated")
    return f'<span class="sendqa-status {css}">{e(status)}</span>'


def _open_attrs(doc_id: str, chunk_id: str | None) -> str:
    chunk = f' data-chunk="{e(chunk_id)}"' if chunk_id else ""
    return f'data-open-doc="{e(doc_id)}"{chunk}'


def finding_rows_html(rows: Sequence[AreaFinding], with_area: Mapping[str, str] | None = None
                      ) -> str:
    body = []
    for r in rows:
        label = f"Open {r.kind_label.lower()} {r.number} in its document"
        body.append(
            f'<tr tabindex="0" role="link" aria-label="{e(label)}" '
            f'{_open_attrs(r.doc_id, r.chunk_id)} data-status="{e(r.status)}">'
            f'<td data-label="Date">{e(human(r.date) or "")}</td>'
            f'<td data-label="Finding">{e(r.kind_label)} {r.number}</td>'
            f'<td data-label="What it says">{e(r.title)}</td>'
            f'<td data-label="Theme">{e(r.theme_label)}</td>'
            f'<td data-label="Verdict or outcome">{status_badge(r.status)}</td></tr>')
    return ('<table class="sendqa-table sendqa-findings"><thead><tr><th>Date</th><th>Finding</th>'
            '<th>What it says</th><th>Theme</th><th>Verdict or outcome</th></tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table>')


def area_html(detail: AreaDetail) -> str:
    """An area's story: summary, timeline, findings coloured by verdict or outcome."""
    span = (f"{human(detail.first_date)} to {human(detail.last_date)}"
            if detail.first_date and detail.first_date != detail.last_date
            else human(detail.first_date) or "undated")
    outcome = (f" Latest inspection outcome: {status_badge(detail.outcome)}."
               if detail.outcome else "")
    events = "".join(
        f'<li><time datetime="{e(ev.date.split(" to ")[0])}">{e(human(ev.date))}</time> '
        f'<a href="#" {_open_attrs(ev.doc_id, None)}>{e(ev.label)}</a>'
        f'<span class="sendqa-meta"> · {e(KIND_NAMES.get(ev.doc_type, ev.doc_type))}</span></li>'
        for ev in detail.timeline)
    findings = (finding_rows_html(detail.finding_rows) if detail.finding_rows
                else '<p class="sendqa-meta">No findings were read from these documents.</p>')
    return (f'<section id="sendqa-area-page" data-area="{e(detail.area)}">'
            f'<h2>{e(detail.area)}</h2><p>{detail.documents} document(s), {span}; '
            f'{detail.findings} finding(s).{outcome}</p>'
            f'<h3>Timeline</h3><ol class="sendqa-timeline">{events}</ol>'
            f'<h3>Findings</h3><p class="sendqa-meta">Select a row to read it in its document.'
            f'</p>{findings}</section>')


def bars(counts: Mapping[str, int], total: int | None = None) -> str:
    """A horizontal bar per label, as wide as its share; the number is written beside it."""
    top = total or max(counts.values(), default=1) or 1
    rows = []
    for label, n in counts.items():
        colour = _BAR_COLOURS.get(_STATUS_CLASS.get(label, ""), "#1d4ed8")
        rows.append(f'<div class="sendqa-bar"><span class="label">{e(label)}</span>'
                    f'<span class="fill" style="width:{max(1, round(60 * n / top))}%;'
                    f'background:{colour}"></span><span>{n}</span></div>')
    return f'<div class="sendqa-bars" role="img" aria-label="{e(_summary(counts))}">' \
           f'{"".join(rows)}</div>'


def _summary(counts: Mapping[str, int]) -> str:
    return "; ".join(f"{label}: {n}" for label, n in counts.items())


def compare_html(view: CompareView, per_theme: Mapping[str, Mapping[str, int]]) -> str:
    """Findings on one theme, area by area; charts of outcomes and of verdicts per theme."""
    by_outcome: dict[str, list[str]] = {}
    for area, outcome in view.outcomes.items():
        by_outcome.setdefault(outcome if outcome != "not stated" else NO_OUTCOME, []).append(area)
    outcome_chart = bars({k: len(v) for k, v in by_outcome.items()})
    who = "".join(f"<li>{e(k)}: {e(', '.join(v))}</li>" for k, v in by_outcome.items())
    cards = []
    for area, rows in view.areas.items():
        items = "".join(
            f'<li><a href="#" {_open_attrs(r.doc_id, r.chunk_id)}>{e(r.kind_label)} '
            f'{r.number} ({e(human(r.date))})</a> {status_badge(r.status)}<br>'
            f'<strong>{e(r.title)}</strong><br><span class="sendqa-excerpt">'
            f'{e(r.key_sentence)}</span></li>' for r in rows)
        cards.append(f'<div class="sendqa-card" data-area="{e(area)}"><h4>{e(area)}</h4>'
                     f'<ul>{items}</ul></div>')
    grid = "".join(cards) or '<p class="sendqa-meta">No finding on this theme.</p>'
    theme_rows = "".join(
        f'<h4>{e(theme)}</h4>{bars(counts)}' for theme, counts in per_theme.items() if counts)
    return (f'<section id="sendqa-compare-page" data-theme="{e(view.theme)}">'
            f'<h2>{e(view.theme_label)}</h2><p><a id="sendqa-csv" href="/api/compare/'
            f'{e(view.theme)}?format=csv" download>Download this comparison as CSV</a></p>'
            f'<div class="sendqa-grid">{grid}</div>'
            f'<h3>Verdicts and outcomes on this theme</h3>{bars(view.verdicts)}'
            f'<h3>Inspection outcomes across areas</h3>{outcome_chart}<ul>{who}</ul>'
            f'<details><summary>Verdicts per theme, every theme</summary>{theme_rows}'
            f'</details></section>')


def documents_html(docs: Sequence[Document], passages: Mapping[str, int],
                   findings: Mapping[str, int]) -> str:
    rows = "".join(
        f'<tr><td data-label="Area">{e(d.area)}</td><td data-label="Title"><a href="#" '
        f'{_open_attrs(d.doc_id, None)}>{e(d.title)}</a></td>'
        f'<td data-label="Kind">{e(KIND_NAMES.get(d.doc_type, d.doc_type))}</td>'
        f'<td data-label="Date">{e(human(d.date) or "undated")}</td>'
        f'<td data-label="Passages">{passages.get(d.doc_id, 0)}</td>'
        f'<td data-label="Findings">{findings.get(d.doc_id, 0)}</td>'
        f'<td data-label="Id"><code>{e(d.doc_id)}</code></td></tr>'
        for d in docs)
    return (f'<p>{len(docs)} document(s) about {len({d.area for d in docs})} area(s).</p>'
            '<div style="overflow-x:auto"><table class="sendqa-table" id="sendqa-doc-table">'
            '<thead><tr><th>Area</th><th>Title</th><th>Kind</th><th>Date</th><th>Passages</th>'
            f'<th>Findings</th><th>Id</th></tr></thead><tbody>{rows}</tbody></table></div>')
