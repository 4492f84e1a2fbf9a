"""Schedule pages: start a run, follow its progress, review, compare, capacity."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from summit.scheduling.domain.capacity import CapacityOptions, execute_capacity_run
from summit.scheduling.domain.runs import RunOptions, execute_run
from summit.scheduling.models import ScheduleRun

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


@pytest.fixture
def organizer_client(client, organizer):
    client.force_login(organizer)
    return client


def _url(event: Any, name: str, **kwargs: Any) -> str:
    return reverse(f"scheduling:{name}", kwargs={"slug": event.slug, **kwargs})


def _done_run(event: Any, name: str = "") -> ScheduleRun:
    run = ScheduleRun.objects.create(
        event=event, name=name, options=RunOptions(solver="greedy", time_limit_s=1).as_json()
    )
    run = execute_run(run=run)
    assert run.status == "done", run.error
    return run


def _pairs(event, make_people, accepted, count):
    persons = make_people(event, count)
    for first, second in zip(persons[::2], persons[1::2], strict=True):
        accepted(first, second)
    return persons


def test_home_shows_the_form_and_the_drafts(organizer_client, event, make_people, accepted):
    _pairs(event, make_people, accepted, 2)
    _done_run(event, "Plan A")
    response = organizer_client.get(_url(event, "home"))
    assert response.status_code == 200
    content = response.content.decode()
    assert 'name="time_limit_s"' in content
    assert "Plan A" in content
    assert "1 / 1 (100.0 %)" in content
    assert reverse("scheduling:late", kwargs={"slug": event.slug}) in content


@pytest.mark.parametrize("runs", [1, 3])
def test_home_query_count_does_not_grow_with_runs(
    organizer_client, event, make_people, accepted, runs, django_assert_max_num_queries
):
    _pairs(event, make_people, accepted, 2)
    for number in range(runs):
        _done_run(event, f"Run {number}")
    with django_assert_max_num_queries(12):
        response = organizer_client.get(_url(event, "home"))
    assert response.content.decode().count('href="/e/bio-summit/schedule/runs/') == runs


def test_start_runs_the_task_and_shows_the_review(
    organizer_client,
    event,
    make_people,
    accepted,
    immediate_tasks,
    django_capture_on_commit_callbacks,
):
    _pairs(event, make_people, accepted, 4)
    with django_capture_on_commit_callbacks(execute=True):
        response = organizer_client.post(
            _url(event, "run_start"),
            {
                "name": "First",
                "solver": "greedy",
                "time_limit_s": 1,
                "seed": 0,
                "proposed_top": 3,
                "proposed_weight": 0.5,
            },
        )
    run = ScheduleRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _url(event, "run", run_id=run.pk)
    assert run.status == "done"
    page = organizer_client.get(response["Location"]).content.decode()
    assert 'id="run-summary"' in page
    assert "100.0 %" in page
    assert "Every meeting is in the schedule." in page


def test_start_with_a_time_limit_too_long_is_refused(organizer_client, event):
    response = organizer_client.post(
        _url(event, "run_start"),
        {
            "solver": "auto",
            "time_limit_s": 5000,
            "seed": 0,
            "proposed_top": 3,
            "proposed_weight": 0.5,
        },
    )
    assert response.status_code == 400
    assert "600" in response.content.decode()
    assert not ScheduleRun.objects.exists()


def test_progress_polls_while_running(organizer_client, event):
    run = ScheduleRun.objects.create(
        event=event,
        status="running",
        options={"time_limit_s": 60},
        progress={"phase": "weight", "scheduled": 7, "weight": 7.0, "bound": 8.0, "gap": 12.5},
    )
    from django.utils import timezone

    ScheduleRun.objects.filter(pk=run.pk).update(started_at=timezone.now())
    response = organizer_client.get(_url(event, "run_progress", run_id=run.pk))
    content = response.content.decode()
    assert 'hx-trigger="every 1s"' in content
    assert "12.50 %" in content
    assert '<dd class="run-scheduled">7</dd>' in content
    assert "HX-Refresh" not in response


def test_progress_of_a_finished_run_reloads_the_page(
    organizer_client, event, make_people, accepted
):
    _pairs(event, make_people, accepted, 2)
    run = _done_run(event)
    response = organizer_client.get(
        _url(event, "run_progress", run_id=run.pk), headers={"HX-Request": "true"}
    )
    assert response["HX-Refresh"] == "true"
    assert "hx-trigger" not in response.content.decode()


def test_failed_run_shows_its_message(organizer_client, event):
    run = execute_run(
        run=ScheduleRun.objects.create(event=event, options=RunOptions(solver="greedy").as_json())
    )
    content = organizer_client.get(_url(event, "run", run_id=run.pk)).content.decode()
    assert "The run failed:" in content
    assert "no request has been accepted yet" in content


@pytest.mark.parametrize("pairs", [1, 10])
def test_review_query_count_does_not_grow_with_people(
    organizer_client,
    event,
    make_people,
    accepted,
    only_free_in,
    pairs,
    django_assert_max_num_queries,
):
    persons = _pairs(event, make_people, accepted, 2 * pairs)
    only_free_in(persons[0], 0)
    only_free_in(persons[1], 1)
    run = _done_run(event)
    with django_assert_max_num_queries(14):
        response = organizer_client.get(_url(event, "run", run_id=run.pk))
    content = response.content.decode()
    assert content.count('class="row-nothing"') == 2
    assert "never free at the same time" in content


def test_review_people_table_filters_and_pages(organizer_client, event, make_people, accepted):
    persons = _pairs(event, make_people, accepted, 60)
    run = _done_run(event)
    url = _url(event, "run", run_id=run.pk)
    first_page = organizer_client.get(url, {"sort": "person"}).content.decode()
    assert "1 / 2" in first_page
    found = organizer_client.get(url, {"q": persons[7].organization.name}).content.decode()
    assert "1 person" in found


def test_rename_and_delete_a_run(organizer_client, event):
    run = ScheduleRun.objects.create(event=event, status="done")
    organizer_client.post(_url(event, "run_rename", run_id=run.pk), {"name": "Plan B"})
    assert ScheduleRun.objects.get(pk=run.pk).name == "Plan B"
    response = organizer_client.post(_url(event, "run_delete", run_id=run.pk))
    assert response["Location"] == _url(event, "home")
    assert not ScheduleRun.objects.exists()


def test_run_of_another_event_is_not_found(organizer_client, event, other_event):
    run = ScheduleRun.objects.create(event=other_event, status="done")
    assert organizer_client.get(_url(event, "run", run_id=run.pk)).status_code == 404


def test_compare_shows_both_runs(organizer_client, event, make_people, accepted):
    _pairs(event, make_people, accepted, 4)
    first, second = _done_run(event, "Plan A"), _done_run(event, "Plan B")
    response = organizer_client.get(
        _url(event, "compare"), {"first": first.pk, "second": second.pk}
    )
    content = response.content.decode()
    assert 'id="compare-figures"' in content
    assert "Plan A" in content
    assert "Plan B" in content
    assert "Meetings in both: 2 at the same time, 0 at another time." in content


def test_compare_refuses_an_unfinished_run(organizer_client, event):
    first = ScheduleRun.objects.create(event=event, status="done")
    second = ScheduleRun.objects.create(event=event, status="running")
    content = organizer_client.get(
        _url(event, "compare"), {"first": first.pk, "second": second.pk}
    ).content.decode()
    assert "Both runs must have finished." in content


def test_capacity_start_and_the_chart(
    organizer_client, event, make_people, accepted, django_capture_on_commit_callbacks
):
    _pairs(event, make_people, accepted, 4)
    page = organizer_client.get(_url(event, "capacity")).content.decode()
    assert "2, 3, 4, 5, 6, 8" in page
    response = organizer_client.post(
        _url(event, "capacity_start"),
        {"solver": "greedy", "time_limit_s": 1, "extra_slots_per_day": 0},
    )
    run = ScheduleRun.objects.get(purpose="what_if")
    assert response["Location"] == _url(event, "run", run_id=run.pk)
    assert "run-progress" in organizer_client.get(response["Location"]).content.decode()
    execute_capacity_run(run=run)
    content = organizer_client.get(response["Location"]).content.decode()
    assert "<svg" in content
    assert 'id="capacity-points"' in content
    assert "style=" not in content


def test_capacity_page_lists_earlier_calculations(organizer_client, event, make_people, accepted):
    _pairs(event, make_people, accepted, 2)
    run = ScheduleRun.objects.create(
        event=event,
        purpose="what_if",
        options=CapacityOptions(solver="greedy", time_limit_s=1).as_json(),
    )
    execute_capacity_run(run=run)
    content = organizer_client.get(_url(event, "capacity")).content.decode()
    assert _url(event, "run", run_id=run.pk) in content


def test_event_menu_links_the_schedule_for_organizers(organizer_client, client, event, participant):
    home = reverse("events:home", kwargs={"slug": event.slug})
    assert _url(event, "home") in organizer_client.get(home).content.decode()
    client.force_login(participant)
    assert _url(event, "home") not in client.get(home).content.decode()


def test_schedule_page_in_korean(organizer_client, event, organizer):
    from summit.accounts.models import Profile

    Profile.objects.filter(user=organizer).update(language="ko")
    content = organizer_client.get(_url(event, "home")).content.decode()
    assert "일정 초안 만들기" in content
    assert "실행 시작" in content


def test_progress_hints_at_a_missing_worker_after_a_while(organizer_client, event):
    from datetime import timedelta

    from django.utils import timezone

    run = ScheduleRun.objects.create(event=event, options={"time_limit_s": 60})
    url = _url(event, "run_progress", run_id=run.pk)
    assert "db_worker" not in organizer_client.get(url).content.decode()
    ScheduleRun.objects.filter(pk=run.pk).update(created=timezone.now() - timedelta(minutes=2))
    assert "db_worker" in organizer_client.get(url).content.decode()


def test_review_filters_left_out_meetings_by_reason(
    organizer_client, make_event, organizer, make_people, accepted, only_free_in
):
    event = make_event(tables=1, organizer=organizer)
    a, b, c, d, e, f = make_people(event, 6)
    only_free_in(a, 0)
    only_free_in(b, 1)
    never = accepted(a, b)
    for person in (c, d, e, f):
        only_free_in(person, 2)
    accepted(c, d)
    full = accepted(e, f)
    run = _done_run(event)
    url = _url(event, "run", run_id=run.pk)
    detail = reverse("meetings:request_detail", kwargs={"event_slug": event.slug, "request_id": 0})
    content = organizer_client.get(url).content.decode()
    assert detail.replace("/0/", f"/{never.pk}/") in content
    assert detail.replace("/0/", f"/{full.pk}/") in content
    only_capacity = organizer_client.get(url, {"reason": "capacity"}).content.decode()
    assert detail.replace("/0/", f"/{full.pk}/") in only_capacity
    assert detail.replace("/0/", f"/{never.pk}/") not in only_capacity
    assert "all reasons" in only_capacity
