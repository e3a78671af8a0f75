"""Findings as structured data, read from the cleaned text of a document.

- revisit letters (2016 framework): each significant weakness, the wording found at the initial
  inspection, the findings text and the verdict exactly as stated ("not stated" when absent);
- 2023 area SEND reports: each area for priority action and area for improvement;
- council committee reports / briefing notes: the workstreams or weaknesses they track.

Rules key on wording (lead-in phrases, verdict sentences, section names), never on one letter's
layout, so they hold for documents the project has not seen. find_blocks() also returns where
each finding sits in the text, which the chunker uses to keep a finding in one passage.
"""

from __future__ import annotations

import hashlib
import re
from typing import Literal, cast

from core.models import Finding, FindingKind, Verdict
from core.themes import FALLBACK, classify_theme
from ingest.report_findings import report_blocks
from ingest.textlines import Block, Para, paragraphs, split_lines

__all__ = ["Block", "extract_findings", "find_blocks", "verdict_of"]

# "At the initial inspection, inspectors found that:", "The initial inspection found that ...",
# "Inspectors found at the initial inspection that", "Significant weakness 2: ...".
_LEAD = re.compile(
    r"^(?:(?:at|in|during)\s+the\s+(?:initial|previous|original|first)\s+inspection,?\s+"
    r"(?:inspectors|we|it\s+was)\s+(?:found|identified|judged|noted|reported|highlighted)"
    r"|(?:the\s+)?(?:initial|previous|original|first)\s+inspection\s+"
    r"(?:found|identified|highlighted|showed|judged|noted|reported)"
    r"|inspectors\s+(?:found|identified)\s+at\s+the\s+(?:initial|previous)\s+inspection"
    r"|(?:area\s+of\s+)?significant\s+weakness(?:\s+\d{1,2})?\s*[:.–—-])"
    r"(?:\s+(?:that|the\s+following))?\s*:?\s*",
    re.IGNORECASE,
)
# A verdict speaks of one weakness ("this significant weakness", "this area of weakness");
# the overall lines speak of several ("five of the six significant weaknesses").
_SINGLE = re.compile(
    r"\b(?:this|that|the)\s+(?:significant\s+)?(?:area\s+of\s+)?weakness\b|\bthis\s+area\b",
    re.IGNORECASE,
)
_NEGATIVE = re.compile(
    r"\bnot\s+(?:yet\s+)?(?:made|make|making|shown|demonstrated)\s+(?:sufficient|enough)\b"
    r"|\binsufficient\s+progress\b|\bno\s+progress\b"
    r"|\bsufficient\s+progress\s+(?:has|had)\s+not\b|\bprogress\s+(?:has|had)\s+not\s+been\b",
    re.IGNORECASE,
)
_POSITIVE = re.compile(r"\bsufficient\s+progress\b", re.IGNORECASE)
_CLOSING = re.compile(r"^(?:yours\s+(?:sincerely|faithfully)|cc:|kind\s+regards)", re.IGNORECASE)
_SUMMARY = re.compile(
    r"^(?:the\s+(?:local\s+)?area|as\s+(?:the|not)|overall)\b.*\bprogress\b.*\bweaknesses\b",
    re.IGNORECASE,
)
_FINDINGS_HEAD = re.compile(
    r"^(?:main\s+)?findings:?$|^(?:areas\s+of\s+)?significant\s+weaknesses:?$", re.IGNORECASE
)

# Council papers: "Task and finish group 3 - Co-production", "Workstream 2: EHC plans", ...
_GROUP_HEAD = re.compile(
    r"^(?:task\s*(?:and|&)\s*finish\s+group|work\s*stream|priority(?:\s+area)?|improvement\s+area"
    r"|area\s+of\s+(?:significant\s+)?weakness|sub-?group)\s*(\d{1,2})\s*[–—:.-]\s*(\S.*)$",
    re.IGNORECASE,
)
# ... or a list introduced by "Areas still requiring consideration:", "... are responding to
# the areas of:", "The weaknesses we track:".
_LIST_LEAD = re.compile(
    r"(?:areas?\s+(?:still\s+)?(?:requiring|for\s+(?:improvement|development)|of\s+(?:significant\s+)?"
    r"(?:weakness|development|concern))|weaknesses|work\s*streams?|priorit(?:y|ies)"
    r"|task\s*(?:and|&)\s*finish\s+groups?\s+(?:are|is|will|have))[^.:]*:$",
    re.IGNORECASE,
)
_ATTACHED = re.compile(r"^(?:mitigations?|actions?|updates?|progress|responses?|status)\s*:",
                       re.IGNORECASE)
