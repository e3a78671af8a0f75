"""Is the question in English? The documents, the question reading and the answerer are English
only: a question in Welsh (or French, Polish, Urdu ...) gets a plain "only English is understood"
instead of an answer built from whatever passage happens to share a place name with it.

Function words decide: every English question has some ("did", "the", "what", "in"), a question
in another language has that language's own ("wnaeth", "ar", "yw"; "le", "est"; "czy", "jest").
Words both languages share ("a", "i", "o", "am", "in") count for neither.
"""

from __future__ import annotations

import re

from core.models import Answer


def _words(text: str) -> frozenset[str]:
    """A set of words written as one string (keeps long word lists readable)."""
    return frozenset(text.split())


ONLY_ENGLISH = ("Only English is understood: please ask your question in English. The documents "
                "are English inspection letters, reports and council papers, and answers come "
                "only from them.")

_ENGLISH = _words("""
the of and to in is are was were be been has have had do does did what which who whom whose when
where why how this that these those it its for on with as by from about at an or not no yes
there their they them he she his her we our you your my me i can could should would will shall
may might must any all some many much more most other than then so if but also into after before
between during since until against any each every did make made get got find found say said tell
improve improved progress inspection inspectors area areas council report letter plans plan
weakness weaknesses sufficient outcome outcomes children young people parents services school
schools send ehc wsoa local support needs what's didn't doesn't isn't
""")

_FOREIGN: dict[str, frozenset[str]] = {
    "Welsh": _words("""
        ac ar beth bod dan dros ei eu fy gan gyda heb hefyd hwn hon hyn mae neu nid oedd pa pam
        pryd pwy sut tan trwy wedi wnaeth wneud yn yr yw ydy ydi oes ble faint cynnydd digonol
        gynlluniau cynlluniau cynllun ardal ardaloedd plant pobl ifanc adroddiad arolygiad
        gwendidau gwendid ysgol ysgolion rhieni cyngor gwasanaethau beth yw ddigon mewn ynghylch
        ynglŷn sydd oedd fydd wnaeth gwnaeth dweud ddywedodd
    """),
    "French": _words("""
        le la les des du une est sont quel quelle quels quelles pourquoi comment qui que quoi
        dans sur pour avec sans leur leurs nous vous ils elles été fait progrès suffisant enfants
        rapport ont avait aux ce cette ces
    """),
    "Spanish": _words("""
        el los las del una es son qué cuál cuáles por qué cómo quién dónde cuando para con sin
        hizo progreso suficiente niños informe fue han está están sobre la en de y encontró
        resultado inspección
    """),
    "German": _words("""
        der die das den dem des ein eine ist sind was welche warum wie wer wo wann und mit für
        über hat haben wurde fortschritt fortschritte ausreichend ausreichende kinder bericht
        nicht auch gemacht ergebnis inspektion
    """),
    "Polish": _words("""
        czy jest są jak dlaczego kiedy gdzie który która które oraz jego jej ich dla przez
        postęp dzieci raport zrobił zrobiła nie się
    """),
    "Italian": _words("""
        il lo gli della delle degli che cosa perché come chi dove quando sono è ha hanno fatto
        progressi sufficienti bambini rapporto
    """),
    "Portuguese": _words("""
        os as da das dos um uma é são porque como quem onde quando fez progresso suficiente
        crianças relatório não
    """),
}
_WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_LATIN_RE = re.compile(r"[A-Za-zÀ-ɏŵŷŴŶ]")


def foreign_language(question: str) -> str | None:
    """The language a question is written in when it is clearly not English, else None."""
    letters = [ch for ch in question if ch.isalpha()]
    if len(letters) >= 6 and sum(bool(_LATIN_RE.match(ch)) for ch in letters) < 0.5 * len(letters):
        return "a language in another script"
    words = [w.lower().replace("’", "'") for w in _WORD_RE.findall(question)]
    if len(words) < 3:
        return None
    english = sum(w in _ENGLISH for w in words)
    best, hits = None, 0
    for language, vocabulary in _FOREIGN.items():
        found = sum(w in vocabulary and w not in _ENGLISH for w in words)
        if found > hits:
            best, hits = language, found
    if hits >= 2 and hits > english:
        return best
    return None


def only_english(question: str) -> Answer | None:
    """The reply to a question that is not in English; None for an English question."""
    if foreign_language(question) is None:
        return None
    return Answer(answer=ONLY_ENGLISH, abstained=True, citations=[])
