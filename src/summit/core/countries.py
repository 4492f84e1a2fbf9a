"""Countries for pickers: grouped by region with the summit's common ones first, and a search
over every name a country goes by (English, Korean, ISO code, aliases).

The table and the regions are the engine's (`partnering_engine.matching.countries`); region
names come from its vocabulary, in the active language.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from partnering_engine.matching import countries, taxonomy

__all__ = ["COMMON_COUNTRIES", "CountryOption", "grouped_country_choices", "search_countries"]

#: Offered first: where most of a Korean bio summit's participants come from.
COMMON_COUNTRIES = ("KR", "US", "JP", "CN", "DE", "GB", "FR", "CH", "SG", "IN")
#: Regions in the order a Korean audience looks for them.
_REGION_ORDER = (
    "east_asia",
    "southeast_asia",
    "south_asia",
    "north_america",
    "europe",
    "middle_east",
    "oceania",
    "latin_america",
    "africa",
    "global",
)


@dataclass(frozen=True, slots=True)
class CountryOption:
    code: str
    name: str
    region: str


def _language(language: str | None) -> str:
    return "ko" if (language or get_language() or "en").startswith("ko") else "en"


def _region_label(region: str, lang: str) -> str:
    return taxonomy.label("regions_of_interest", region, lang)


def grouped_country_choices(*, language: str | None = None) -> list[tuple[str, object]]:
    """Choices for a select: a "Common" group, then one group per region, names sorted in
    the language (a common country appears in its region too)."""
    lang = _language(language)
    common = [(code, countries.country_name(code, lang)) for code in COMMON_COUNTRIES]
    groups: list[tuple[str, object]] = [(_("Common"), common)]
    for region in _REGION_ORDER:
        members = sorted(
            (
                (code, country.name(lang))
                for code, country in countries.COUNTRIES.items()
                if country.region == region
            ),
            key=lambda pair: pair[1],
        )
        if members:
            groups.append((_region_label(region, lang), members))
    return groups


def search_countries(
    *, query: str, language: str | None = None, limit: int = 20
) -> list[CountryOption]:
    """Countries whose name (either language), code or alias matches `query`: exact matches
    first ("uk", "de"), then names that start with it, then names that contain it; the
    common countries when it is empty."""
    lang = _language(language)
    needle = query.strip().casefold()
    if not needle:
        return [
            CountryOption(
                code,
                countries.country_name(code, lang),
                _region_label(countries.region_of(code), lang),
            )
            for code in COMMON_COUNTRIES
        ]
    ranked: list[tuple[int, str, str]] = []
    for code, country in countries.COUNTRIES.items():
        names = [country.en, country.ko, *country.aliases]
        folded = [name.casefold() for name in names]
        if code.casefold() == needle or needle in folded:
            rank = 0
        elif any(name.startswith(needle) for name in folded):
            rank = 1
        elif any(needle in name for name in folded):
            rank = 2
        else:
            continue
        ranked.append((rank, country.name(lang), code))
    ranked.sort()
    return [
        CountryOption(code, name, _region_label(countries.region_of(code), lang))
        for _rank, name, code in ranked[:limit]
    ]