_ATTACHED_INLINE = re.compile(r"\s+(?=(?:Mitigations?|Actions?|Updates?|Progress|Status)\s*:)")
# A heading that conversion ran into its first sentence: "... (EHCPs) This group is tasked".
_RUN_IN = re.compile(r"(?<=[\w)])\s+(?=(?:This|These|The|It|Its|Our|We)\s+[a-z])")


def verdict_of(paragraph: str) -> Verdict | None:
    """The verdict a paragraph states about one weakness, or None when it states none."""
    if len(paragraph.split()) > 60 or "progress" not in paragraph.lower():
        return None
    if not _SINGLE.search(paragraph):
        return None
    if _NEGATIVE.search(paragraph):
        return "not sufficient progress"
    return "sufficient progress" if _POSITIVE.search(paragraph) else None


def _show(p: Para) -> str:
    return f"- {p.text}" if p.bullet else p.text


def _weakness(paras: list[Para], head: int, first: int, stop: int, title: str, n: int) -> Block:
    """One weakness: from its lead-in to its verdict line, the next lead-in or the sign-off."""
    end, verdict = stop, None
    for j in range(first, stop):
        if _CLOSING.match(paras[j].text) or _SUMMARY.match(paras[j].text):
            end = j
            break
        verdict = verdict_of(paras[j].text)
        if verdict:
            end = j + 1
            break
    body = paras[first:end - 1] if verdict else paras[first:end]
    last = paras[max(end - 1, first - 1, head)]  # at least the wording
    return Block("significant_weakness", n, title, "\n\n".join(_show(p) for p in body),
                 verdict or "not stated", paras[head].start, last.end)


def _revisit_blocks(paras: list[Para]) -> list[Block]:
    leads = [i for i, p in enumerate(paras) if _LEAD.match(p.text)]
    if not leads:
        return _verdict_anchored(paras)
    blocks: list[Block] = []
    for n, i in enumerate(leads):
        stop = leads[n + 1] if n + 1 < len(leads) else len(paras)
        rest = _LEAD.sub("", paras[i].text, count=1).strip()
        title = rest or (paras[i + 1].text if i + 1 < stop else "")
        first = min(i + 1 if rest else i + 2, stop)
        blocks.append(_weakness(paras, i, first, stop, title, len(blocks) + 1))
    return blocks


def _verdict_anchored(paras: list[Para]) -> list[Block]:
    """Letters with no lead-in phrase: each weakness runs from the previous verdict to its own."""
    idx = [i for i, p in enumerate(paras) if verdict_of(p.text)]
    if not idx:
        return []
    heads = [i for i in range(idx[0]) if _FINDINGS_HEAD.match(paras[i].text)]
    start = heads[-1] + 1 if heads else max(idx[0] - 1, 0)
    blocks: list[Block] = []
    for n, v in enumerate(idx):
        lo = start if n == 0 else idx[n - 1] + 1
        if lo < v:
            blocks.append(_weakness(paras, lo, lo + 1, v + 1, paras[lo].text, len(blocks) + 1))
    return blocks


def _heading_like(p: Para) -> bool:
    words = p.text.split()
    return 0 < len(words) <= 8 and p.text[-1] not in ".:;," and p.text[0].isupper()


def _split_run_in(title: str) -> tuple[str, str]:
    """A heading is short: a long one is a heading followed by a sentence of the body."""
    if len(title.split()) <= 14:
        return title, ""
    parts = _RUN_IN.split(title, maxsplit=1)
    return (parts[0], parts[1]) if len(parts) == 2 else (title, "")


def _group_blocks(paras: list[Para]) -> list[Block]:
    heads = [i for i, p in enumerate(paras) if _GROUP_HEAD.match(p.text)]
    blocks: list[Block] = []
    for n, i in enumerate(heads):
        stop = heads[n + 1] if n + 1 < len(heads) else len(paras)
        end = next((j for j in range(i + 1, stop) if _heading_like(paras[j])), stop)
        m = _GROUP_HEAD.match(paras[i].text)
        assert m is not None
        title, run_in = _split_run_in(m.group(2).strip())
        body = "\n\n".join([run_in] * bool(run_in) + [_show(p) for p in paras[i + 1:end]])
        blocks.append(Block("workstream", len(blocks) + 1, title, body, None,
                            paras[i].start, paras[max(end - 1, i)].end))
    return blocks


