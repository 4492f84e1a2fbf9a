"""The organizer's dashboard: headline numbers and tables aggregated in the database.

`build_dashboard(event=..., filters=...)` returns a `Dashboard`: headline numbers and a list of
`Section`s, each a table (headers + rows) and, for most, the `ChartData` the table was built
from. The web page, the Excel workbook and the PDF report all render this one object, so
the numbers agree everywhere.

Every number is computed by ``values()/annotate()/aggregate()`` in SQL; the number of
queries does not depend on the size of the event (about a dozen). Definitions (also in
docs/reports.md):

- *meeting*: a published `ScheduledMeeting` with status ``scheduled``, and a no-show closed
  afterwards by a same-day re-match (cancelled, its attendance kept:
  `summit.lounge.domain.counts.counted_meetings`); other cancelled meetings are left out
  everywhere;
- *held*: a scheduled meeting checked in, or at least one side's feedback says it took place;
- *no-show*: not held, and attendance recorded as no-show or a side's feedback says it did
  not take place (so a no-show replaced by a re-match stays one); *not recorded*: the rest;
- *re-matched*: a scheduled meeting booked on the day by an accepted same-day proposal
  (`rematched_meetings`), counted among the meetings as well;
- *signed deal*: stage ``signed`` or ``announced``.

Filters: ``day`` keeps the meetings of that day, their feedback and the deals linked to them
(requests are not tied to a day and stay unfiltered); ``org_type`` keeps organizations of
that type, the requests and meetings where one side has it, their feedback, and the deals
where one party has it.

Privacy: confidential deals are counted in every number, and only public deals are ever
listed by title, parties or value (`Section` rows of ``signed_deals``).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import CharField, Count, Exists, F, Max, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import Cast, Coalesce, Substr
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from partnering_engine.matching import countries, taxonomy
from summit.events.models import Event, EventDay
from summit.lounge.domain.counts import counted_meetings, rematched_meetings
from summit.meetings.domain.parties import any_party, party_paths
from summit.meetings.models import MeetingRequest
from summit.organizations.models import Membership, Organization
from summit.outcomes.models import Deal, DealParty, MeetingFeedback
from summit.scheduling.models import ScheduledMeeting

__all__ = [
    "TOP_PAIRS",
    "ChartData",
    "Dashboard",
    "Filters",
    "Headline",
    "Section",
    "build_dashboard",
    "deals_queryset",
    "meetings_queryset",
]

#: Country and organization-type pairs shown before the rest is summed up as "other".
TOP_PAIRS = 10
#: Matched areas shown (the most frequent first).
TOP_AREAS = 10
#: Signed public deals listed on the web page (the exports list all of them).
PAGE_DEALS = 100
SIGNED_STAGES = (Deal.Stage.SIGNED, Deal.Stage.ANNOUNCED)
#: How long the matched-areas counts stay cached (their key changes with the data anyway).
MATCHED_CACHE_SECONDS = 3600


@dataclass(frozen=True)
class ChartData:
    """What a chart shows: ``kind`` (bar|stacked|line), category labels and named series."""

    kind: str
    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[float, ...]], ...]

    def __post_init__(self) -> None:
        if self.kind not in ("bar", "stacked", "line"):
            raise ValueError(f"unknown chart kind {self.kind!r}; expected bar, stacked or line")
        for name, values in self.series:
            if len(values) != len(self.categories):
                raise ValueError(
                    f"series {name!r} has {len(values)} values for "
                    f"{len(self.categories)} categories"
                )

    @property
    def is_empty(self) -> bool:
        return not self.categories or not any(any(values) for _, values in self.series)


@dataclass(frozen=True)
class Filters:
    """The dashboard's filters: one event day and/or one organization type (code)."""

    day: EventDay | None = None
    org_type: str = ""

    def query(self) -> dict[str, str]:
        """The filters as URL query parameters (for export links)."""
        params = {}
        if self.day is not None:
            params["day"] = str(self.day.pk)
        if self.org_type:
            params["org_type"] = self.org_type
        return params


@dataclass(frozen=True)
class Headline:
    key: str
    label: str
    value: int


