"""Reasons for a recommendation, as one sentence in English or Korean.

The sentence names what the score is made of, from A's point of view (A receives the
recommendation of B): B's offers that answer A's seeks, A's offers that answer B's seeks,
shared therapeutic areas and modalities, and B's country when it lies in A's regions of
interest; words shared by A's ``description_seek`` and B's ``description_offer`` when the
text drove the match. A wishlist adds a second reason.
"""

from __future__ import annotations

from partnering_engine.matching.countries import country_name, region_of
from partnering_engine.matching.survey import SurveyRow
from partnering_engine.matching.taxonomy import OFFER_ANSWERS_SEEK, label
from partnering_engine.matching.text import tokens

__all__ = ["matched_pairs", "reasons", "shared_keywords"]


def matched_pairs(seeker: SurveyRow, provider: SurveyRow) -> list[tuple[str, str]]:
    """(offer code of `provider`, seek code of `seeker`) pairs, in the seeker's order."""
    answered = {OFFER_ANSWERS_SEEK[o]: o for o in provider.offers}
    return [(answered[s], s) for s in seeker.seeks if s in answered]


def shared_keywords(seek_text: str, offer_text: str, *, limit: int = 3) -> list[str]:
    """Words (3+ characters, or 2+ Hangul) found in both descriptions, longest first."""
    offered = set(tokens(offer_text))
    seen: list[str] = []
    for word in tokens(seek_text):
        long_enough = len(word) >= 3 or (len(word) >= 2 and not word.isascii())
        if word in offered and long_enough and word not in seen and not word.isdigit():
            seen.append(word)
    return sorted(seen, key=len, reverse=True)[:limit]


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


def reasons(me: SurveyRow, partner: SurveyRow, *, lang: str = "en") -> list[str]:
    """Why `partner` is recommended to `me`: one sentence (plus one for a wishlist)."""
    ko = lang == "ko"
    they_give = matched_pairs(me, partner)
    i_give = matched_pairs(partner, me)
    areas = [a for a in me.therapeutic_areas if a in partner.therapeutic_areas]
    modalities = [m for m in me.modalities if m in partner.modalities]
    region = region_of(partner.country)
    in_region = not me.regions_of_interest or any(
        r in ("global", region) for r in me.regions_of_interest
    )

    clauses: list[str] = []
    if they_give and i_give:
        clauses.append(
            f"상호 보완 — 상대 제공: {_pairs_text(they_give, lang)}; "
            f"귀사 제공: {_pairs_text(i_give, lang)}"
            if ko
            else f"mutual fit — they offer what you seek ({_pairs_text(they_give, lang)}) "
            f"and you offer what they seek ({_pairs_text(i_give, lang)})"
        )
    elif they_give:
        clauses.append(
            f"상대가 귀사가 찾는 것을 제공 ({_pairs_text(they_give, lang)})"
            if ko
            else f"they offer what you seek ({_pairs_text(they_give, lang)})"
        )
    elif i_give:
        clauses.append(
            f"귀사가 상대가 찾는 것을 제공 ({_pairs_text(i_give, lang)})"
            if ko
            else f"you offer what they seek ({_pairs_text(i_give, lang)})"
        )
    shared = [label("therapeutic_areas", a, lang) for a in areas] + [
        label("modalities", m, lang) for m in modalities
    ]
    if shared:
        clauses.append(
            f"공통 분야: {_join(shared, lang)}" if ko else f"both work on {_join(shared, lang)}"
        )
    keywords = shared_keywords(me.description_seek, partner.description_offer)
    if keywords:
        quoted = ", ".join(f"'{k}'" for k in keywords)
        clauses.append(
            f"제공 설명이 귀사의 요구와 일치 ({quoted})"
            if ko
            else f"their offer description matches your request ({quoted})"
        )
    place = country_name(partner.country, lang)
    if in_region and me.regions_of_interest:
        region_label = label("regions_of_interest", region, lang)
        clauses.append(
            f"관심 지역 소재 ({place}, {region_label})"
            if ko
            else f"based in {place}, in your target region {region_label}"
        )
    elif not clauses:
        clauses.append(f"소재지 {place}" if ko else f"based in {place}")
    body = "; ".join(clauses)
    out = [f"{partner.organization}: {body[0].upper()}{body[1:]}."]
    if partner.org_id in me.wishlist:
        out.append("귀사의 희망 파트너 목록에 있습니다." if ko else "On your wishlist.")
    if me.org_id in partner.wishlist:
        out.append(
            "상대가 귀사를 희망 파트너로 지정했습니다." if ko else "They put you on their wishlist."
        )
    return out
