"""The search-as-you-type pickers: the widget's markup and fallback, the search endpoints'
fragments (countries grouped by region, an event's organizations) and their query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from summit.core.countries import COMMON_COUNTRIES, grouped_country_choices, search_countries
from summit.core.widgets import SearchSelect, SearchSelectMultiple


@pytest.mark.unit
def test_grouped_country_choices_common_first_then_every_country_by_region():
    groups = grouped_country_choices(language="en")
    label, common = groups[0]
    assert label == "Common"
    assert [code for code, _name in common] == list(COMMON_COUNTRIES)
    regions = [label for label, _members in groups[1:]]
    assert regions[:3] == ["East Asia", "Southeast Asia", "South Asia"]
    every = [code for _label, members in groups[1:] for code, _name in members]
    assert len(every) == len(set(every)) == 249


@pytest.mark.unit
def test_search_countries_matches_korean_names_aliases_and_codes():
    assert [c.code for c in search_countries(query="대한", language="ko")] == ["KR"]
    assert search_countries(query="korea", language="en")[0].code in {"KR", "KP"}
    assert search_countries(query="uk", language="en")[0].code == "GB"
    assert search_countries(query="de", language="en")[0].code == "DE"
    (germany,) = [c for c in search_countries(query="germ", language="ko") if c.code == "DE"]
    assert (germany.name, germany.region) == ("독일", "유럽")


@pytest.mark.unit
def test_search_countries_prefix_matches_come_before_inner_matches():
    names = [c.name for c in search_countries(query="land", language="en")]
    # "Land…" would start with it; "Finland", "Iceland", … contain it.
    assert {"Finland", "Iceland"} <= set(names)
    assert len(names) <= 20


@pytest.mark.unit
def test_search_select_renders_the_plain_select_and_a_hidden_combobox():
    widget = SearchSelect(search_url="/pick/", choices=[("", "—"), ("KR", "South Korea")])
    html = widget.render("country", "KR", attrs={"id": "id_country"})
    assert '<select name="country" id="id_country"><option value="">—</option>' in html
    assert '<option value="KR" selected>South Korea</option>' in html
    assert 'role="combobox"' in html
    assert 'aria-controls="id_country-listbox"' in html
    assert '<div class="picker-combo" hidden>' in html
    assert 'data-search-url="/pick/"' in html
    assert "<script>" not in html
    assert "style=" not in html


@pytest.mark.unit
def test_search_select_multiple_keeps_every_chosen_value_and_groups():
    widget = SearchSelectMultiple(
        search_url="/pick/",
        choices=[("Asia", [("KR", "Korea"), ("JP", "Japan")]), ("US", "United States")],
    )
    html = widget.render("wishlist", ["KR", "US"], attrs={"id": "id_wishlist"})
    assert 'multiple id="id_wishlist"' in html or 'id="id_wishlist" multiple' in html
    assert '<optgroup label="Asia"><option value="KR" selected>Korea</option>' in html
    assert '<option value="JP">Japan</option>' in html
    assert '<option value="US" selected>United States</option>' in html
    assert 'aria-multiselectable="true"' in html


@pytest.mark.integration
@pytest.mark.django_db
def test_country_search_fragment_lists_options_with_their_region(client, make_user):
    client.force_login(make_user("minji", language="ko"))
    response = client.get(reverse("pick_countries"), {"q": "일본"})
    body = response.content.decode()
    assert response.status_code == 200
    assert 'role="option"' in body
    assert 'data-value="JP"' in body
    assert "동아시아" in body
    assert "<html" not in body


@pytest.mark.integration
@pytest.mark.django_db
def test_country_search_without_a_query_offers_the_common_countries(client, participant):
    client.force_login(participant)
    body = client.get(reverse("pick_countries")).content.decode()
    assert 'class="picker-group">Common<' in body
    assert body.count('role="option"') == len(COMMON_COUNTRIES)


@pytest.mark.integration
@pytest.mark.django_db
def test_organization_search_finds_by_name_and_korean_name(
    client, participant, event, make_organization
):
    make_organization(event, "HANB", name="Hanbit Bio", name_local="한빛 바이오", country="KR")
    make_organization(event, "BETA", name="Beta Hanbit Labs")
    client.force_login(participant)
    url = reverse("organizations:pick", kwargs={"slug": event.slug})
    body = client.get(url, {"q": "hanbit", "key": "code"}).content.decode()
    # Starting with the query comes first.
    assert body.index('data-value="HANB"') < body.index('data-value="BETA"')
    assert "South Korea" in body
    korean = client.get(url, {"q": "한빛"}).content.decode()
    assert korean.count('role="option"') == 1
    nothing = client.get(url, {"q": "zzzz"}).content.decode()
    assert "No match" in nothing


@pytest.mark.integration
@pytest.mark.django_db
def test_organization_search_of_another_event_is_refused(client, participant, other_event):
    client.force_login(participant)
    url = reverse("organizations:pick", kwargs={"slug": other_event.slug})
    assert client.get(url, {"q": "a"}).status_code == 403


@pytest.mark.integration
@pytest.mark.django_db
def test_organization_search_query_count_does_not_grow_with_the_event(
    client, participant, event, make_organization
):
    client.force_login(participant)
    url = reverse("organizations:pick", kwargs={"slug": event.slug})

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, {"q": "bio"}).status_code == 200
        return len(queries)

    for index in range(3):
        make_organization(event, f"S{index}", name=f"Small Bio {index}")
    few = count()
    for index in range(40):
        make_organization(event, f"L{index}", name=f"Large Bio {index}")
    assert count() == few
    body = client.get(url, {"q": "bio"}).content.decode()
    assert body.count('role="option"') == 20
    assert "Type more to narrow the list" in body
