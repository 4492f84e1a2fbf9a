"""Recommendations of an event: recompute them with the engine, read, dismiss.

The engine (`partnering_engine.matching`) scores every pair of the event's organizations
from their survey answers. Its exclusions come from four places: each organization's own
``excluded_partners``, its dismissals ("not relevant", added to its row's exclusions, so
the pair is not recommended either way), the partners it already meets or has a request
waiting with (issue 11.5: not offered again as new; a request sent after the recompute is
marked on the page instead), and the organizer's screening decisions (blocked from every
list). Each recompute replaces the event's stored set in one transaction.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from partnering_engine.matching.recommend import recommend_all
from partnering_engine.matching.survey import SurveyRow
from summit.events.models import Event
from summit.matching.models import Dismissal, Recommendation, RecomputeRun
from summit.organizations.domain.relations import PartnerState, connected_pairs, partner_states
from summit.organizations.domain.survey import SURVEY_FIELDS
from summit.organizations.models import Organization

__all__ = [
    "RECOMMENDATIONS_PER_ORGANIZATION",
    "STALE_RUN",
    "RankedPartner",
    "candidate_count",
    "dismiss_recommendation",
    "execute_recompute_run",
    "latest_run",
    "ranked_partners",
    "reasons_for_reader",
    "recommendations_for",
    "recompute_recommendations",
    "schedule_recompute",
    "survey_rows_for_event",
]

#: How many partners are stored per organization (the engine's top-k).
RECOMMENDATIONS_PER_ORGANIZATION = 10
#: A run still "running" after this long lost its worker (a 5,000-organization recompute
#: takes well under a minute of CPU); the next schedule marks it failed.
STALE_RUN = timedelta(minutes=30)
#: Rows per `executemany` batch when storing recommendations.
_BATCH_SIZE = 5000
_SURVEY_FIELDS = ("pk", "org_id", "name", "org_type", "country", *SURVEY_FIELDS)

Progress = Callable[[int, str], None]


def _no_progress(percent: int, stage: str) -> None:
    return None


def survey_rows_for_event(*, event: Event) -> tuple[list[SurveyRow], dict[str, int]]:
    """The event's organizations that answered (at least one offer or seek) as the engine's
    survey rows, their dismissals and the partners they already meet or have a request
    waiting with added to their exclusions; and org_id → primary key."""
    organizations = list(
        Organization.objects.filter(event=event).order_by("org_id").values(*_SURVEY_FIELDS)
    )
    known = {org["org_id"]: org["pk"] for org in organizations if org["offers"] or org["seeks"]}
    code_of = {org["pk"]: org["org_id"] for org in organizations}
    dismissed: dict[int, set[str]] = {}
    for organization_id, partner_id in Dismissal.objects.filter(event=event).values_list(
        "organization_id", "partner_id"
    ):
        dismissed.setdefault(organization_id, set()).add(code_of[partner_id])
    for pair in connected_pairs(event=event):
        first, second = sorted(pair)
        dismissed.setdefault(first, set()).add(code_of[second])
        dismissed.setdefault(second, set()).add(code_of[first])
    rows = []
    for org in organizations:
        if org["org_id"] not in known:
            continue
        excluded = set(org["excluded_partners"]) | dismissed.get(org["pk"], set())
        rows.append(
            SurveyRow(
                org_id=org["org_id"],
                organization=org["name"],
                org_type=org["org_type"],
                country=org["country"],
                therapeutic_areas=tuple(org["therapeutic_areas"]),
                modalities=tuple(org["modalities"]),
                offers=tuple(org["offers"]),
                seeks=tuple(org["seeks"]),
                regions_of_interest=tuple(org["regions_of_interest"]),
                description_offer=org["description_offer"],
                description_seek=org["description_seek"],
                languages=tuple(org["languages"]),
                preferred_partner_types=tuple(org["preferred_partner_types"]),
                # Codes of organizations no longer in the event (or without answers) are
                # dropped: the engine would reject a reference to an unknown row.
                excluded_partners=tuple(sorted(c for c in excluded if c in known)),
                wishlist=tuple(c for c in org["wishlist"] if c in known),
            )
        )
    return rows, known


def recompute_recommendations(
    *,
    event: Event,
    top: int = RECOMMENDATIONS_PER_ORGANIZATION,
    progress: Progress = _no_progress,
) -> int:
    """Score the event with the engine and replace its stored recommendations (top `top`
    per organization, reasons in English and Korean) in one transaction; returns how many
    were stored. `progress(percent, stage)` is called along the way."""
    from summit.matching.domain.screening import excluded_by_screening, screen_changed

    progress(5, "reading")
    screen_changed(event=event)
    rows, pk_of = survey_rows_for_event(event=event)
    blocked_pks = excluded_by_screening(event=event)
    blocked = [code for code, pk in pk_of.items() if pk in blocked_pks]
    progress(15, "scoring")
    computed: list[tuple[int, int, int, float, list[str], list[str]]] = []
    if len(rows) >= 2:
        found = recommend_all(rows, top=top, blocked=blocked)
        progress(55, "reasons")
        step = max(1, len(rows) // 20)
        for index, row in enumerate(rows):
            english = found.for_org(row.org_id, lang="en")
            korean = found.for_org(row.org_id, lang="ko")
            for rank, (en, ko) in enumerate(zip(english, korean, strict=True), start=1):
                computed.append(
                    (
                        pk_of[row.org_id],
                        pk_of[en.partner],
                        rank,
                        # The calibrated strength (percentile among the organization's
                        # candidates) as a share; the engine's raw score is a log-odds sum.
                        en.strength / 100.0,
                        list(en.reasons),
                        list(ko.reasons),
                    )
                )
            if index % step == 0:
                progress(55 + (35 * index) // len(rows), "reasons")
    progress(90, "saving")
    with transaction.atomic():
        # Serialises concurrent recomputes of one event (PostgreSQL row lock; SQLite
        # serialises writers anyway), so two replacements never interleave.
        Event.objects.select_for_update().filter(pk=event.pk).first()
        Recommendation.objects.filter(event=event).delete()
        _insert_recommendations(event=event, computed=computed, now=timezone.now())
    progress(100, "done")
    return len(computed)


def _insert_recommendations(
    *,
    event: Event,
    computed: Sequence[tuple[int, int, int, float, list[str], list[str]]],
    now: Any,
) -> None:
    """Insert rows with one prepared statement per batch. `bulk_create` builds a model
    instance and prepares every field of every row in Python, which cost about 28 s for
    the 50,000 rows of a 5,000-organization event here; `executemany` (SQLite) and COPY
    (PostgreSQL) cost a fraction. The database constraints still check every row."""
    meta = Recommendation._meta
    quote = connection.ops.quote_name
    names = [
        "event",
        "organization",
        "partner",
        "rank",
        "score",
        "reasons_en",
        "reasons_ko",
        "computed_at",
    ]
    columns = ", ".join(quote(meta.get_field(name).column) for name in names)
    as_json = "CAST(%s AS jsonb)" if connection.vendor == "postgresql" else "%s"
    statement = (
        f"INSERT INTO {quote(meta.db_table)} ({columns}) "
        f"VALUES (%s, %s, %s, %s, %s, {as_json}, {as_json}, %s)"
    )
    stamp = connection.ops.adapt_datetimefield_value(now)
    event_id = event.pk
    encode = json.JSONEncoder(ensure_ascii=False).encode
    values = [
        (
            event_id,
            organization_id,
            partner_id,
            rank,
            score,
            encode(reasons_en),
            encode(reasons_ko),
            stamp,
        )
        for organization_id, partner_id, rank, score, reasons_en, reasons_ko in computed
    ]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY streams every row in one round trip (executemany: one per row).
            copy_statement = f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN"
            with cursor.cursor.copy(copy_statement) as copy:
                for row in values:
                    copy.write_row(row)
            return
        for start in range(0, len(values), _BATCH_SIZE):
            cursor.executemany(statement, values[start : start + _BATCH_SIZE])


def recommendations_for(*, organization: Organization, limit: int = 20) -> list[Recommendation]:
    """The organization's stored recommendations, best first, with their partners; partners
    it dismissed or the organizer excluded since the last recompute are left out."""
    found = (
        Recommendation.objects.filter(organization=organization)
        .exclude(partner__dismissed_by__organization=organization)
        .exclude(partner__watchlist_hits__excluded=True)
        .select_related("partner")
        # A list shows the partner's names, type and country; its long texts and survey
        # lists would only be parsed for nothing (they load on access if ever needed).
        .defer(*(f"partner__{name}" for name in ("description", *SURVEY_FIELDS)))
        .order_by("rank")
    )
    return list(found[:limit])


def candidate_count(*, organization: Organization) -> int:
    """How many organizations the engine ranked for `organization`: the event's others that
    answered the survey (at least one offer or seek)."""
    answered = Organization.objects.filter(event_id=organization.event_id).exclude(
        offers=[], seeks=[]
    )
    return answered.exclude(pk=organization.pk).count()


def reasons_for_reader(*, recommendation: Recommendation, language: str) -> list[str]:
    """The reasons in the reader's language; on Korean pages the sentence that opens with
    the partner's name names it in Korean when it has a Korean name."""
    found = recommendation.reasons(language)
    partner = recommendation.partner
    if not (language.startswith("ko") and partner.name_local):
        return found
    prefix = f"{partner.name}: "
    return [
        f"{partner.name_local}: {reason.removeprefix(prefix)}"
        if reason.startswith(prefix)
        else reason
        for reason in found
    ]


