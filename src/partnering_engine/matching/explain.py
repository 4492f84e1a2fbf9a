"""Reasons for a recommendation, as one sentence in English or Korean.

The sentence names what carried the score, from A's point of view (A receives the
recommendation of B), strongest first. `carried` is each feature's share of the score
(weight × value, `scoring.contributions`); features are grouped into what a person reads:

- B's offers that answer A's seeks, A's offers that answer B's seeks (together: mutual fit);
- shared therapeutic areas and modalities, chosen or named in the descriptions (one label
  when the two say the same thing, as "Vaccines" and "Vaccine" do);
- descriptions that match: content words both share (never particles or function words,
  `text.keywords`) and concepts both name (`lexicon`, labelled in the reader's language);
- B's place: in A's regions of interest, in the same country;
- the organization types: a pair of types that often signs deals (the fitted table);
- B's reach: B's profile fits many participants (the model's partner-reach term, B's mean
  score among everyone's candidates).

A group that added less than `MIN_SHARE` of the strongest group's part is left out, so the
sentence does not list what did not matter; offer↔seek matches are named whenever they
added anything (they are what a participant acts on). Without `carried` every group that applies is
named. B is named in Korean on Korean reasons when the survey has a Korean name. A wishlist
adds a second sentence.
"""

from __future__ import annotations

from collections.abc import Mapping

from partnering_engine.matching.countries import country_name, region_of
from partnering_engine.matching.lexicon import concept_label, concepts_in, vocabulary_codes
from partnering_engine.matching.survey import SurveyRow
from partnering_engine.matching.taxonomy import OFFER_ANSWERS_SEEK, label
from partnering_engine.matching.text import keywords

__all__ = ["MIN_SHARE", "matched_pairs", "reasons", "shared_fields", "shared_keywords"]

#: A group of features is named when it carried at least this share of the strongest one.
MIN_SHARE = 0.1
#: At most this many clauses in one sentence.
MAX_CLAUSES = 4

_GROUPS: Mapping[str, tuple[str, ...]] = {
    "they_offer": ("need_forward", "specific_forward"),
    "you_offer": ("need_backward", "specific_backward"),
    "fields": (
        "areas_shared",
        "modalities_shared",
        "areas_cosine",
        "modalities_cosine",
        "areas_named",
        "modalities_named",
    ),
    "text": (
        "text_forward",
        "text_backward",
        "text_profile",
        "concepts_forward",
        "concepts_backward",
    ),
    "region": ("region_forward", "region_backward", "regions_shared"),
    "country": ("same_country",),
    "types": ("type_pair",),
    "reach": ("reach",),
}


def matched_pairs(seeker: SurveyRow, provider: SurveyRow) -> list[tuple[str, str]]:
    """(offer code of `provider`, seek code of `seeker`) pairs, in the seeker's order."""
    answered = {OFFER_ANSWERS_SEEK[o]: o for o in provider.offers}
    return [(answered[s], s) for s in seeker.seeks if s in answered]


def shared_keywords(seek_text: str, offer_text: str, *, limit: int = 3) -> list[str]:
    """Content words (3+ characters, or 2+ Hangul) found in both descriptions, longest
    first."""
    offered = set(keywords(offer_text))
    seen: list[str] = []
    for word in keywords(seek_text):
        long_enough = len(word) >= 3 or (len(word) >= 2 and not word.isascii())
        if word in offered and long_enough and word not in seen and not word.isdigit():
            seen.append(word)
    return sorted(seen, key=len, reverse=True)[:limit]


def _same_thing(a: str, b: str) -> bool:
    a, b = a.casefold(), b.casefold()
    return a == b or a.rstrip("s") == b.rstrip("s")


def _fields(row: SurveyRow, field: str) -> tuple[str, ...]:
    """The codes of `field` the row chose, then those its descriptions name (`lexicon`)."""
    named = concepts_in(row.description_seek) | concepts_in(row.description_offer)
    chosen: tuple[str, ...] = getattr(row, field)
    return tuple(dict.fromkeys((*chosen, *vocabulary_codes(named, field))))


def shared_fields(me: SurveyRow, partner: SurveyRow, lang: str) -> list[str]:
    """Labels of the therapeutic areas and modalities both chose or named in their
    descriptions, without saying one thing twice ('Vaccines' the area and 'Vaccine' the
    modality are one word to a reader)."""
    out: list[str] = []
    theirs = set(_fields(partner, "therapeutic_areas"))
    for area in _fields(me, "therapeutic_areas"):
        if area in theirs and area != "other":
            out.append(label("therapeutic_areas", area, lang))
    theirs = set(_fields(partner, "modalities"))
    for modality in _fields(me, "modalities"):
        if modality in theirs and modality != "other":
            text = label("modalities", modality, lang)
            if not any(_same_thing(text, known) for known in out):
                out.append(text)
    return out


def _join(items: list[str], lang: str) -> str:
    if lang == "ko":
        return ", ".join(items)
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _pairs_text(pairs: list[tuple[str, str]], lang: str) -> str:
    rendered = []
    for offer, seek in pairs:
        offer_label, seek_label = label("offers", offer, lang), label("seeks", seek, lang)
        same = offer_label == seek_label
        rendered.append(offer_label if same else f"{offer_label} ↔ {seek_label}")
    return _join(rendered, lang)


