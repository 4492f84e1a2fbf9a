"""People's names, written the way their own script writes them, in every language.

A user's ``first_name`` holds the given name and ``last_name`` the family name. Names written
in Hangul (or Chinese characters, or kana) read family name first without a space, in Korean
and in English pages alike: 강지훈, never "지훈 강". Names in Latin letters read given name first
("Jihoon Kang", "Pat Participant"), which is also how Korean pages write foreign names. Every
page, e-mail, calendar file, PDF and API answer shows names through `person_name` (and the
``person_name`` template filter), so the order is decided in one place.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["person_name", "split_full_name", "written_family_first"]

#: Hangul syllables and jamo, CJK ideographs, kana: scripts that write the family name first.
_EAST_ASIAN = re.compile(
    r"^[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af"
    r"\uf900-\ufaff\s]+$"
)
_HANGUL_NAME = re.compile(r"^[가-힣]{2,6}$")
#: Korean family names of two syllables: "남궁민수" is 남궁 + 민수, not 남 + 궁민수.
TWO_SYLLABLE_FAMILY_NAMES = frozenset(
    {"남궁", "황보", "제갈", "선우", "독고", "사공", "서문", "동방", "어금", "망절", "소봉"}
)


def written_family_first(given: str, family: str) -> bool:
    """True when the name is written in an East Asian script (family name first, no space)."""
    return bool(given and family and _EAST_ASIAN.match(given) and _EAST_ASIAN.match(family))


def person_name(user: Any) -> str:
    """A user's name as it is written: 강지훈, Pat Participant; the user name when the user has
    no name; an empty string for no user."""
    if user is None:
        return ""
    given, family = (user.first_name or "").strip(), (user.last_name or "").strip()
    if not (given or family):
        return str(user.get_username())
    if written_family_first(given, family):
        return f"{family}{given}"
    return " ".join(part for part in (given, family) if part)


def split_full_name(name: str) -> tuple[str, str]:
    """(given name, family name) of a name written in one piece, so that `person_name` writes
    it back the same way: "강지훈" → ("지훈", "강"), "남궁민수" → ("민수", "남궁"),
    "강 지훈" → ("지훈", "강"), "Jihoon Kang" → ("Jihoon", "Kang"), "Cher" → ("Cher", "")."""
    name = " ".join(name.split())
    if _HANGUL_NAME.match(name):
        cut = 2 if len(name) >= 4 and name[:2] in TWO_SYLLABLE_FAMILY_NAMES else 1
        return name[cut:], name[:cut]
    if " " in name and _EAST_ASIAN.match(name):
        family, given = name.split(" ", 1)
        return given.replace(" ", ""), family
    if " " in name:
        given, family = name.rsplit(" ", 1)
        return given, family
    return name, ""