@dataclass(frozen=True)
class RankedPartner:
    """A recommendation as one participant's page shows it.

    ``strength`` is the percentile of the partner among the organization's candidates
    (100: the best of them), ``top_percent`` the same read from the top ("top 2 %"). Both
    come from the stored rank, a rank statistic that stays calibrated whatever the scale of
    the engine's raw scores."""

    recommendation: Recommendation
    reasons: list[str]
    strength: int
    top_percent: int
    candidates: int
    state: PartnerState

    @property
    def partner(self) -> Organization:
        return self.recommendation.partner


def _strength(rank: int, candidates: int) -> tuple[int, int]:
    candidates = max(candidates, rank, 1)
    beaten = candidates - rank  # candidates ranked below this one
    strength = 100 if candidates == 1 else round(100 * beaten / (candidates - 1))
    return strength, max(1, math.ceil(100 * rank / candidates))


def ranked_partners(
    *, organization: Organization, language: str, limit: int = 20
) -> list[RankedPartner]:
    """`recommendations_for` with reasons for the reader, match strength and each partner's
    state (a meeting, a request, saved...); a fixed number of queries."""
    found = recommendations_for(organization=organization, limit=limit)
    if not found:
        return []
    candidates = candidate_count(organization=organization)
    states = partner_states(organization=organization, partner_ids=[r.partner_id for r in found])
    ranked = []
    for recommendation in found:
        strength, top_percent = _strength(recommendation.rank, candidates)
        ranked.append(
            RankedPartner(
                recommendation=recommendation,
                reasons=reasons_for_reader(recommendation=recommendation, language=language),
                strength=strength,
                top_percent=top_percent,
                candidates=max(candidates, recommendation.rank),
                state=states[recommendation.partner_id],
            )
        )
    return ranked