def _list_blocks(paras: list[Para]) -> list[Block]:
    items: list[list[Para]] = []
    for i, p in enumerate(paras):
        if not _LIST_LEAD.search(p.text):
            continue
        found: list[list[Para]] = []
        for q in paras[i + 1:]:
            if _ATTACHED.match(q.text) and found:
                found[-1].append(q)
            elif q.bullet and not _heading_like(q):
                found.append([q])
            elif not q.bullet and not found and not _heading_like(q) and q.text[-1] != ":":
                found.append([q])  # a first item set as plain text
            else:
                break
        items.extend(found)
    seen: set[str] = set()
    blocks: list[Block] = []
    for group in items:
        if group[0].text.lower() in seen:
            continue
        seen.add(group[0].text.lower())
        title = _ATTACHED_INLINE.split(group[0].text, maxsplit=1)[0]
        blocks.append(Block("workstream", len(blocks) + 1, title,
                            "\n".join(_show(p) for p in group), None,
                            group[0].start, group[-1].end))
    return blocks


# A council paper's risks section: "3. RISKS", "Key risks", "Risks and mitigations".
_RISKS_HEAD = re.compile(
    r"^(?:\d{1,2}\.?\s+)?(?:(?:key|main|current)\s+)?risks?(?:\s+and\s+(?:issues|mitigations?))?"
    r"\s*:?$", re.IGNORECASE)  # fmt: skip
_ITEM_NUMBER = re.compile(r"^\d{1,2}(?:\.\d{1,2})*\.?\s+")


def _risk_blocks(paras: list[Para], first: int) -> list[Block]:
    """Each item under a risks heading, up to the next heading, is one risk."""
    blocks: list[Block] = []
    for i, p in enumerate(paras):
        if not _RISKS_HEAD.match(p.text.strip()):
            continue
        for q in paras[i + 1:]:
            if _heading_like(q) or _RISKS_HEAD.match(q.text.strip()):
                break
            body = _ITEM_NUMBER.sub("", q.text)
            title = _RUN_IN_SENTENCE.split(body, maxsplit=1)[0]
            blocks.append(Block("risk", first + len(blocks), title, body, None, q.start, q.end))
    return blocks


_RUN_IN_SENTENCE = re.compile(r"(?<=[a-z)][.])\s+(?=[A-Z])")


def find_blocks(text: str, doc_type: str) -> list[Block]:
    """Locate every finding of a document (in reading order), with its span in `text`."""
    lines = split_lines(text)
    paras = paragraphs(lines)
    if doc_type == "revisit_letter":
        return _revisit_blocks(paras)
    if doc_type == "inspection_report":
        return report_blocks(lines)
    if doc_type in ("committee_report", "briefing_note"):
        tracked = _group_blocks(paras) or _list_blocks(paras)
        return tracked + _risk_blocks(paras, 1)
    # Unrecognised kind: take findings only where the wording is unambiguous.
    return _revisit_blocks(paras) or report_blocks(lines)


# the framework of each kind of finding; the others come from 2023 reports
_FRAMEWORKS = {"significant_weakness": "2016", "workstream": "council", "risk": "council"}


def finding_id(doc_id: str, block: Block) -> str:
    """Content hash: the same finding in the same document always gets the same id."""
    key = "\n".join((doc_id, block.kind, str(block.number), block.title, block.text,
                     block.verdict or ""))
    return hashlib.sha256(key.encode()).hexdigest()[:24]


def to_finding(block: Block, *, doc_id: str, area: str, date: str | None) -> Finding:
    """The Finding row of a located block, with its theme."""
    # The wording decides; a list's lead-in ("... need to ensure that they:") says too little.
    theme = classify_theme(block.title)
    if theme == FALLBACK or block.title.endswith(":"):
        theme = classify_theme(block.text or block.title)
    framework = _FRAMEWORKS.get(block.kind, "2023")
    return Finding(
        finding_id=finding_id(doc_id, block), doc_id=doc_id, area=area, date=date,
        framework=cast(Literal["2016", "2023", "council"], framework),
        kind=cast(FindingKind, block.kind), number=block.number, title=block.title,
        text=block.text, verdict=cast(Verdict | None, block.verdict), theme=theme,
    )


def extract_findings(
    text: str, *, doc_id: str, doc_type: str, area: str, date: str | None
) -> list[Finding]:
    """Every weakness / priority action / area for improvement / workstream the text states."""
    return [to_finding(b, doc_id=doc_id, area=area, date=date)
            for b in find_blocks(text, doc_type)]