@dataclass(frozen=True)
class Section:
    """One table of the dashboard (and of the Excel and PDF reports), with its chart."""

    key: str
    title: str
    description: str
    #: Short title for an Excel sheet (≤ 31 characters).
    sheet: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    chart: ChartData | None = None
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Dashboard:
    event: Event
    filters: Filters
    headline: tuple[Headline, ...]
    sections: tuple[Section, ...]
    days: tuple[date, ...] = field(default=())

    def section(self, key: str) -> Section:
        for section in self.sections:
            if section.key == key:
                return section
        raise KeyError(key)

    def number(self, key: str) -> int:
        for item in self.headline:
            if item.key == key:
                return item.value
        raise KeyError(key)


def _language() -> str:
    return "ko" if (get_language() or "en").startswith("ko") else "en"


# --- querysets -----------------------------------------------------------------------------


def _meeting_q(filters: Filters, prefix: str = "") -> Q:
    """The conditions on scheduled meetings (``prefix`` points from another model to them)."""
    condition = counted_meetings(via=prefix)
    if filters.day is not None:
        condition &= Q(**{f"{prefix}slot__session__day": filters.day})
    if filters.org_type:
        condition &= any_party(via=f"{prefix}meeting_request", org_type=filters.org_type)
    return condition


def meetings_queryset(*, event: Event, filters: Filters) -> QuerySet[ScheduledMeeting]:
    """The event's scheduled meetings (and no-shows closed by a re-match) that pass the
    filters."""
    return ScheduledMeeting.objects.filter(Q(event=event) & _meeting_q(filters))


def deals_queryset(*, event: Event, filters: Filters) -> QuerySet[Deal]:
    """The event's deals that pass the filters (confidential ones included)."""
    deals = Deal.objects.filter(event=event)
    if filters.day is not None:
        links = Deal.meetings.through.objects.filter(
            counted_meetings(via="scheduledmeeting__"),
            deal=OuterRef("pk"),
            scheduledmeeting__slot__session__day=filters.day,
        )
        deals = deals.filter(Exists(links))
    if filters.org_type:
        parties = DealParty.objects.filter(
            deal=OuterRef("pk"), organization__org_type=filters.org_type
        )
        deals = deals.filter(Exists(parties))
    return deals


def _requests(event: Event, filters: Filters) -> QuerySet[MeetingRequest]:
    requests = MeetingRequest.objects.filter(event=event)
    if filters.org_type:
        requests = requests.filter(any_party(org_type=filters.org_type))
    return requests


def _held_conditions() -> tuple[Q, Q]:
    """(held, no-show) as conditions on ScheduledMeeting rows.

    Only a meeting still scheduled can be held: a no-show closed by a re-match stays a
    no-show whatever its feedback says (its table went to the new meeting)."""
    said_yes = MeetingFeedback.objects.filter(meeting=OuterRef("pk"), took_place=True)
    said_no = MeetingFeedback.objects.filter(meeting=OuterRef("pk"), took_place=False)
    held = Q(status=ScheduledMeeting.Status.SCHEDULED) & (
        Q(attendance=ScheduledMeeting.Attendance.CHECKED_IN) | Q(Exists(said_yes))
    )
    no_show = ~held & (Q(attendance=ScheduledMeeting.Attendance.NO_SHOW) | Q(Exists(said_no)))
    return held, no_show


# --- sections ------------------------------------------------------------------------------


def _chart_section(
    *,
    key: str,
    title: str,
    description: str,
    sheet: str,
    category_header: str,
    chart: ChartData,
    total: bool = False,
    notes: Sequence[str] = (),
) -> Section:
    """A section whose table is exactly the chart's data (one row per category)."""
    headers = [category_header, *(name for name, _ in chart.series)]
    if total:
        headers.append(pgettext("report", "Total"))
    rows = []
    for index, category in enumerate(chart.categories):
        values = [int(values[index]) for _, values in chart.series]
        rows.append((category, *values, *([sum(values)] if total else [])))
    return Section(
        key=key,
        title=title,
        description=description,
        sheet=sheet,
        headers=tuple(headers),
        rows=tuple(rows),
        chart=chart,
        notes=tuple(notes),
    )


#: Timestamps are grouped in the database by this many leading characters of their UTC text
#: ("2026-08-07 01:2" = a 10-minute bucket); the buckets then go to local days in Python.
#: Casting every row with Django's date functions would call Python once per row on SQLite.
_BUCKET = 15