def dismiss_recommendation(
    *, organization: Organization, partner: Organization, user: Any
) -> Dismissal:
    """Mark `partner` as not relevant for `organization`: it disappears now and the engine
    excludes the pair from the next recompute on."""
    if partner.event_id != organization.event_id:
        raise ValidationError({"partner": [_("That organization is not in this event.")]})
    if partner.pk == organization.pk:
        raise ValidationError({"partner": [_("An organization cannot dismiss itself.")]})
    with transaction.atomic():
        dismissal, _created = Dismissal.objects.get_or_create(
            organization=organization,
            partner=partner,
            defaults={
                "event_id": organization.event_id,
                "user": user if user.is_authenticated else None,
            },
        )
        Recommendation.objects.filter(organization=organization, partner=partner).delete()
    return dismissal


def latest_run(*, event: Event) -> RecomputeRun | None:
    """The event's most recent recompute run."""
    return RecomputeRun.objects.filter(event=event).order_by("-created", "-pk").first()


def schedule_recompute(*, event: Event, nudge: bool = False) -> RecomputeRun:
    """Queue a background recompute of the event's recommendations; a run that is already
    waiting is reused (so a burst of survey changes costs one recompute). `nudge` (the
    organizer's "recompute now") enqueues the waiting run's task again, in case its task
    was lost: the run is claimed once, so a second task finds it taken and does nothing."""
    from summit.matching.tasks import recompute_event_recommendations

    now = timezone.now()
    RecomputeRun.objects.filter(
        event=event, status=RecomputeRun.Status.RUNNING, started__lt=now - STALE_RUN
    ).update(
        status=RecomputeRun.Status.FAILED,
        error="the worker stopped: no result within the time limit",
        finished=now,
    )
    waiting = RecomputeRun.objects.filter(event=event, status=RecomputeRun.Status.QUEUED).first()
    if waiting is not None:
        if nudge:
            run_id = waiting.pk
            transaction.on_commit(lambda: recompute_event_recommendations.enqueue(run_id))
        return waiting
    try:
        with transaction.atomic():
            run = RecomputeRun.objects.create(event=event)
    except IntegrityError:
        # Another process queued one between our look-up and insert (one queued per event).
        return RecomputeRun.objects.get(event=event, status=RecomputeRun.Status.QUEUED)
    transaction.on_commit(lambda: recompute_event_recommendations.enqueue(run.pk))
    return run


def _record(run: RecomputeRun, **fields: Any) -> None:
    RecomputeRun.objects.filter(pk=run.pk).update(**fields)


def execute_recompute_run(*, run: RecomputeRun) -> int:
    """Run a queued recompute, recording status and progress on `run`; returns how many
    recommendations were stored (0 when another worker already took the run)."""
    taken = RecomputeRun.objects.filter(pk=run.pk, status=RecomputeRun.Status.QUEUED).update(
        status=RecomputeRun.Status.RUNNING, started=timezone.now(), progress=1
    )
    if not taken:
        return 0

    def progress(percent: int, stage: str) -> None:
        _record(run, progress=percent, stage=stage)

    try:
        stored = recompute_recommendations(event=run.event, progress=progress)
    except Exception as error:
        _record(
            run,
            status=RecomputeRun.Status.FAILED,
            error=f"{error.__class__.__name__}: {error}",
            finished=timezone.now(),
        )
        raise
    organizations = Recommendation.objects.filter(event=run.event).values("organization").distinct()
    _record(
        run,
        status=RecomputeRun.Status.DONE,
        progress=100,
        stage="done",
        recommendations=stored,
        organizations=organizations.count(),
        finished=timezone.now(),
    )
    return stored
