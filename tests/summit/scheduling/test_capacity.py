"""Capacity planning ("what if"): table counts, resized problems, the series, the chart."""

from __future__ import annotations

from datetime import datetime

import pytest

from summit.scheduling.domain.capacity import (
    CapacityOptions,
    execute_capacity_run,
    resize_problem,
    start_capacity_run,
    table_counts,
)
from summit.scheduling.domain.problem import build_problem
from summit.scheduling.interfaces.capacity_chart import capacity_chart
from summit.scheduling.models import ScheduleRun

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def test_table_counts_run_from_half_to_double():
    assert table_counts(4) == [2, 3, 4, 5, 6, 8]
    assert table_counts(1) == [1, 2]


def test_resize_problem_adds_slots_at_the_end_of_each_day(
    make_event, organizer, make_people, accepted
):
    event = make_event(days=2, organizer=organizer)
    a, b = make_people(event, 2)
    accepted(a, b)
    problem = build_problem(event=event).problem
    resized = resize_problem(problem, tables=7, extra_slots_per_day=2)
    assert [t.number for t in resized.tables] == list(range(1, 8))
    assert len(resized.slots) == len(problem.slots) + 4
    first_day = [s for s in resized.slots if s.day == problem.slots[0].day]
    assert len(first_day) == 8
    last, extra = first_day[5], first_day[6]
    assert datetime.fromisoformat(extra.start) == datetime.fromisoformat(last.end)
    assert resized.pins == ()


def _what_if(event, **options):
    run = ScheduleRun.objects.create(
        event=event,
        purpose="what_if",
        options=CapacityOptions(solver="greedy", time_limit_s=1, **options).as_json(),
    )
    return execute_capacity_run(run=run)


def test_capacity_run_finds_the_tables_for_every_request(
    make_event, organizer, make_people, accepted, only_free_in
):
    # 4 tables now; 6 meetings of 12 different people, all only free in the first slot:
    # 6 tables hold them all, 5 hold 83 %.
    event = make_event(tables=4, organizer=organizer)
    persons = make_people(event, 12)
    for person in persons:
        only_free_in(person, 0)
    for first, second in zip(persons[::2], persons[1::2], strict=True):
        accepted(first, second)
    run = _what_if(event)
    assert run.status == "done", run.error
    (series,) = run.summary["series"]
    assert [(p["tables"], p["scheduled"]) for p in series["points"]] == [
        (2, 2),
        (3, 3),
        (4, 4),
        (5, 5),
        (6, 6),
        (8, 6),
    ]
    assert series["thresholds"] == {"95": 6, "99": 6, "100": 6}
    assert series["points"][2]["bound_percent"] == pytest.approx(66.67)
    assert run.summary["current_tables"] == 4
    assert run.progress["phase"] == "done"


def test_capacity_run_with_extra_slots_needs_fewer_tables(
    make_event, organizer, make_people, accepted, only_free_in
):
    event = make_event(tables=2, organizer=organizer)
    persons = make_people(event, 8)
    for first, second in zip(persons[::2], persons[1::2], strict=True):
        accepted(first, second)
    run = _what_if(event, extra_slots_per_day=1)
    assert run.status == "done", run.error
    plain, extra = run.summary["series"]
    assert extra["extra_slots"] == 1
    assert plain["thresholds"]["100"] == 1
    assert len(extra["points"]) == len(plain["points"])


def test_capacity_run_without_requests_fails_with_a_message(event):
    run = _what_if(event)
    assert run.status == "failed"
    assert "no request has been accepted" in run.error


def test_start_capacity_run_queues_a_what_if_run(
    event, organizer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        run = start_capacity_run(event=event, user=organizer, options=CapacityOptions())
    assert run.purpose == "what_if"
    assert run.status == "queued"
    assert len(callbacks) == 1


def test_capacity_options_refuse_too_many_extra_slots():
    with pytest.raises(ValueError, match="extra_slots_per_day"):
        CapacityOptions(extra_slots_per_day=9).check()


def test_capacity_chart_places_points_on_the_axes():
    summary = {
        "current_tables": 4,
        "series": [
            {
                "extra_slots": 0,
                "points": [
                    {"tables": 2, "percent": 50.0},
                    {"tables": 4, "percent": 100.0},
                ],
            }
        ],
    }
    chart = capacity_chart(summary=summary)
    (line,) = chart["lines"]
    (low, high) = line["dots"]
    assert low["x"] == chart["left"]
    assert high["x"] == chart["right"]
    assert high["y"] == chart["top"]
    assert low["y"] == (chart["top"] + chart["bottom"]) / 2
    assert chart["current_x"] == chart["right"]
    assert capacity_chart(summary={}) is None