def _bucket(expression: Any) -> Substr:
    return Substr(Cast(expression, CharField()), 1, _BUCKET)


def _local_day(bucket: str, zone: ZoneInfo) -> date:
    """The event-local day of a UTC bucket ("YYYY-MM-DD HH:M"), from its middle minute.

    Exact for every time zone whose offset is a multiple of 10 minutes (all but three)."""
    start = datetime(
        int(bucket[0:4]),
        int(bucket[5:7]),
        int(bucket[8:10]),
        int(bucket[11:13]),
        int(bucket[14]) * 10 + 5,
        tzinfo=UTC,
    )
    return start.astimezone(zone).date()


def _requests_over_time(event: Event, filters: Filters) -> tuple[Section, dict[str, int]]:
    zone = ZoneInfo(event.time_zone)
    requests = _requests(event, filters)
    sent: Counter[date] = Counter()
    pending = 0
    for bucket, status, number in (
        requests.annotate(bucket=_bucket("created"))
        .values("bucket", "status")
        .annotate(n=Count("pk"))
        .values_list("bucket", "status", "n")
        .order_by()
    ):
        sent[_local_day(bucket, zone)] += number
        if status == MeetingRequest.Status.PENDING:
            pending += number
    answered: Counter[tuple[date, str]] = Counter()
    for bucket, status, number in (
        requests.filter(status__in=[MeetingRequest.Status.ACCEPTED, MeetingRequest.Status.DECLINED])
        # Organizer-arranged meetings are accepted when they are made (no answered_at).
        .annotate(bucket=_bucket(Coalesce("answered_at", "created")))
        .values("bucket", "status")
        .annotate(n=Count("pk"))
        .values_list("bucket", "status", "n")
        .order_by()
    ):
        answered[(_local_day(bucket, zone), status)] += number
    days = sorted(set(sent) | {day for day, _ in answered})
    accepted = [answered.get((day, MeetingRequest.Status.ACCEPTED), 0) for day in days]
    declined = [answered.get((day, MeetingRequest.Status.DECLINED), 0) for day in days]
    chart = ChartData(
        kind="line",
        categories=tuple(day.isoformat() for day in days),
        series=(
            (pgettext("report", "sent"), tuple(sent.get(day, 0) for day in days)),
            (pgettext("report", "accepted"), tuple(accepted)),
            (pgettext("report", "declined"), tuple(declined)),
        ),
    )
    totals = {
        "sent": sum(sent.values()),
        "accepted": sum(accepted),
        "declined": sum(declined),
        "pending": pending,
    }
    section = _chart_section(
        key="requests_over_time",
        title=_("Meeting requests over time"),
        description=_(
            "Requests sent per day, and accepted or declined per day of the answer (in the "
            "event's time zone); meetings arranged by the organizers count as accepted on "
            "the day they were arranged."
        ),
        sheet=_("Requests by day"),
        category_header=pgettext("report", "Day"),
        chart=chart,
        notes=[_("The day filter does not apply to requests.")] if filters.day else [],
    )
    return section, totals


