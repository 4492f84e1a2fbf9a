"""Watch-list screening: flag survey organizations whose name resembles a listed entity.

A watch list is a CSV with columns ``name, aliases, country, reason, source`` (aliases
separated by ``;``). Names are compared after normalisation (Unicode NFKC, case folding,
punctuation removed, legal-form words such as "Inc.", "Co., Ltd." or "주식회사" dropped):

- containment: every word of a listed name or alias appears, in order, among the words of
  the organization's name ("WuXi Biologics (Cayman) Inc." contains "WuXi Biologics") → 1.0;
- otherwise the Dice coefficient of character trigrams of the two names with spaces
  removed, which tolerates spelling variants ("Wuxi-Biologics", "우시 바이오로직스").

A hit scores at least `DEFAULT_THRESHOLD`; it carries the entry's reason and source, the
name that matched, and whether the countries agree (a different country does not clear a
hit: subsidiaries operate abroad). Screening flags; an organizer decides. Flagged
organizations can be excluded from recommendations (``blocked`` in `recommend_all`).

`example_watchlist()` is the list shipped with the engine: the five companies named in the
proposed US BIOSECURE Act (H.R. 8333, 2024). It is an example with its source, not legal
advice.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from partnering_engine.errors import InputError
from partnering_engine.io.limits import read_bytes_limited
from partnering_engine.matching.countries import CountryError, normalise_country
from partnering_engine.matching.survey import MAX_SURVEY_BYTES, SurveyRow, decode_text
from partnering_engine.matching.taxonomy import split_multi

__all__ = [
    "DEFAULT_THRESHOLD",
    "ScreeningHit",
    "WatchEntry",
    "example_watchlist",
    "name_similarity",
    "read_watchlist",
    "screen",
]

DEFAULT_THRESHOLD = 0.85

_LEGAL_FORMS = frozenset(
    (
        "co",
        "ltd",
        "inc",
        "corp",
        "corporation",
        "company",
        "limited",
        "llc",
        "plc",
        "gmbh",
        "ag",
        "sa",
        "nv",
        "bv",
        "kk",
        "holdings",
        "holding",
        "cayman",
        "주식회사",
        "주",
        "유한회사",
    )
)
_NON_WORD = re.compile(r"[^\w]+")


@dataclass(frozen=True, slots=True)
class WatchEntry:
    name: str
    aliases: tuple[str, ...] = ()
    country: str = ""
    reason: str = ""
    source: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True, slots=True)
class ScreeningHit:
    org_id: str
    organization: str
    entry: WatchEntry
    matched_name: str
    score: float
    #: True when both countries are known and equal, None when either is unknown.
    country_match: bool | None

    def to_dict(self) -> dict[str, object]:
        return {
            "org_id": self.org_id,
            "organization": self.organization,
            "listed_name": self.entry.name,
            "matched_name": self.matched_name,
            "score": round(self.score, 3),
            "country_match": self.country_match,
            "reason": self.entry.reason,
            "source": self.entry.source,
        }


def _words(name: str) -> list[str]:
    text = unicodedata.normalize("NFKC", name).casefold()
    return [w for w in _NON_WORD.sub(" ", text).split() if w not in _LEGAL_FORMS]


def _trigrams(text: str) -> set[str]:
    padded = f"  {text} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def _contains(words: Sequence[str], part: Sequence[str]) -> bool:
    size = len(part)
    return any(list(words[i : i + size]) == list(part) for i in range(len(words) - size + 1))


def name_similarity(organization: str, listed: str) -> float:
    """Similarity in [0, 1] of an organization's name with a listed name (see module)."""
    org_words, listed_words = _words(organization), _words(listed)
    if not org_words or not listed_words:
        return 0.0
    if _contains(org_words, listed_words):
        return 1.0
    a, b = _trigrams("".join(org_words)), _trigrams("".join(listed_words))
    return 2.0 * len(a & b) / (len(a) + len(b))


def screen(
    rows: Iterable[SurveyRow],
    watchlist: Sequence[WatchEntry],
    *,
    threshold: float = DEFAULT_THRESHOLD,
) -> list[ScreeningHit]:
    """Every (organization, entry) pair scoring at least `threshold`, best first."""
    hits: list[ScreeningHit] = []
    for row in rows:
        for entry in watchlist:
            score, matched = max(
                (name_similarity(row.organization, name), name) for name in entry.names
            )
            if score < threshold:
                continue
            country_match = (
                None if not (entry.country and row.country) else entry.country == row.country
            )
            hits.append(
                ScreeningHit(row.org_id, row.organization, entry, matched, score, country_match)
            )
    hits.sort(key=lambda h: (-h.score, h.org_id))
    return hits


def _parse_watchlist(text: str, name: str) -> tuple[WatchEntry, ...]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [h.strip().casefold() for h in reader.fieldnames or []]
    if "name" not in header:
        raise InputError(f"{name}: row 1", "a watch list needs a 'name' column")
    entries: list[WatchEntry] = []
    for number, raw in enumerate(reader, start=2):
        record = {
            (k or "").strip().casefold(): (v or "").strip()
            for k, v in raw.items()
            if isinstance(v, str | None)
        }
        if not record.get("name"):
            if any(record.values()):
                raise InputError(f"{name}: row {number}, column 'name'", "is required")
            continue
        country = record.get("country", "")
        if country:
            try:
                country = normalise_country(country)
            except CountryError as error:
                raise InputError(f"{name}: row {number}, column 'country'", error.message) from None
        entries.append(
            WatchEntry(
                name=record["name"],
                aliases=tuple(split_multi(record.get("aliases", ""))),
                country=country,
                reason=record.get("reason", ""),
                source=record.get("source", ""),
            )
        )
    return tuple(entries)


def read_watchlist(
    source: str | Path | bytes, *, filename: str | None = None
) -> tuple[WatchEntry, ...]:
    """Read a watch-list CSV (UTF-8 or CP949) from a path or bytes; a file above
    `MAX_SURVEY_BYTES` or malformed CSV is an `InputError`."""
    if isinstance(source, bytes):
        data, name = source, filename or "watchlist"
    else:
        name = filename or str(source)
        data = read_bytes_limited(source, limit=MAX_SURVEY_BYTES)
    try:
        return _parse_watchlist(decode_text(data, name), name)
    except csv.Error as error:
        raise InputError(name, f"malformed CSV: {error}") from None


def example_watchlist() -> tuple[WatchEntry, ...]:
    """The example list shipped with the engine (BIOSECURE Act, H.R. 8333, 2024)."""
    resource = resources.files("partnering_engine.matching") / "data"
    data = (resource / "watchlist_biosecure_example.csv").read_bytes()
    return _parse_watchlist(decode_text(data, "watchlist_biosecure_example.csv"), "example")
