"""Plain-English meanings of the terms inspection documents use, shown on hover in answers and
as a list in the Glossary tab. Our own wording, checked against how the documents use each term.
"""

from __future__ import annotations

import html
import re

GLOSSARY: dict[str, str] = {
    "SEND": "Special educational needs and disabilities: children and young people (0 to 25) "
            "who need extra help to learn, or who are disabled.",
    "EHC plan": "Education, health and care plan: a legal document for a child or young person "
                "with SEND, saying what support they need and who must provide it.",
    "EHCP": "Education, health and care plan (see EHC plan).",
    "EHC needs assessment": "The assessment a council carries out to decide whether a child "
                            "needs an EHC plan; by law it should take no more than 20 weeks.",
    "WSOA": "Written statement of action: the improvement plan an area must write when an "
            "inspection finds significant weaknesses; inspectors later revisit to check it.",
    "written statement of action": "The improvement plan an area must write when an "
                                   "inspection finds significant weaknesses (WSOA).",
    "significant weakness": "A serious failing an inspection found in how the area supports "
                            "children with SEND; a revisit judges whether enough progress "
                            "was made on each.",
    "sufficient progress": "The revisit's verdict that the area has done enough about a "
                           "significant weakness; 'not sufficient progress' means it has not.",
    "revisit": "A return visit by Ofsted and CQC, usually 18 months or more after the "
               "inspection, to judge progress on each significant weakness.",
    "local area partnership": "The council, the NHS (integrated care board) and schools and "
                              "colleges of an area, who together are responsible for SEND "
                              "services and are inspected together.",
    "local area": "The council, health services, schools and colleges of one council's area, "
                  "inspected together for how they support children with SEND.",
    "SENDIASS": "SEND information, advice and support service: a free, impartial service "
                "every area has, which helps parents and young people with SEND questions.",
    "SENCO": "Special educational needs co-ordinator: the teacher who organises SEND support "
             "in a school.",
    "Ofsted": "The Office for Standards in Education, which inspects schools and, with CQC, "
              "local areas' SEND services.",
    "CQC": "The Care Quality Commission, which inspects health and social care and, with "
           "Ofsted, local areas' SEND services.",
    "ICB": "Integrated care board: the NHS body that plans and pays for health services in "
           "an area (it replaced the CCG in 2022).",
    "CCG": "Clinical commissioning group: the NHS body that planned health services in an "
           "area until 2022, when integrated care boards replaced it.",
    "local offer": "The information every council must publish about the SEND services and "
                   "support available in its area.",
    "co-production": "Planning and deciding services together with parents, carers and young "
                     "people, as equal partners.",
    "joint commissioning": "The council and the NHS planning and paying for services together.",
    "preparing for adulthood": "Support for young people with SEND as they move towards "
                               "further study, work, independent living and good health.",
    "alternative provision": "Education outside a mainstream or special school, for pupils "
                             "who cannot attend school (for example after exclusion).",
    "area for priority action": "In a 2023-framework inspection, the most serious things the "
                                "partnership must improve; it must publish a plan to do so.",
    "area for improvement": "In a 2023-framework inspection, something the partnership should "
                            "improve.",
    "parent carer forum": "A group of parents and carers of children with SEND that the "
                          "council and NHS work with to plan services.",
    "annual review": "The yearly review of an EHC plan, to check it still meets the child's "
                     "needs.",
}
# Longest first, so "EHC needs assessment" wins over "EHC plan" and "local area partnership"
# over "local area".
_ORDER = sorted(GLOSSARY, key=len, reverse=True)
_TERM_RE = re.compile(r"\b(" + "|".join(re.escape(t) for t in _ORDER) + r")s?\b", re.I)
_EXACT_CASE = frozenset({"SEND", "CQC", "ICB", "CCG", "WSOA", "EHCP"})
# Listed in the glossary but not underlined in answers: too common to need a hint every time.
_NO_HOVER = frozenset({"revisit", "local area", "Ofsted", "CQC", "SEND"})


def lookup(found: str) -> str | None:
    """The glossary key of a matched word ("EHC plans" -> "EHC plan"), case aside."""
    lowered = found.lower()
    for term in _ORDER:
        if lowered in (term.lower(), term.lower() + "s"):
            if term in _EXACT_CASE and not found.startswith(term):
                return None  # "send" the verb is not SEND
            return term
    return None


def mark_terms(escaped: str) -> str:
    """Wrap the first use of each glossary term in HTML-escaped text in an <abbr> whose title
    says what it means (hover, or read by a screen reader)."""
    seen: set[str] = set()

    def wrap(m: re.Match[str]) -> str:
        term = lookup(m.group(0))
        if term is None or term in seen or term in _NO_HOVER:
            return m.group(0)
        seen.add(term)
        meaning = html.escape(GLOSSARY[term], quote=True)
        return f'<abbr class="sendqa-term" title="{meaning}">{m.group(0)}</abbr>'

    return _TERM_RE.sub(wrap, escaped)


def glossary_html() -> str:
    items = "".join(f"<dt>{html.escape(t)}</dt><dd>{html.escape(m)}</dd>"
                    for t, m in sorted(GLOSSARY.items(), key=lambda kv: kv[0].lower()))
    return f'<dl class="sendqa-gloss" id="sendqa-glossary">{items}</dl>'
