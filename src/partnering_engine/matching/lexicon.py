"""A bilingual concept lexicon: English and Korean phrases -> survey vocabulary codes.

Every concept is a code of the survey's own vocabulary (`taxonomy`): a therapeutic area, a
modality, or a kind of cooperation (an offer/seek code, direction-free: ``licensing``,
``tech_transfer`` and ``procurement`` stand for both sides). Each concept is found by its
taxonomy labels (English and Korean) plus the synonyms below, so a Korean seek
("항체 위탁생산") and an English offer ("antibody contract manufacturing") meet on the same
concepts (``mab``, ``manufacturing_capacity``).

Deal kinds map to the cooperation concepts in both languages: contract manufacturing,
CDMO, fill-finish, 위탁생산, 위탁개발생산, 충전 -> ``manufacturing_capacity``; supply,
procurement, tenders, 공급, 조달, 구매 -> ``procurement``; licensing in or out, 기술수출,
기술도입 -> ``licensing``; 기술이전 of an asset -> ``licensing``, of a process or a production
package -> ``tech_transfer`` (Korean business usage: 파이프라인 기술이전 is the licence deal);
investment, 투자 -> ``funding``; clinical trials, 임상시험 -> ``clinical_capability``;
regulatory, 인허가 -> ``regulatory_support``; distribution, 유통 -> ``distribution``.

Matching rules. English phrases match at a word start, case-insensitively, and are stems
(``antibod`` matches antibody/antibodies); a phrase ending in ``$`` must end the word
(``adc$`` does not match "adcetris"); a space in a phrase matches spaces or a hyphen, a
hyphen also nothing (``co-develop`` matches "co develop" and "codevelop"). Korean phrases
match anywhere, in the text with the spaces between Hangul syllables removed (Korean glues
particles to words and spaces compounds freely: ``위탁생산을``, ``위탁 생산``), so they are
at least two syllables. Phrases that contain a concept's spelling without naming it are
listed per concept and taken out before the concept is counted (`NOT_MEANT`:
"clinical-stage assets" are not a clinical capability, a conjugate vaccine is not an ADC,
면역항암 is oncology, not immunology). The phrases themselves, synonyms and exclusions, are
data in `_lexicon_phrases`.

Speed. `concepts_in` runs once per description on the recommender's hot path (20,000
organizations: 40,000 texts). English patterns are indexed by the first letters of their
spelling and tried only at the text's word starts; Korean phrases are C substring searches,
skipped for text without Hangul.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import TypeAlias

from partnering_engine.matching._lexicon_phrases import NOT_MEANT, SYNONYMS
from partnering_engine.matching.taxonomy import VOCABULARIES

__all__ = ["CONCEPTS", "concept_label", "concepts_in", "vocabulary_codes"]

#: Direction-free concept -> (offer code, seek code) of the survey.
_COOPERATION = {
    "licensing": ("licensing_out", "licensing_in"),
    "tech_transfer": ("tech_transfer_out", "tech_transfer_in"),
    "procurement": ("procurement", "procurement_supply"),
}
_COOPERATION.update(
    {t.code: (t.code, t.code) for t in VOCABULARIES["offers"] if t.code not in _COOPERATION}
)
_COOPERATION.pop("licensing_out", None)
_COOPERATION.pop("tech_transfer_out", None)

#: All concepts, in a stable order (the columns of concept vectors).
CONCEPTS: tuple[str, ...] = tuple(
    dict.fromkeys(
        [t.code for t in VOCABULARIES["therapeutic_areas"] if t.code != "other"]
        + [t.code for t in VOCABULARIES["modalities"] if t.code != "other"]
        + list(_COOPERATION)
    )
)

_CONCEPT_LABELS = {
    "licensing": ("Licensing", "라이선스"),
    "tech_transfer": ("Technology transfer", "기술이전"),
    "procurement": ("Procurement / supply", "조달·공급"),
}


def concept_label(concept: str, lang: str = "en") -> str:
    """The display label of a concept in `lang`."""
    if concept in _CONCEPT_LABELS:
        en, ko = _CONCEPT_LABELS[concept]
        return ko if lang == "ko" else en
    for field in ("therapeutic_areas", "modalities", "offers"):
        for term in VOCABULARIES[field]:
            if term.code == concept:
                return term.label(lang)
    return concept


def _english_pattern(stem: str) -> str:
    whole = stem.endswith("$")
    body = re.escape(stem.rstrip("$")).replace(r"\ ", r"[\s-]+").replace(r"\-", r"[\s-]?")
    return rf"(?<![a-z0-9]){body}" + (r"(?![a-z0-9])" if whole else "")


_ANCHOR = re.compile(r"[a-z0-9\uac00-\ud7a3]+")


def _anchor(spelling: str) -> str:
    """The longest plain run of letters every match of `spelling` contains."""
    return max(_ANCHOR.findall(spelling.rstrip("$").casefold()), key=len, default="")


_HANGUL_GAP = re.compile(r"(?<=[\uac00-\ud7a3])[\s·ㆍ・]+(?=[\uac00-\ud7a3])")


def _normalised(text: str) -> str:
    """Case-folded, with the spaces and middle dots between two Hangul syllables removed:
    Korean spaces compounds freely (위탁생산 / 위탁 생산, 세포치료제 / 세포 치료제), so
    Korean phrases are written and searched without them."""
    return _HANGUL_GAP.sub("", text.casefold())


@dataclass(frozen=True)
class _Spellings:
    """How one concept is found: Korean phrases are plain substrings (they match anywhere);
    English alternatives are (spelling, plain substring every match contains, pattern
    matching at a word start). Text that `not_meant` matches is taken out before a second
    look."""

    korean: tuple[str, ...]
    english: tuple[tuple[str, str, re.Pattern[str]], ...]
    not_meant: re.Pattern[str] | None

    def named_in(self, text: str) -> bool:
        return any(phrase in text for phrase in self.korean) or any(
            anchor in text and pattern.search(text) for _, anchor, pattern in self.english
        )


def _patterns() -> dict[str, _Spellings]:
    """Concept -> its spellings (taxonomy labels and synonyms), normalised."""
    patterns: dict[str, _Spellings] = {}
    labels: dict[str, list[str]] = {}
    for field in ("therapeutic_areas", "modalities", "offers", "seeks"):
        for term in VOCABULARIES[field]:
            concept = term.code
            for code, (offer, seek) in _COOPERATION.items():
                if term.code in (offer, seek):
                    concept = code
            if concept in CONCEPTS:
                labels.setdefault(concept, []).extend([term.en.casefold(), term.ko])
    for concept in CONCEPTS:
        english, korean = SYNONYMS.get(concept, ((), ()))
        spellings = [s for s in labels.get(concept, []) if not s.startswith(("technology", "기타"))]
        ascii_labels = [s.casefold() for s in spellings if s.isascii() and len(s) > 3]
        hangul = [s for s in (*korean, *spellings) if not s.isascii()]
        excluded = NOT_MEANT.get(concept, ())
        patterns[concept] = _Spellings(
            korean=tuple(dict.fromkeys(_normalised(s) for s in hangul)),
            english=tuple(
                (s.casefold(), _anchor(s), re.compile(_english_pattern(s.casefold())))
                for s in dict.fromkeys((*english, *ascii_labels))
            ),
            not_meant=re.compile("|".join(excluded)) if excluded else None,
        )
    return patterns


_PATTERNS = _patterns()

_Entry: TypeAlias = tuple[str, re.Pattern[str]]


def _word_start_index() -> dict[str, tuple[_Entry, ...]]:
    """English patterns by the first three characters of their spelling (fewer when a space
    or hyphen, which the pattern lets vary, comes earlier): a text is searched only at its
    word starts, and there only with the patterns whose spelling begins with the letters
    found there."""
    index: dict[str, list[_Entry]] = {}
    for concept, spellings in _PATTERNS.items():
        for spelling, _, pattern in spellings.english:
            key = spelling[:3]
            while not key.isalnum():
                key = key[:-1]
            index.setdefault(key, []).append((concept, pattern))
    return {k: tuple(v) for k, v in index.items()}


_BY_START = _word_start_index()
_KOREAN_PHRASES: tuple[tuple[str, str], ...] = tuple(
    (phrase, concept) for concept, s in _PATTERNS.items() for phrase in s.korean
)
_WORD_START = re.compile(r"(?<![a-z0-9])[a-z0-9]")
_ANY_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_NO_ENTRIES: tuple[_Entry, ...] = ()


@functools.lru_cache(maxsize=65536)
def concepts_in(text: str) -> frozenset[str]:
    """The concepts (`CONCEPTS`) a free text mentions, in English or Korean."""
    normalised = _normalised(text)
    found: set[str] = set()
    for start in _WORD_START.finditer(normalised):
        at = start.start()
        for length in (3, 2, 1):
            for concept, pattern in _BY_START.get(normalised[at : at + length], _NO_ENTRIES):
                if concept not in found and pattern.match(normalised, at):
                    found.add(concept)
    if _ANY_HANGUL.search(normalised):
        found.update(c for phrase, c in _KOREAN_PHRASES if c not in found and phrase in normalised)
    for concept in list(found):
        not_meant = _PATTERNS[concept].not_meant
        if not_meant is not None and not _PATTERNS[concept].named_in(
            not_meant.sub(" ", normalised)
        ):
            found.discard(concept)
    return frozenset(found)


def vocabulary_codes(concepts: frozenset[str], field: str) -> tuple[str, ...]:
    """The survey codes of `field` (``therapeutic_areas``, ``modalities``, ``offers`` or
    ``seeks``) that `concepts` stand for, in vocabulary order: a text-only survey row is
    given the codes its descriptions mention (the rule-based fallback)."""
    wanted: set[str] = set()
    for concept in concepts:
        if field in ("offers", "seeks") and concept in _COOPERATION:
            offer, seek = _COOPERATION[concept]
            wanted.add(offer if field == "offers" else seek)
        elif field in ("therapeutic_areas", "modalities"):
            wanted.add(concept)
    return tuple(t.code for t in VOCABULARIES[field] if t.code in wanted)