def _meetings_by_day(event: Event, filters: Filters) -> tuple[Section, dict[str, int]]:
    held, no_show = _held_conditions()
    rows = list(
        meetings_queryset(event=event, filters=filters)
        .values(day=F("slot__session__day__date"))
        .annotate(
            total=Count("pk"),
            pk_sum=Sum("pk"),
            held=Count("pk", filter=held),
            no_show=Count("pk", filter=no_show),
            rematched=Count("pk", filter=rematched_meetings()),
        )
        .order_by("day")
    )
    chart = ChartData(
        kind="stacked",
        categories=tuple(row["day"].isoformat() for row in rows),
        series=(
            (pgettext("report", "held"), tuple(row["held"] for row in rows)),
            (pgettext("report", "no-show"), tuple(row["no_show"] for row in rows)),
            (
                pgettext("report", "not recorded"),
                tuple(row["total"] - row["held"] - row["no_show"] for row in rows),
            ),
        ),
    )
    totals = {
        "scheduled": sum(row["total"] for row in rows),
        "held": sum(row["held"] for row in rows),
        "no_show": sum(row["no_show"] for row in rows),
        "pk_sum": sum(row["pk_sum"] or 0 for row in rows),
        "rematched": sum(row["rematched"] for row in rows),
    }
    section = _chart_section(
        key="meetings_by_day",
        title=_("Meetings scheduled, held and no-shows"),
        description=_(
            "Scheduled meetings per day. Held: checked in, or a side's feedback says it took "
            "place. No-show: recorded as a no-show, or a side's feedback says it did not take "
            "place; a no-show whose table went to a same-day re-match stays a no-show. Not "
            "recorded: neither yet. Re-matched: meetings booked on the day when a partner "
            "accepted a same-day proposal, in a slot freed by a no-show or a cancellation "
            "(counted in the columns before as well)."
        ),
        sheet=_("Meetings by day"),
        category_header=pgettext("report", "Day"),
        chart=chart,
        total=True,
    )
    # Not a series of the chart: re-matched meetings are among the held or not recorded.
    section = replace(
        section,
        headers=(*section.headers, pgettext("report", "Re-matched")),
        rows=tuple(
            (*table_row, row["rematched"])
            for table_row, row in zip(section.rows, rows, strict=True)
        ),
    )
    return section, totals


def _pairs(
    counts: Iterable[tuple[str, str, int]], label: Any, top: int
) -> tuple[list[str], list[int]]:
    """Unordered pairs (a–b equals b–a) with their counts: the `top` largest, then "other"."""
    merged: Counter[tuple[str, str]] = Counter()
    for first, second, number in counts:
        merged[tuple(sorted((first or "", second or "")))] += number  # type: ignore[index]
    ranked = sorted(merged.items(), key=lambda item: (-item[1], item[0]))
    categories = [f"{label(a)} – {label(b)}" for (a, b), _ in ranked[:top]]
    values = [number for _, number in ranked[:top]]
    rest = sum(number for _, number in ranked[top:])
    if rest:
        categories.append(pgettext("report", "other"))
        values.append(rest)
    return categories, values


def _pair_section(event: Event, filters: Filters, *, field_name: str) -> Section:
    lang = _language()
    counts = (
        meetings_queryset(event=event, filters=filters)
        .values_list(*party_paths(via="meeting_request", field=field_name))
        .annotate(n=Count("pk"))
        .order_by()
    )
    if field_name == "country":

        def label(code: str) -> str:
            return countries.country_name(code, lang)

        key, title, sheet, header = (
            "country_pairs",
            _("Meetings by country pair"),
            _("Country pairs"),
            pgettext("report", "Countries"),
        )
    else:

        def label(code: str) -> str:
            return taxonomy.label("org_type", code, lang)

        key, title, sheet, header = (
            "org_type_pairs",
            _("Meetings by organization-type pair"),
            _("Type pairs"),
            _("Organization types"),
        )
    categories, values = _pairs(counts, label, TOP_PAIRS)
    chart = ChartData(
        kind="bar",
        categories=tuple(categories),
        series=((pgettext("report", "meetings"), tuple(values)),),
    )
    return _chart_section(
        key=key,
        title=title,
        description=_(
            "Scheduled meetings by the pair of their two organizations (A – B and B – A "
            "count together): the %(top)d most frequent pairs, the rest as “other”."
        )
        % {"top": TOP_PAIRS},
        sheet=sheet,
        category_header=header,
        chart=chart,
    )


