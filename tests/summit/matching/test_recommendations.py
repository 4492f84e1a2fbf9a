"""Recompute, read and dismiss recommendations; background runs and their triggers."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from summit.matching.domain.recommendations import (
    dismiss_recommendation,
    execute_recompute_run,
    recommendations_for,
    recompute_recommendations,
    schedule_recompute,
    survey_rows_for_event,
)
from summit.matching.domain.screening import decide_hit, load_example_watchlist
from summit.matching.models import Dismissal, Recommendation, RecomputeRun, WatchListHit
from summit.matching.tasks import recompute_event_recommendations
from summit.organizations.models import Organization

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def _partner_codes(organization):
    return [r.partner.org_id for r in recommendations_for(organization=organization)]


def test_survey_rows_for_event_skip_organizations_without_answers(
    event, partners, make_organization
):
    make_organization(event, "EMPTY", name="No Answers Yet", offers=[], seeks=[])
    rows, pk_of = survey_rows_for_event(event=event)
    assert sorted(row.org_id for row in rows) == sorted(partners)
    assert pk_of["ACME"] == partners["ACME"].pk


def test_survey_rows_for_event_drop_references_to_unknown_organizations(event, partners):
    acme = partners["ACME"]
    acme.excluded_partners = ["GONE", "CDMOONE"]
    acme.wishlist = ["GLOBALPH", "ALSOGONE"]
    acme.save()
    rows, _pk_of = survey_rows_for_event(event=event)
    row = next(row for row in rows if row.org_id == "ACME")
    assert row.excluded_partners == ("CDMOONE",)
    assert row.wishlist == ("GLOBALPH",)


def test_recompute_stores_reasons_in_both_languages(event, partners):
    stored = recompute_recommendations(event=event)
    acme = partners["ACME"]
    found = recommendations_for(organization=acme)
    assert stored == Recommendation.objects.filter(event=event).count()
    assert [r.rank for r in found] == list(range(1, len(found) + 1))
    investor = next(r for r in found if r.partner.org_id == "HANRIVER")
    assert investor.reasons_en[0].startswith("Han River Ventures: ")
    assert "Funding" in investor.reasons_en[0]
    assert investor.reasons_ko[0].startswith("Han River Ventures: ")
    assert investor.reasons_ko[0] != investor.reasons_en[0]
    assert investor.reasons("ko") == investor.reasons_ko
    assert investor.reasons("en-us") == investor.reasons_en


def test_recompute_ranks_mutual_fit_above_weak_fit(event, partners):
    recompute_recommendations(event=event)
    codes = _partner_codes(partners["ACME"])
    assert codes[0] in {"HANRIVER", "GLOBALPH"}
    weak_rank = codes.index("CDMOONE") if "CDMOONE" in codes else len(codes)
    assert codes.index("HANRIVER") < weak_rank


def test_recompute_replaces_the_previous_set(event, partners):
    recompute_recommendations(event=event)
    first = set(Recommendation.objects.filter(event=event).values_list("pk", flat=True))
    second_count = recompute_recommendations(event=event)
    second = set(Recommendation.objects.filter(event=event).values_list("pk", flat=True))
    assert len(second) == second_count
    assert first.isdisjoint(second)


def test_recompute_respects_survey_exclusions(event, partners):
    acme = partners["ACME"]
    acme.excluded_partners = ["HANRIVER"]
    acme.save()
    recompute_recommendations(event=event)
    assert "HANRIVER" not in _partner_codes(acme)
    assert "ACME" not in _partner_codes(partners["HANRIVER"])


def test_recompute_with_one_organization_stores_nothing(event, organization):
    Organization.objects.filter(pk=organization.pk).update(survey_status="submitted")
    assert recompute_recommendations(event=event) == 0


def test_dismissal_hides_now_and_excludes_next_time(event, partners, participant):
    acme = partners["ACME"]
    recompute_recommendations(event=event)
    assert "HANRIVER" in _partner_codes(acme)
    dismiss_recommendation(organization=acme, partner=partners["HANRIVER"], user=participant)
    assert "HANRIVER" not in _partner_codes(acme)
    recompute_recommendations(event=event)
    assert "HANRIVER" not in _partner_codes(acme)
    assert Dismissal.objects.get(organization=acme).user == participant


def test_dismiss_twice_keeps_one_dismissal(event, partners, participant):
    acme, investor = partners["ACME"], partners["HANRIVER"]
    dismiss_recommendation(organization=acme, partner=investor, user=participant)
    dismiss_recommendation(organization=acme, partner=investor, user=participant)
    assert Dismissal.objects.filter(organization=acme).count() == 1


def test_dismiss_oneself_is_refused(partners, participant):
    with pytest.raises(ValidationError):
        dismiss_recommendation(
            organization=partners["ACME"], partner=partners["ACME"], user=participant
        )


def test_dismiss_organization_of_another_event_is_refused(
    partners, participant, make_organization, other_event
):
    stranger = make_organization(other_event, "STRANGER", name="Stranger Bio")
    with pytest.raises(ValidationError):
        dismiss_recommendation(organization=partners["ACME"], partner=stranger, user=participant)


def test_screening_exclusion_removes_the_partner_from_every_list(
    event, partners, make_partner, organizer
):
    flagged = make_partner(
        "WUXI",
        "WuXi Biologics",
        org_type="cdmo",
        country="CN",
        therapeutic_areas=["oncology"],
        modalities=["mab"],
        offers=["funding", "manufacturing_capacity"],
        seeks=["licensing_in"],
    )
    load_example_watchlist(event=event)
    recompute_recommendations(event=event)
    assert "WUXI" in _partner_codes(partners["ACME"])
    hit = WatchListHit.objects.get(organization=flagged)
    decide_hit(hit=hit, exclude=True, user=organizer)
    assert "WUXI" not in _partner_codes(partners["ACME"])
    recompute_recommendations(event=event)
    lists = Recommendation.objects.filter(event=event, partner=flagged)
    assert lists.count() == 0


def test_schedule_recompute_reuses_the_waiting_run(event):
    first = schedule_recompute(event=event)
    second = schedule_recompute(event=event)
    assert first.pk == second.pk
    assert RecomputeRun.objects.filter(event=event).count() == 1


@pytest.mark.django_db(transaction=True)
def test_nudge_runs_a_waiting_run_whose_task_was_lost(event, partners, settings):
    RecomputeRun.objects.all().delete()
    waiting = RecomputeRun.objects.create(event=event)
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    assert schedule_recompute(event=event).pk == waiting.pk
    waiting.refresh_from_db()
    assert waiting.status == RecomputeRun.Status.QUEUED
    schedule_recompute(event=event, nudge=True)
    waiting.refresh_from_db()
    assert waiting.status == RecomputeRun.Status.DONE


def test_schedule_marks_a_run_without_worker_failed(event):
    from django.utils import timezone

    from summit.matching.domain.recommendations import STALE_RUN

    abandoned = RecomputeRun.objects.create(
        event=event, status="running", started=timezone.now() - STALE_RUN * 2
    )
    recent = RecomputeRun.objects.create(event=event, status="running", started=timezone.now())
    schedule_recompute(event=event)
    abandoned.refresh_from_db()
    recent.refresh_from_db()
    assert abandoned.status == RecomputeRun.Status.FAILED
    assert "worker stopped" in abandoned.error
    assert recent.status == RecomputeRun.Status.RUNNING


def test_run_records_progress_and_result(event, partners):
    run = RecomputeRun.objects.create(event=event)
    stored = execute_recompute_run(run=run)
    run.refresh_from_db()
    assert run.status == RecomputeRun.Status.DONE
    assert run.progress == 100
    assert run.recommendations == stored
    with_lists = {r.organization_id for r in Recommendation.objects.filter(event=event)}
    assert run.organizations == len(with_lists)
    assert run.started <= run.finished


def test_run_taken_by_another_worker_is_not_run_twice(event, partners):
    run = RecomputeRun.objects.create(event=event, status=RecomputeRun.Status.RUNNING)
    assert execute_recompute_run(run=run) == 0
    assert Recommendation.objects.filter(event=event).count() == 0


def test_failed_run_records_the_error(event, partners):
    # A survey code the engine does not know makes scoring fail inside the run.
    Organization.objects.filter(pk=partners["ACME"].pk).update(offers=["teleportation"])
    run = RecomputeRun.objects.create(event=event)
    with pytest.raises(Exception):  # noqa: B017, PT011 (whatever the engine raises is recorded)
        execute_recompute_run(run=run)
    run.refresh_from_db()
    assert run.status == RecomputeRun.Status.FAILED
    assert run.error


def test_task_recomputes_when_enqueued(event, partners, immediate_tasks):
    run = RecomputeRun.objects.create(event=event)
    result = recompute_event_recommendations.enqueue(run.pk)
    assert result.return_value == Recommendation.objects.filter(event=event).count()
    assert result.return_value > 0


def _forget_runs():
    RecomputeRun.objects.all().delete()
    DBTaskResult.objects.all().delete()


# These tests commit for real: the on-commit hooks are what they test.
@pytest.mark.django_db(transaction=True)
def test_survey_import_of_many_rows_queues_one_recompute(event, partners):
    _forget_runs()
    with transaction.atomic():
        for organization in Organization.objects.filter(event=event):
            organization.description_seek = "first-in-class antibodies"
            organization.save()
    assert RecomputeRun.objects.filter(event=event, status="queued").count() == 1
    assert DBTaskResult.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_survey_change_in_a_rolled_back_transaction_queues_nothing(event, partners):
    _forget_runs()

    def save_then_fail():
        with transaction.atomic():
            partners["ACME"].save()
            raise RuntimeError("abandon")

    with pytest.raises(RuntimeError):
        save_then_fail()
    assert RecomputeRun.objects.count() == 0
    with transaction.atomic():
        partners["HANRIVER"].save()
    assert RecomputeRun.objects.filter(event=event).count() == 1


@pytest.mark.django_db(transaction=True)
def test_survey_change_runs_the_recompute_in_the_background(event, partners, immediate_tasks):
    _forget_runs()
    partners["ACME"].save()
    run = RecomputeRun.objects.get(event=event)
    assert run.status == RecomputeRun.Status.DONE
    assert run.recommendations > 0
    assert Recommendation.objects.filter(event=event).count() == run.recommendations


def test_command_recomputes_now(event, partners, capsys):
    from django.core.management import call_command

    call_command("recompute_recommendations", event.slug)
    stored = Recommendation.objects.filter(event=event).count()
    assert stored > 0
    assert capsys.readouterr().out.startswith(f"{event.slug}: {stored} recommendations")
    assert RecomputeRun.objects.get(event=event).status == RecomputeRun.Status.DONE


def test_command_with_unknown_event_fails(db):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError):
        call_command("recompute_recommendations", "no-such-event")


@pytest.mark.django_db(transaction=True)
def test_rolled_back_recompute_sends_nothing_to_a_queue_outside_the_database(event, settings):
    # RQ keeps its queue in Redis, where a rollback cannot reach: the enqueue must wait for
    # the commit. The dummy backend stands for it, keeping what it is sent in memory.
    from django_tasks import default_task_backend

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    _forget_runs()
    with transaction.atomic():
        schedule_recompute(event=event)
        transaction.set_rollback(True)
    assert default_task_backend.results == []
    with transaction.atomic():
        run = schedule_recompute(event=event)
    assert [result.args for result in default_task_backend.results] == [[run.pk]]