def _offer_clauses(me: SurveyRow, partner: SurveyRow, lang: str, groups: set[str]) -> list[str]:
    ko = lang == "ko"
    they_give = matched_pairs(me, partner) if "they_offer" in groups else []
    i_give = matched_pairs(partner, me) if "you_offer" in groups else []
    if they_give and i_give:
        return [
            f"상호 보완 — 상대 제공: {_pairs_text(they_give, lang)}; "
            f"귀사 제공: {_pairs_text(i_give, lang)}"
            if ko
            else f"mutual fit — they offer what you seek ({_pairs_text(they_give, lang)}) "
            f"and you offer what they seek ({_pairs_text(i_give, lang)})"
        ]
    if they_give:
        return [
            f"상대가 귀사가 찾는 것을 제공 ({_pairs_text(they_give, lang)})"
            if ko
            else f"they offer what you seek ({_pairs_text(they_give, lang)})"
        ]
    if i_give:
        return [
            f"귀사가 상대가 찾는 것을 제공 ({_pairs_text(i_give, lang)})"
            if ko
            else f"you offer what they seek ({_pairs_text(i_give, lang)})"
        ]
    return []


def _text_clause(me: SurveyRow, partner: SurveyRow, lang: str) -> str | None:
    ko = lang == "ko"
    words = shared_keywords(me.description_seek, partner.description_offer)
    if not words:
        words = shared_keywords(partner.description_seek, me.description_offer)
    named = (concepts_in(me.description_seek) & concepts_in(partner.description_offer)) | (
        concepts_in(partner.description_seek) & concepts_in(me.description_offer)
    )
    labels = sorted({concept_label(c, lang) for c in named})
    # A shared word that is a concept's own name ('mrna') reads better as its label (mRNA).
    words = [w for w in words if not any(_same_thing(w, topic) for topic in labels)]
    topics: list[str] = []
    for topic in labels:
        if not any(_same_thing(topic, seen) for seen in (*words, *topics)):
            topics.append(topic)
    topics = topics[:3]
    if not words and not topics:
        return None
    parts = [", ".join(f"'{w}'" for w in words)] if words else []
    parts += [_join(topics, lang)] if topics else []
    joined = "; ".join(parts)
    return (
        f"설명이 서로의 요구와 일치 ({joined})"
        if ko
        else f"their description matches what you look for ({joined})"
    )


def _type_clause(me: SurveyRow, partner: SurveyRow, lang: str) -> str:
    theirs, mine = label("org_type", partner.org_type, lang), label("org_type", me.org_type, lang)
    if lang == "ko":
        return f"{theirs}–{mine} 간 협력이 많은 조합"
    if theirs == mine:
        return f"{theirs} organizations often sign deals with each other"
    return f"{theirs} and {mine} organizations often sign deals together"


def _place_clauses(me: SurveyRow, partner: SurveyRow, lang: str, groups: set[str]) -> list[str]:
    ko = lang == "ko"
    place = country_name(partner.country, lang)
    region = region_of(partner.country)
    in_region = any(r in ("global", region) for r in me.regions_of_interest)
    if "country" in groups and partner.country == me.country:
        return [f"같은 국가 소재 ({place})" if ko else f"also based in {place}"]
    if "region" in groups and in_region:
        region_label = label("regions_of_interest", region, lang)
        return [
            f"관심 지역 소재 ({place}, {region_label})"
            if ko
            else f"based in {place}, in your target region {region_label}"
        ]
    return []


def _carried_groups(carried: Mapping[str, float] | None) -> list[str]:
    if carried is None:
        return list(_GROUPS)
    parts = {g: sum(carried.get(k, 0.0) for k in keys) for g, keys in _GROUPS.items()}
    strongest = max(parts.values(), default=0.0)
    if strongest <= 0:
        return []
    # Offer↔seek matches are what a participant acts on: named whenever they add to the
    # score, however small their part.
    always = ("they_offer", "you_offer")
    return [
        g
        for g in sorted(parts, key=lambda g: -parts[g])
        if parts[g] > 0 and (parts[g] >= MIN_SHARE * strongest or g in always)
    ]


def reasons(
    me: SurveyRow,
    partner: SurveyRow,
    *,
    lang: str = "en",
    carried: Mapping[str, float] | None = None,
) -> list[str]:
    """Why `partner` is recommended to `me`: one sentence (plus one for a wishlist)."""
    ko = lang == "ko"
    ordered = _carried_groups(carried)
    groups = set(ordered)
    clauses: list[str] = []
    offers_named = place_named = False
    for group in ordered:
        if group in ("they_offer", "you_offer"):
            if not offers_named:
                clauses += _offer_clauses(me, partner, lang, groups)
                offers_named = True
        elif group == "fields":
            shared = shared_fields(me, partner, lang)
            if shared:
                clauses.append(
                    f"공통 분야: {_join(shared, lang)}"
                    if ko
                    else f"both work on {_join(shared, lang)}"
                )
        elif group == "text":
            clause = _text_clause(me, partner, lang)
            if clause:
                clauses.append(clause)
        elif group in ("region", "country"):
            if not place_named:
                clauses += _place_clauses(me, partner, lang, groups)
                place_named = True
        elif group == "types" and carried is not None:
            clauses.append(_type_clause(me, partner, lang))
        elif group == "reach" and carried is not None:
            clauses.append(
                "여러 참가 기관의 수요와 두루 맞는 파트너"
                if ko
                else "a partner whose profile fits many participants"
            )
    clauses = clauses[:MAX_CLAUSES]
    place = country_name(partner.country, lang)
    if not clauses:
        clauses.append(f"소재지 {place}" if ko else f"based in {place}")
    body = "; ".join(clauses)
    name = partner.organization_ko if ko and partner.organization_ko else partner.organization
    out = [f"{name}: {body[0].upper()}{body[1:]}."]
    if partner.org_id in me.wishlist:
        out.append("귀사의 희망 파트너 목록에 있습니다." if ko else "On your wishlist.")
    if me.org_id in partner.wishlist:
        out.append(
            "상대가 귀사를 희망 파트너로 지정했습니다." if ko else "They put you on their wishlist."
        )
    return out