def _feedback(event: Event, filters: Filters) -> tuple[list[Section], dict[str, int]]:
    answers = MeetingFeedback.objects.filter(
        Q(meeting__event=event) & _meeting_q(filters, "meeting__")
    )
    by_interest: Counter[str] = Counter()
    by_step: Counter[str] = Counter()
    for interest_code, step_code, number in (
        answers.values("follow_up_interest", "next_step")
        .annotate(n=Count("pk"))
        .values_list("follow_up_interest", "next_step", "n")
        .order_by()
    ):
        by_interest[interest_code] += number
        by_step[step_code] += number
    summary = answers.aggregate(
        answers=Count("pk"),
        meetings=Count("meeting", distinct=True),
        strong=Count("meeting", distinct=True, filter=Q(follow_up_interest="strong")),
    )
    interest = ChartData(
        kind="bar",
        categories=tuple(str(label) for _, label in MeetingFeedback.Interest.choices),
        series=(
            (
                pgettext("report", "answers"),
                tuple(by_interest.get(code, 0) for code, _ in MeetingFeedback.Interest.choices),
            ),
        ),
    )
    steps = ChartData(
        kind="bar",
        categories=tuple(str(label) for _, label in MeetingFeedback.NextStep.choices),
        series=(
            (
                pgettext("report", "answers"),
                tuple(by_step.get(code, 0) for code, _ in MeetingFeedback.NextStep.choices),
            ),
        ),
    )
    sections = [
        _chart_section(
            key="follow_up_interest",
            title=_("Interest in a follow-up"),
            description=_(
                "Feedback answers (one per side and meeting) by the interest in a follow-up."
            ),
            sheet=_("Follow-up interest"),
            category_header=pgettext("report", "Interest"),
            chart=interest,
        ),
        _chart_section(
            key="next_steps",
            title=_("Next steps"),
            description=_("Feedback answers by the next step the side plans."),
            sheet=_("Next steps"),
            category_header=pgettext("report", "Next step"),
            chart=steps,
        ),
    ]
    return sections, summary


def _deals(event: Event, filters: Filters) -> tuple[list[Section], dict[str, int]]:
    deals = deals_queryset(event=event, filters=filters)
    counts: dict[tuple[str, str], int] = {}
    confidential: dict[tuple[str, str], int] = {}
    for kind, stage, number, secret in (
        deals.values("kind", "stage")
        .annotate(n=Count("pk"), secret=Count("pk", filter=Q(confidential=True)))
        .values_list("kind", "stage", "n", "secret")
        .order_by()
    ):
        counts[(kind, stage)] = number
        confidential[(kind, stage)] = secret
    kinds = Deal.Kind.choices
    stages = Deal.Stage.choices
    by_kind = ChartData(
        kind="stacked",
        categories=tuple(str(label) for _, label in kinds),
        series=tuple(
            (str(stage_label), tuple(counts.get((kind, stage), 0) for kind, _ in kinds))
            for stage, stage_label in stages
        ),
    )
    stage_totals = [
        sum(number for (_, stage), number in counts.items() if stage == code) for code, _ in stages
    ]
    by_stage = ChartData(
        kind="bar",
        categories=tuple(str(label) for _, label in stages),
        series=((pgettext("report", "deals"), tuple(stage_totals)),),
    )
    total = sum(counts.values())
    signed = sum(number for (_, stage), number in counts.items() if stage in SIGNED_STAGES)
    secret = sum(confidential.values())
    signed_secret = sum(
        number for (_, stage), number in confidential.items() if stage in SIGNED_STAGES
    )
    sections = [
        _chart_section(
            key="deals_by_kind",
            title=_("Deals by kind and stage"),
            description=_(
                "Every recorded deal, confidential ones included, by kind and current stage."
            ),
            sheet=_("Deals by kind"),
            category_header=pgettext("report", "Kind"),
            chart=by_kind,
            total=True,
        ),
        _chart_section(
            key="deals_by_stage",
            title=_("Deals by stage"),
            description=_("Every recorded deal by its current stage."),
            sheet=_("Deals by stage"),
            category_header=pgettext("report", "Stage"),
            chart=by_stage,
        ),
        _signed_deals(deals, signed_secret),
    ]
    return sections, {
        "deals": total,
        "signed": signed,
        "confidential": secret,
        "signed_confidential": signed_secret,
    }


