"""Browser walk of building a schedule (Playwright + chromium), with screenshots.

The organizer starts a draft run from the "Schedule" page; the task waits in the database
queue, so the page shows the live progress panel polling; the test then executes the run
(as a worker would) and the page reloads by itself to show the review.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from summit.scheduling.domain.runs import execute_run
from summit.scheduling.models import ScheduleRun

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Partnering-Test-2026!"


@pytest.fixture
def queued_tasks(settings):
    """Enqueued tasks wait in the database until a worker (here: the test) runs them."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_organizer_starts_a_run_sees_progress_then_the_review(
    event_nav, page, queued_tasks, event, organizer, make_people, accepted, only_free_in, screenshot
):
    persons = make_people(event, 6)
    for first, second in zip(persons[::2], persons[1::2], strict=True):
        accepted(first, second)
    only_free_in(persons[4], 0)
    only_free_in(persons[5], 1)

    page.goto("/accounts/login/")
    page.fill("input[name=username]", "organizer")
    page.fill("input[name=password]", PASSWORD)
    page.click("form.form button[type=submit]")
    page.goto(f"/e/{event.slug}/")
    event_nav(page, "Schedule")
    expect(page.locator("h1")).to_have_text("Schedule")
    page.fill("input[name=name]", "Browser draft")
    page.select_option("select[name=solver]", "greedy")
    page.fill("input[name=time_limit_s]", "2")
    screenshot(page, "1-form")
    page.click("button:has-text('Start the run')")

    expect(page.locator("h1")).to_have_text("Browser draft")
    progress = page.locator("#run-progress")
    expect(progress).to_contain_text("Queued")
    expect(progress).to_have_attribute("hx-trigger", "every 1s")
    screenshot(page, "2-progress")

    run = ScheduleRun.objects.get(name="Browser draft")
    assert execute_run(run=run).status == "done"

    # The polling panel sees the finished run and reloads the page with the review.
    expect(page.locator("#run-summary")).to_be_visible()
    expect(page.locator("#run-summary")).to_contain_text("66.7 %")
    expect(page.locator("#unscheduled")).to_contain_text("never free at the same time")
    expect(page.locator("#people-table tbody tr").first).to_have_class("row-nothing")
    screenshot(page, "3-review")


def test_organizer_plans_capacity_and_sees_the_chart(
    page, queued_tasks, event, organizer, make_people, accepted, only_free_in, screenshot
):
    from summit.scheduling.domain.capacity import execute_capacity_run

    persons = make_people(event, 12)
    for person in persons:
        only_free_in(person, 0, 1)
    for first, second in zip(persons[::2], persons[1::2], strict=True):
        accepted(first, second)

    page.goto("/accounts/login/")
    page.fill("input[name=username]", "organizer")
    page.fill("input[name=password]", PASSWORD)
    page.click("form.form button[type=submit]")
    page.goto(f"/e/{event.slug}/schedule/")
    page.click("text=Capacity planning (“what if”)")
    page.select_option("select[name=solver]", "greedy")
    page.fill("input[name=time_limit_s]", "1")
    page.fill("input[name=extra_slots_per_day]", "1")
    page.click("button:has-text('Calculate')")
    expect(page.locator("#run-progress")).to_contain_text("Queued")

    run = ScheduleRun.objects.get(purpose="what_if")
    assert execute_capacity_run(run=run).status == "done"

    expect(page.locator("svg.chart")).to_be_visible()
    # 6 meetings in 2 slots: 3 tables hold them all; with one more slot a day, 2 do.
    thresholds = page.locator("#capacity-thresholds tbody tr")
    expect(thresholds.nth(0)).to_contain_text("3")
    expect(page.locator("#capacity-points tbody tr")).to_have_count(12)
    screenshot(page, "1-chart")
