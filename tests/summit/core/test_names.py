"""Names read the way their script writes them, in Korean and English pages alike."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.utils import translation

from summit.core.names import person_name, split_full_name


def _user(given: str, family: str, username: str = "someone@example.org") -> SimpleNamespace:
    return SimpleNamespace(
        first_name=given, last_name=family, get_username=lambda: username, username=username
    )


@pytest.mark.parametrize(
    ("given", "family", "written"),
    [
        ("지훈", "강", "강지훈"),
        ("민수", "남궁", "남궁민수"),
        ("太郎", "山田", "山田太郎"),
        ("Jihoon", "Kang", "Jihoon Kang"),
        ("Pat", "Participant", "Pat Participant"),
        ("Maximiliane Alexandra", "Wolfe", "Maximiliane Alexandra Wolfe"),
        ("Cher", "", "Cher"),
        ("", "강", "강"),
        (" 지훈 ", " 강 ", "강지훈"),
    ],
)
def test_person_name_writes_east_asian_names_family_first_and_others_given_first(
    given, family, written
):
    assert person_name(_user(given, family)) == written


def test_person_name_falls_back_to_the_user_name_and_to_nothing_without_a_user():
    assert person_name(_user("", "", "kim@example.org")) == "kim@example.org"
    assert person_name(None) == ""


@pytest.mark.parametrize("language", ["en", "ko"])
def test_person_name_filter_is_the_same_in_every_language(language):
    template = Template("{% load summit %}{{ a|person_name }} / {{ b|person_name }}")
    with translation.override(language):
        text = template.render(Context({"a": _user("지훈", "강"), "b": _user("Jihoon", "Kang")}))
    assert text == "강지훈 / Jihoon Kang"


@pytest.mark.parametrize(
    ("name", "parts"),
    [
        ("강지훈", ("지훈", "강")),
        ("남궁민수", ("민수", "남궁")),
        ("남궁민", ("궁민", "남")),
        ("강 지훈", ("지훈", "강")),
        ("Jihoon Kang", ("Jihoon", "Kang")),
        ("  Mary  Ann   Smith ", ("Mary Ann", "Smith")),
        ("Cher", ("Cher", "")),
    ],
)
def test_split_full_name_gives_given_and_family_name_that_read_back_the_same(name, parts):
    assert split_full_name(name) == parts
    written = " ".join(name.split()).replace("강 지훈", "강지훈")
    assert person_name(_user(*parts)) == written