def _signed_deals(deals: QuerySet[Deal], secret: int) -> Section:
    """Public signed deals by name; confidential ones only as a count (two queries)."""
    public = deals.filter(stage__in=SIGNED_STAGES, confidential=False)
    korean = _language() == "ko"
    names: dict[int, list[str]] = {}
    for deal_id, name, local in (
        DealParty.objects.filter(deal__in=public.values("pk"))
        .order_by("organization__name")
        .values_list("deal_id", "organization__name", "organization__name_local")
    ):
        names.setdefault(deal_id, []).append(local if korean and local else name)
    # Labels looked up once: get_FOO_display() hashes every lazy choice label per call.
    kinds = {code: str(label) for code, label in Deal.Kind.choices}
    stages = {code: str(label) for code, label in Deal.Stage.choices}
    rows = [
        (
            title,
            kinds.get(kind, kind),
            stages.get(stage, stage),
            signed_on or reached,
            "; ".join(names.get(pk, [])),
            value,
            currency,
        )
        for pk, title, kind, stage, signed_on, reached, value, currency in public.order_by(
            F("signed_on").asc(nulls_last=True), "title", "pk"
        ).values_list("pk", "title", "kind", "stage", "signed_on", "date", "value", "currency")
    ]
    notes = []
    if secret:
        notes.append(
            _(
                "%(count)d confidential signed deal(s) are counted in every number above but "
                "not named."
            )
            % {"count": secret}
        )
    return Section(
        key="signed_deals",
        title=_("Signed deals"),
        description=_("Public deals signed or announced, by date of signing."),
        sheet=_("Signed deals"),
        headers=(
            pgettext("report", "Title"),
            pgettext("report", "Kind"),
            pgettext("report", "Stage"),
            pgettext("report", "Signed on"),
            pgettext("report", "Parties"),
            pgettext("report", "Value"),
            pgettext("report", "Currency"),
        ),
        rows=tuple(rows),
        notes=tuple(notes),
    )


def _json_has(path: str, code: str) -> Q:
    """The JSON list at `path` holds `code`: ``@>`` on PostgreSQL, a match of the quoted code
    in the stored text elsewhere (SQLite has no JSON containment lookup)."""
    if connection.features.supports_json_field_contains:
        return Q(**{f"{path}__contains": [code]})
    return Q(**{f"{path}__icontains": f'"{code}"'})


def _matched_areas(event: Event, filters: Filters, *, fingerprint: str) -> list[Section]:
    """Therapeutic areas both organizations of a meeting work in, and the offers of one side
    that answer the other side's seeks — one query of conditional counts.

    That query tests the survey lists of both sides of every meeting (the dashboard's most
    expensive one), and its result depends only on which meetings are scheduled and on the
    organizations' surveys; it is cached under a `fingerprint` of exactly those (see
    `build_dashboard`), so a new, cancelled or replaced meeting or a saved survey computes it
    again."""
    lang = _language()
    low, high = (f"{path}__" for path in party_paths(via="meeting_request"))
    areas = [term.code for term in taxonomy.VOCABULARIES["therapeutic_areas"]]
    counters: dict[str, Any] = {}
    for index, code in enumerate(areas):
        counters[f"area{index}"] = Count(
            "pk",
            filter=_json_has(f"{low}therapeutic_areas", code)
            & _json_has(f"{high}therapeutic_areas", code),
        )
    offers = list(taxonomy.OFFER_ANSWERS_SEEK.items())
    for index, (offer, seek) in enumerate(offers):
        counters[f"offer{index}"] = Count(
            "pk",
            filter=(_json_has(f"{low}offers", offer) & _json_has(f"{high}seeks", seek))
            | (_json_has(f"{high}offers", offer) & _json_has(f"{low}seeks", seek)),
        )
    day = filters.day.pk if filters.day is not None else ""
    digest = hashlib.sha256(fingerprint.encode()).hexdigest()[:24]
    key = f"reports:matched:{event.pk}:{day}:{filters.org_type}:{digest}"
    totals = cache.get(key)
    if totals is None:
        totals = meetings_queryset(event=event, filters=filters).aggregate(**counters)
        cache.set(key, totals, MATCHED_CACHE_SECONDS)

    def top(items: list[tuple[str, int]]) -> list[tuple[str, int]]:
        ranked = sorted((item for item in items if item[1]), key=lambda item: (-item[1], item[0]))
        return ranked[:TOP_AREAS]

    shared = top(
        [
            (taxonomy.label("therapeutic_areas", code, lang), totals[f"area{index}"])
            for index, code in enumerate(areas)
        ]
    )
    answered = top(
        [
            (
                f"{taxonomy.label('offers', offer, lang)} → {taxonomy.label('seeks', seek, lang)}",
                totals[f"offer{index}"],
            )
            for index, (offer, seek) in enumerate(offers)
        ]
    )
    return [
        _chart_section(
            key="matched_areas",
            title=_("Top shared therapeutic areas"),
            description=_(
                "Scheduled meetings whose two organizations both work in the therapeutic area "
                "(from their surveys); a meeting counts once for every area they share."
            ),
            sheet=_("Shared areas"),
            category_header=_("Therapeutic area"),
            chart=ChartData(
                kind="bar",
                categories=tuple(label for label, _ in shared),
                series=((pgettext("report", "meetings"), tuple(number for _, number in shared)),),
            ),
        ),
        _chart_section(
            key="matched_needs",
            title=_("Top matched offers and needs"),
            description=_(
                "Scheduled meetings where one organization offers what the other seeks (e.g. "
                "licensing out → licensing in), by deal type."
            ),
            sheet=_("Offers and needs"),
            category_header=_("Offer → need"),
            chart=ChartData(
                kind="bar",
                categories=tuple(label for label, _ in answered),
                series=((pgettext("report", "meetings"), tuple(number for _, number in answered)),),
            ),
        ),
    ]


