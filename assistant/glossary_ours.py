"""Our own plain-English lines for the terms a reader meets in SEND inspection documents.

Shown only next to the documents' wording where the documents never say what a term is (they
spell out "EHC plan" but never explain it), or alone, marked "our explanation", for a term no
document spells out. The meanings the glossary quotes come from the documents (glossary.py).
"""

from __future__ import annotations

OUR_WORDS: dict[str, str] = {
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
# Listed in the glossary but not underlined in answers: too common to need a hint every time.
NO_HOVER = frozenset({"revisit", "local area", "ofsted", "cqc", "send", "hmi", "nhs"})