def build_dashboard(*, event: Event, filters: Filters | None = None) -> Dashboard:
    """Every number and table of the event's report, in the active language.

    One transaction, so that all numbers come from one state of the data (on PostgreSQL,
    whose default isolation still lets each statement see newer commits, they come from
    nearly one). On PostgreSQL the queries run with JIT compilation off: the planner's cost
    estimates of the ``EXISTS`` subplans cross ``jit_above_cost`` and compiling takes about a
    second, ten times longer than running them (measured at 30,000 meetings).
    """
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL jit = off")
        return _build(event=event, filters=filters or Filters())


def _build(*, event: Event, filters: Filters) -> Dashboard:
    of_type = Q(org_type=filters.org_type) if filters.org_type else Q()
    organizations = Organization.objects.filter(event=event).aggregate(
        count=Count("pk", filter=of_type),
        countries=Count("country", distinct=True, filter=of_type),
        updated=Max("updated"),
    )
    members = Membership.objects.filter(event=event)
    if filters.org_type:
        members = members.filter(organization__org_type=filters.org_type)
    participants = members.count()
    requests_section, requests = _requests_over_time(event, filters)
    meetings_section, meetings = _meetings_by_day(event, filters)
    feedback_sections, feedback = _feedback(event, filters)
    deal_sections, deals = _deals(event, filters)
    headline = (
        Headline("organizations", _("Organizations"), organizations["count"]),
        Headline("participants", _("Participants"), participants),
        Headline("countries", pgettext("report", "Countries"), organizations["countries"]),
        Headline("requests_sent", _("Meeting requests sent"), requests["sent"]),
        Headline("requests_accepted", _("Requests accepted"), requests["accepted"]),
        Headline("requests_declined", _("Requests declined"), requests["declined"]),
        Headline("requests_pending", _("Requests pending"), requests["pending"]),
        Headline("meetings_scheduled", _("Meetings scheduled"), meetings["scheduled"]),
        Headline("meetings_held", _("Meetings held"), meetings["held"]),
        Headline("meetings_no_show", _("No-shows"), meetings["no_show"]),
        Headline("feedback_answers", _("Feedback answers"), feedback["answers"]),
        Headline("meetings_with_feedback", _("Meetings with feedback"), feedback["meetings"]),
        Headline("strong_interest", _("Meetings with strong interest"), feedback["strong"]),
        Headline("deals", _("Deals recorded"), deals["deals"]),
        Headline("deals_signed", _("Deals signed"), deals["signed"]),
        Headline(
            "deals_confidential",
            _("Confidential deals (counted, not named)"),
            deals["confidential"],
        ),
    )
    sections = (
        requests_section,
        meetings_section,
        _pair_section(event, filters, field_name="country"),
        _pair_section(event, filters, field_name="org_type"),
        *feedback_sections,
        *deal_sections,
        *_matched_areas(
            event,
            filters,
            # The scheduled meetings (how many, which) and the last saved survey.
            fingerprint=f"{meetings['scheduled']}:{meetings['pk_sum']}:{organizations['updated']}",
        ),
    )
    days = tuple(EventDay.objects.filter(event=event).values_list("date", flat=True))
    return Dashboard(event=event, filters=filters, headline=headline, sections=sections, days=days)
