"""The organizer's command center: where the program stands, what needs a person, what next.

`program_figures` reads every number in eight queries whatever the size of the event (the
counts of a dozen tables in one statement, requests and meetings each in one grouped pass);
`build_command_center` turns them into the seven phases of a partnering program (set-up →
survey → matching → requests → schedule → the day → outcomes), each with its state and
figures, the problems that need a person (each with the link that fixes it) and the next
step. Definitions (also in docs/command-center.md):

- *requests*: those sent by participants (organizer-arranged meetings are not requests);
  *answered*: accepted or declined (an answer stays an answer when the meeting is later
  cancelled); the answered share is over the requests that asked for an answer (answered,
  pending or expired; withdrawn ones are left out). *Waiting long*: pending for more than
  the meetings app's reminder delay (`REMIND_AFTER`, 3 days); *about to expire*: pending
  within `REMIND_BEFORE_DEADLINE` (48 h) of the request deadline.
- *the schedule's publication*: the last publication of a draft run; *changes since*:
  meetings cancelled, added (late placement, re-matching on the day) or moved after it. A
  move is seen in the meeting's row (``updated`` after the publication, ``sequence`` raised);
  a meeting whose attendance was recorded after it moved counts as unchanged.
- *meetings without a table*: accepted requests with no scheduled meeting, once a schedule
  is published (`summit.scheduling.domain.changes.late_requests`; counted as the accepted
  requests less the scheduled meetings: one meeting per request, of an accepted request).
- *not recorded*: scheduled meetings whose slot has ended with neither a check-in nor a
  no-show. *No-shows* include those closed when a same-day meeting replaced them
  (`summit.lounge.domain.counts.counted_meetings`: cancelled, their attendance kept);
  *re-matched*: scheduled meetings booked by an accepted same-day proposal
  (`rematched_meetings`; the report's day table counts them the same way).
- *feedback due*: sides (parties, `summit.meetings.domain.parties`) of scheduled meetings
  that have ended without their feedback, while the feedback period is open.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Count, F, Func, IntegerField, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from summit.accounts.domain.invitations import members_to_invite
from summit.events.models import Event, EventDay, Table
from summit.lounge.domain.counts import counted_meetings, rematched_meetings
from summit.matching.models import RecomputeRun, WatchListHit
from summit.meetings.domain.parties import PARTY_FIELDS
from summit.meetings.domain.requests import REMIND_AFTER, REMIND_BEFORE_DEADLINE
from summit.meetings.models import MeetingRequest
from summit.organizations.models import Membership, Organization
from summit.outcomes.domain.feedback import feedback_days
from summit.outcomes.models import Deal, MeetingFeedback
from summit.program.models import SegmentReminder
from summit.program.models.reminders import Segment
from summit.scheduling.models import ScheduledMeeting, ScheduleRun

__all__ = [
    "PHASES",
    "Action",
    "CommandCenter",
    "Figures",
    "Phase",
    "Problem",
    "build_command_center",
    "program_figures",
]

PHASES = ("setup", "survey", "matching", "requests", "schedule", "day", "outcomes")
Status = MeetingRequest.Status
Scheduled = ScheduledMeeting.Status.SCHEDULED
Attendance = ScheduledMeeting.Attendance
SIGNED = (Deal.Stage.SIGNED, Deal.Stage.ANNOUNCED)
#: Requests that asked for an answer without (yet) getting one.
ASKED = (Status.PENDING, Status.EXPIRED)
Done = RecomputeRun.Status.DONE


@dataclass(frozen=True)
class Figures:
    """Every number of the command center (see the module docstring for definitions)."""

    now: datetime
    days: int
    slots: int
    tables: int
    participants: int
    organizations: int
    surveys_submitted: int
    cannot_log_in: int
    first_start: datetime | None
    last_end: datetime | None
    #: The latest recompute of the recommendations, and the latest one that finished.
    recompute: RecomputeRun | None
    recomputed: RecomputeRun | None
    undecided_hits: int
    requests: int
    answered: int
    asked_for_answer: int
    pending: int
    pending_long: int
    expiring: int
    accepted: int
    drafts_done: int
    drafts_running: int
    latest_draft: ScheduleRun | None
    publication: ScheduleRun | None
    meetings: int
    without_table: int
    changes_since: int
    ended: int
    checked_in: int
    no_shows: int
    not_recorded: int
    rematched: int
    today: int
    feedback_given: int
    deals: int
    deals_signed: int
    last_reminders: dict[str, SegmentReminder] = field(default_factory=dict)

    @property
    def without_survey(self) -> int:
        return self.organizations - self.surveys_submitted

    @property
    def answered_percent(self) -> int | None:
        if not self.asked_for_answer:
            return None
        return round(100 * self.answered / self.asked_for_answer)

    @property
    def set_up(self) -> bool:
        return bool(self.days and self.slots and self.tables)

    @property
    def feedback_closes(self) -> datetime | None:
        if self.last_end is None:
            return None
        return self.last_end + timedelta(days=feedback_days())

    @property
    def feedback_open(self) -> bool:
        return self.feedback_closes is not None and self.now < self.feedback_closes

    @property
    def feedback_due(self) -> int:
        """Meeting sides still owing their feedback (0 once the period is over)."""
        sides = len(PARTY_FIELDS) * self.ended
        return max(0, sides - self.feedback_given) if self.feedback_open else 0


def _count(rows: QuerySet[Any], distinct: str = "") -> Subquery:
    """`rows` counted (or their distinct values of the field `distinct`) as a scalar
    subquery: many counts of different tables come back in one statement, one round trip
    instead of one each. (A plain function, not an aggregate: no GROUP BY.)"""
    if distinct:
        value = Func(
            F(distinct), template="COUNT(DISTINCT %(expressions)s)", output_field=IntegerField()
        )
    else:
        value = Func(template="COUNT(*)", output_field=IntegerField())
    return Subquery(rows.order_by().annotate(counted=value).values("counted")[:1])


def _scalar_counts(event: Event, now: datetime) -> dict[str, Any]:
    """The counts of many tables, in one query."""
    pk = event.pk
    organizations = Organization.objects.filter(event_id=pk)
    counts: dict[str, Any] = {
        "days": _count(EventDay.objects.filter(event_id=pk)),
        "tables": _count(Table.objects.filter(event_id=pk, kind=Table.Kind.TABLE)),
        "organizations": _count(organizations),
        "surveys_submitted": _count(
            organizations.filter(survey_status=Organization.SurveyStatus.SUBMITTED)
        ),
        "participants": _count(Membership.objects.filter(event_id=pk)),
        "cannot_log_in": _count(members_to_invite(event=event)),
        "undecided_hits": _count(
            WatchListHit.objects.filter(event_id=pk, decided_at__isnull=True, excluded=False)
        ),
        "feedback_given": _count(
            MeetingFeedback.objects.filter(
                meeting__event_id=pk, meeting__status=Scheduled, meeting__slot__end__lte=now
            )
        ),
        "deals": _count(Deal.objects.filter(event_id=pk)),
        "deals_signed": _count(Deal.objects.filter(event_id=pk, stage__in=SIGNED)),
    }
    # Prefixed: the event has relations of the same names (days, slots, tables, ...).
    row = (
        Event.objects.filter(pk=pk)
        .annotate(**{f"n_{name}": value for name, value in counts.items()})
        .values(*(f"n_{name}" for name in counts))
        .get()
    )
    return {name: row[f"n_{name}"] for name in counts}


def _request_figures(event: Event, now: datetime) -> dict[str, int]:
    """Requests by state: one grouped pass (a few rows by kind and status), summed here."""
    deadline = event.request_deadline
    closing = deadline is not None and deadline - REMIND_BEFORE_DEADLINE <= now < deadline
    groups = (
        MeetingRequest.objects.filter(event=event)
        .values("kind", "status")
        .annotate(
            n=Count("pk"),
            answered=Count("answered_by_organization_id"),
            old=Count("pk", filter=Q(created__lte=now - REMIND_AFTER)),
        )
        .order_by()
    )
    figures = dict.fromkeys(
        ("requests", "answered", "asked_for_answer", "pending", "pending_long", "expiring"), 0
    )
    figures["accepted"] = 0
    for group in groups:
        if group["status"] == Status.ACCEPTED:
            figures["accepted"] += group["n"]
        if group["kind"] != MeetingRequest.Kind.PARTICIPANT or group["status"] == Status.WITHDRAWN:
            continue
        figures["requests"] += group["n"]
        figures["answered"] += group["answered"]
        # Answered, or asked and never answered (pending, expired).
        figures["asked_for_answer"] += group["n"] if group["status"] in ASKED else group["answered"]
        if group["status"] == Status.PENDING:
            figures["pending"] += group["n"]
            figures["pending_long"] += group["old"]
            figures["expiring"] += group["n"] if closing else 0
    return figures


def _draft_runs(event: Event) -> dict[str, Any]:
    """The draft runs' counts, the last publication and a finished draft newer than it (one
    query over the runs' small fields; their JSON results stay in the database)."""
    runs = list(
        ScheduleRun.objects.filter(event=event, purpose=ScheduleRun.Purpose.DRAFT)
        .only("pk", "name", "status", "created", "finished_at", "published_at")
        .order_by("-created", "-pk")
    )
    published = [run for run in runs if run.published_at is not None]
    publication = max(published, key=lambda run: run.published_at) if published else None
    ready = [
        run
        for run in runs
        if run.status == ScheduleRun.Status.DONE
        and run.published_at is None
        and (
            publication is None
            or run.finished_at is None
            or publication.published_at is None
            or run.finished_at >= publication.published_at
        )
    ]
    return {
        "drafts_done": sum(run.status == ScheduleRun.Status.DONE for run in runs),
        "drafts_running": sum(
            run.status in (ScheduleRun.Status.QUEUED, ScheduleRun.Status.RUNNING) for run in runs
        ),
        "latest_draft": ready[0] if ready else None,
        "publication": publication,
    }


def _meeting_figures(
    event: Event, now: datetime, publication: ScheduleRun | None
) -> dict[str, Any]:
    """Meetings by slot, status and attendance (one grouped pass, no join), the slots' times
    (one small query) and the changes since the publication (one count, once published)."""
    slots = {pk: (start, end) for pk, start, end in event.slots.values_list("pk", "start", "end")}
    zone = ZoneInfo(event.time_zone)
    today = timezone.localtime(now, zone).date()
    figures = dict.fromkeys(
        ("meetings", "ended", "checked_in", "no_shows", "not_recorded", "today", "rematched"), 0
    )
    # A no-show replaced by a same-day meeting is closed (cancelled, its attendance kept): it
    # still counts as a no-show, and no longer as a meeting.
    groups = (
        ScheduledMeeting.objects.filter(event=event)
        .filter(counted_meetings())
        .values("slot_id", "status", "attendance")
        .annotate(n=Count("pk"), rematched=Count("pk", filter=rematched_meetings()))
        .order_by()
    )
    for group in groups:
        start, end = slots[group["slot_id"]]
        n, attendance = group["n"], group["attendance"]
        if group["status"] != Scheduled:
            figures["no_shows"] += n
            continue
        figures["meetings"] += n
        figures["rematched"] += group["rematched"]
        figures["checked_in"] += n if attendance == Attendance.CHECKED_IN else 0
        figures["no_shows"] += n if attendance == Attendance.NO_SHOW else 0
        figures["today"] += n if timezone.localtime(start, zone).date() == today else 0
        if end <= now:
            figures["ended"] += n
            figures["not_recorded"] += n if attendance == Attendance.EXPECTED else 0
    figures["changes_since"] = 0
    if publication is not None and publication.published_at is not None:
        since = publication.published_at
        moved = Q(status=Scheduled, created__lte=since, updated__gt=since, sequence__gt=0) & (
            Q(attendance_recorded_at__isnull=True)
            | Q(attendance_recorded_at__lt=F("updated") - timedelta(seconds=1))
        )
        added = Q(status=Scheduled, created__gt=since) & ~Q(published_by_run=publication)
        cancelled = Q(status=ScheduledMeeting.Status.CANCELLED, updated__gt=since)
        figures["changes_since"] = (
            ScheduledMeeting.objects.filter(event=event).filter(moved | added | cancelled).count()
        )
    figures["slots"] = len(slots)
    figures["first_start"] = min((start for start, _ in slots.values()), default=None)
    figures["last_end"] = max((end for _, end in slots.values()), default=None)
    return figures


def program_figures(*, event: Event, now: datetime | None = None) -> Figures:
    """Every figure of the command center, in eight queries whatever the size of the event."""
    now = now if now is not None else timezone.now()
    counts = _scalar_counts(event, now)
    requests = _request_figures(event, now)
    runs = _draft_runs(event)
    meetings = _meeting_figures(event, now, runs["publication"])
    # A request has at most one scheduled meeting (a database constraint) and a scheduled
    # meeting's request is accepted (publishing and cancelling keep it so): the accepted
    # requests without a table (`late_requests`) are the rest, once a schedule is published.
    placed = meetings["meetings"]
    without_table = 0
    if runs["publication"] is not None:
        without_table = max(0, requests["accepted"] - placed)
    # The latest runs: one may be queued or running after the last one that finished.
    recomputes = list(RecomputeRun.objects.filter(event=event).order_by("-created", "-pk")[:10])
    last_reminders: dict[str, SegmentReminder] = {}
    for reminder in SegmentReminder.objects.filter(event=event).order_by("-created", "-pk")[:30]:
        last_reminders.setdefault(reminder.segment, reminder)
    return Figures(
        now=now,
        recompute=recomputes[0] if recomputes else None,
        recomputed=next((run for run in recomputes if run.status == Done), None),
        last_reminders=last_reminders,
        without_table=without_table,
        **counts,
        **requests,
        **runs,
        **meetings,
    )


# ---- phases, problems, next step ------------------------------------------------------------


@dataclass(frozen=True)
class Action:
    """A link that moves the program on (a page, or a place on this page)."""

    label: str
    url: str


@dataclass(frozen=True)
class Problem:
    """Something that needs a person, with the link that fixes it."""

    key: str
    phase: str
    text: str
    count: int
    action: Action
    note: str = ""


@dataclass(frozen=True)
class Phase:
    key: str
    title: str
    #: done | current | upcoming
    state: str
    state_label: str
    figures: tuple[str, ...]
    link: Action
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class CommandCenter:
    figures: Figures
    phases: tuple[Phase, ...]
    problems: tuple[Problem, ...]
    current: str
    next_step: Action
    next_text: str


def _url(name: str, event: Event, query: str = "", **kwargs: Any) -> str:
    slug_name = "event_slug" if name.startswith("meetings:") else "slug"
    path = reverse(name, kwargs={slug_name: event.slug, **kwargs})
    return f"{path}?{query}" if query else path


def _remind(event: Event, segment: str) -> str:
    return _url("program:reminders", event, f"segment={segment}")


def _when(value: datetime) -> str:
    return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")


def _reminded_note(figures: Figures, segment: str) -> str:
    last = figures.last_reminders.get(segment)
    if last is None:
        return ""
    return ngettext(
        "Last reminder: %(when)s, %(count)d person.",
        "Last reminder: %(when)s, %(count)d people.",
        last.sent or last.previewed,
    ) % {"when": _when(last.created), "count": last.sent or last.previewed}


def _problems(event: Event, f: Figures) -> list[Problem]:
    found: list[Problem] = []
    requests_open = event.request_deadline is None or f.now < event.request_deadline

    def add(key: str, phase: str, count: int, text: str, action: Action, note: str = "") -> None:
        if count:
            found.append(Problem(key, phase, text, count, action, note))

    add(
        "invitations",
        "setup",
        f.cannot_log_in,
        ngettext(
            "%(count)d participant cannot log in yet.",
            "%(count)d participants cannot log in yet.",
            f.cannot_log_in,
        )
        % {"count": f.cannot_log_in},
        Action(_("Send the invitations"), "#invitations"),
    )
    if requests_open and (f.last_end is None or f.now < f.last_end):
        add(
            "no_survey",
            "survey",
            f.without_survey,
            ngettext(
                "%(count)d organization has not submitted its survey.",
                "%(count)d organizations have not submitted their survey.",
                f.without_survey,
            )
            % {"count": f.without_survey},
            Action(_("Remind them"), _remind(event, Segment.NO_SURVEY)),
            _reminded_note(f, Segment.NO_SURVEY),
        )
    add(
        "screening",
        "matching",
        f.undecided_hits,
        ngettext(
            "%(count)d watch-list match waits for a decision.",
            "%(count)d watch-list matches wait for a decision.",
            f.undecided_hits,
        )
        % {"count": f.undecided_hits},
        Action(_("Decide"), _url("matching:screening", event)),
    )
    if f.recompute is not None and f.recompute.status == RecomputeRun.Status.FAILED:
        add(
            "recompute_failed",
            "matching",
            1,
            _("The last computation of the recommendations failed."),
            Action(_("See the recommendations"), _url("matching:recommendations", event)),
        )
    reminded = _reminded_note(f, Segment.REQUESTS_TO_ANSWER)
    add(
        "expiring",
        "requests",
        f.expiring,
        ngettext(
            "%(count)d request expires unanswered at the deadline, %(deadline)s.",
            "%(count)d requests expire unanswered at the deadline, %(deadline)s.",
            f.expiring,
        )
        % {
            "count": f.expiring,
            "deadline": _when(event.request_deadline) if event.request_deadline else "",
        },
        Action(_("Remind the people asked"), _remind(event, Segment.REQUESTS_TO_ANSWER)),
        reminded,
    )
    add(
        "pending_long",
        "requests",
        f.pending_long if requests_open else 0,
        ngettext(
            "%(count)d request has waited for an answer for more than %(days)d days.",
            "%(count)d requests have waited for an answer for more than %(days)d days.",
            f.pending_long,
        )
        % {"count": f.pending_long, "days": REMIND_AFTER.days},
        Action(_("Remind the people asked"), _remind(event, Segment.REQUESTS_TO_ANSWER)),
        reminded,
    )
    add(
        "without_table",
        "schedule",
        f.without_table,
        ngettext(
            "%(count)d accepted meeting has no table in the published schedule.",
            "%(count)d accepted meetings have no table in the published schedule.",
            f.without_table,
        )
        % {"count": f.without_table},
        Action(_("Place them"), _url("scheduling:late", event)),
    )
    add(
        "not_recorded",
        "day",
        f.not_recorded,
        ngettext(
            "%(count)d meeting has ended without a check-in or a no-show.",
            "%(count)d meetings have ended without a check-in or a no-show.",
            f.not_recorded,
        )
        % {"count": f.not_recorded},
        Action(_("Record attendance in the lounge"), _url("lounge:grid", event)),
    )
    add(
        "feedback_due",
        "outcomes",
        f.feedback_due,
        ngettext(
            "%(count)d meeting side still owes its feedback.",
            "%(count)d meeting sides still owe their feedback.",
            f.feedback_due,
        )
        % {"count": f.feedback_due},
        Action(_("Remind them"), _remind(event, Segment.FEEDBACK_DUE)),
        _reminded_note(f, Segment.FEEDBACK_DUE),
    )
    return found


def _current_phase(event: Event, f: Figures) -> str:
    """Where the program is in time (the first phase that is not behind it); on a summit day
    without a published schedule, the schedule (nothing else can happen before it)."""
    if not f.set_up:
        return "setup"
    if not f.organizations:
        return "survey"
    if f.last_end is not None and f.now >= f.last_end:
        return "outcomes"
    started = f.first_start is not None and f.now >= f.first_start
    if started:
        return "day" if f.publication is not None else "schedule"
    if f.publication is not None:
        return "schedule"
    deadline_passed = event.request_deadline is not None and f.now >= event.request_deadline
    if deadline_passed or f.drafts_done or f.drafts_running:
        return "schedule"
    if f.requests:
        return "requests"
    if f.recomputed is None:
        return "matching" if f.surveys_submitted else "survey"
    return "requests"


def _setup_phase(event: Event, f: Figures) -> tuple[list[str], Action]:
    figures = [
        ngettext("%(count)d day", "%(count)d days", f.days) % {"count": f.days}
        + " · "
        + ngettext("%(count)d slot", "%(count)d slots", f.slots) % {"count": f.slots}
        + " · "
        + ngettext("%(count)d table", "%(count)d tables", f.tables) % {"count": f.tables},
        ngettext("%(count)d participant", "%(count)d participants", f.participants)
        % {"count": f.participants},
    ]
    if event.request_deadline:
        figures.append(_("Request deadline: %(when)s") % {"when": _when(event.request_deadline)})
    else:
        figures.append(_("No request deadline set"))
    return figures, Action(_("Days, sessions and tables"), _url("events:days", event))


def _survey_phase(event: Event, f: Figures) -> tuple[list[str], Action]:
    if not f.organizations:
        return [_("No organizations yet")], Action(
            _("Import the organizations"), _url("organizations:import", event)
        )
    figures = [
        ngettext(
            "%(done)d of %(count)d survey submitted",
            "%(done)d of %(count)d surveys submitted",
            f.organizations,
        )
        % {"done": f.surveys_submitted, "count": f.organizations}
    ]
    return figures, Action(_("Survey import"), _url("organizations:import", event))


def _matching_phase(event: Event, f: Figures) -> tuple[list[str], Action]:
    done, latest = f.recomputed, f.recompute
    figures = []
    if done is not None:
        figures += [
            _("Recommendations computed %(when)s") % {"when": _when(done.finished or done.created)},
            ngettext(
                "%(count)d recommendation for %(organizations)d organizations",
                "%(count)d recommendations for %(organizations)d organizations",
                done.recommendations,
            )
            % {"count": done.recommendations, "organizations": done.organizations},
        ]
    if latest is not None and latest.active:
        figures.append(
            _("Computing the recommendations: %(percent)d%%") % {"percent": latest.progress}
        )
    elif latest is not None and latest.status == RecomputeRun.Status.FAILED:
        figures.append(_("The last computation failed"))
    if not figures:
        figures.append(_("Recommendations not computed yet"))
    return figures, Action(_("Recommendations"), _url("matching:recommendations", event))


def _requests_phase(event: Event, f: Figures) -> tuple[list[str], Action]:
    if not f.requests:
        figures = [_("No requests sent yet")]
    else:
        figures = [
            ngettext("%(count)d request sent", "%(count)d requests sent", f.requests)
            % {"count": f.requests}
            + " · "
            + _("%(percent)d%% answered") % {"percent": f.answered_percent or 0},
        ]
        if f.pending:
            figures.append(
                ngettext("%(count)d pending", "%(count)d pending", f.pending) % {"count": f.pending}
                + (
                    " · "
                    + ngettext(
                        "%(count)d pending past %(days)d days",
                        "%(count)d pending past %(days)d days",
                        f.pending_long,
                    )
                    % {"count": f.pending_long, "days": REMIND_AFTER.days}
                    if f.pending_long
                    else ""
                )
            )
    figures.append(
        ngettext("%(count)d meeting agreed", "%(count)d meetings agreed", f.accepted)
        % {"count": f.accepted}
    )
    return figures, Action(_("Meeting requests"), _url("meetings:organizer_requests", event))


def _schedule_phase(event: Event, f: Figures) -> tuple[list[str], Action]:
    figures = []
    if f.publication is not None:
        figures.append(
            _("Schedule published %(when)s") % {"when": _when(f.publication.published_at or f.now)}
            + " · "
            + ngettext("%(count)d change since", "%(count)d changes since", f.changes_since)
            % {"count": f.changes_since}
        )
        figures.append(
            ngettext("%(count)d meeting scheduled", "%(count)d meetings scheduled", f.meetings)
            % {"count": f.meetings}
        )
    else:
        figures.append(_("Not published yet"))
    if f.drafts_running:
        figures.append(
            ngettext("%(count)d draft computing", "%(count)d drafts computing", f.drafts_running)
            % {"count": f.drafts_running}
        )
    if f.latest_draft is not None:
        figures.append(_("A draft is ready to review"))
    elif f.publication is None:
        figures.append(
            ngettext("%(count)d draft", "%(count)d drafts", f.drafts_done)
            % {"count": f.drafts_done}
        )
    return figures, Action(_("Schedule"), _url("scheduling:home", event))


def _day_phase(event: Event, f: Figures) -> tuple[list[str], Action]:
    if f.first_start is None:
        return [_("No partnering days yet")], Action(
            _("Days, sessions and tables"), _url("events:days", event)
        )
    if f.now < f.first_start:
        return [_("Starts %(when)s") % {"when": _when(f.first_start)}], Action(
            _("Table plan"), _url("agenda:table_plan", event)
        )
    figures = []
    if f.today:
        figures.append(
            ngettext("%(count)d meeting today", "%(count)d meetings today", f.today)
            % {"count": f.today}
        )
    figures.append(
        _("Checked in: %(checked)d · no-shows: %(absent)d")
        % {"checked": f.checked_in, "absent": f.no_shows}
    )
    if f.rematched:
        figures.append(
            ngettext(
                "%(count)d freed slot re-matched on the day",
                "%(count)d freed slots re-matched on the day",
                f.rematched,
            )
            % {"count": f.rematched}
        )
    if f.ended:
        figures.append(
            ngettext(
                "%(count)d meeting has ended, %(open)d without a check-in or a no-show",
                "%(count)d meetings have ended, %(open)d without a check-in or a no-show",
                f.ended,
            )
            % {"count": f.ended, "open": f.not_recorded}
        )
    return figures, Action(_("Lounge"), _url("lounge:grid", event))


def _outcomes_phase(event: Event, f: Figures) -> tuple[list[str], Action]:
    sides = len(PARTY_FIELDS) * f.ended
    figures = [
        _("Feedback from %(given)d of %(sides)d meeting sides")
        % {"given": f.feedback_given, "sides": sides},
        ngettext("%(count)d deal", "%(count)d deals", f.deals) % {"count": f.deals}
        + " · "
        + ngettext("%(count)d signed", "%(count)d signed", f.deals_signed)
        % {"count": f.deals_signed},
    ]
    if f.feedback_closes is not None:
        when = _when(f.feedback_closes)
        if f.feedback_open:
            figures.append(_("Feedback open until %(when)s") % {"when": when})
        else:
            figures.append(_("Feedback closed on %(when)s") % {"when": when})
    return figures, Action(_("Dashboard"), _url("reports:dashboard", event))


def _titles() -> dict[str, str]:
    return {
        "setup": _("Set-up"),
        "survey": _("Survey"),
        "matching": _("Matching"),
        "requests": _("Requests"),
        "schedule": _("Schedule"),
        "day": _("The day"),
        "outcomes": _("Outcomes"),
    }


def _state(key: str, current: str) -> str:
    order = PHASES.index(key) - PHASES.index(current)
    if order < 0:
        return "done"
    if order > 0:
        return "upcoming"
    return "current"


def _state_labels() -> dict[str, str]:
    return {"done": _("done"), "current": _("now"), "upcoming": _("later")}


def _next_step(
    event: Event, f: Figures, current: str, problems: list[Problem]
) -> tuple[Action, str]:
    """The most pressing problem of the current phase, else what the phase asks for."""
    for problem in problems:
        if problem.phase == current:
            return problem.action, problem.text
    if current == "setup":
        return Action(_("Days, sessions and tables"), _url("events:days", event)), _(
            "Set up the partnering days, their sessions and the tables."
        )
    if current == "survey":
        return Action(_("Import the organizations"), _url("organizations:import", event)), _(
            "Import the organizations and their surveys."
        )
    if current == "matching":
        return Action(_("Recommendations"), _url("matching:recommendations", event)), _(
            "Compute the recommendations so participants can find partners."
        )
    if current == "requests":
        return Action(_("Meeting requests"), _url("meetings:organizer_requests", event)), _(
            "Requests are open: follow the answers and arrange meetings where needed."
        )
    if current == "schedule":
        if f.latest_draft is not None:
            return Action(
                _("Review the draft"), _url("scheduling:run", event, run_id=f.latest_draft.pk)
            ), _("A draft schedule is ready: review it and publish it.")
        if f.publication is not None:
            return Action(_("Table plan"), _url("agenda:table_plan", event)), _(
                "The schedule is published: print the table plan for the venue."
            )
        return Action(_("Build the schedule"), _url("scheduling:home", event)), _(
            "Build a draft schedule from the accepted meetings."
        )
    if current == "day":
        return Action(_("Open the lounge"), _url("lounge:grid", event)), _(
            "Follow the meetings in the lounge: check-ins, no-shows, moves."
        )
    return Action(_("Dashboard"), _url("reports:dashboard", event)), _(
        "Collect feedback and deals, then download the report."
    )


def build_command_center(*, event: Event, now: datetime | None = None) -> CommandCenter:
    """The phases with their state and figures, the problems and the next step."""
    f = program_figures(event=event, now=now)
    problems = _problems(event, f)
    current = _current_phase(event, f)
    builders = {
        "setup": _setup_phase,
        "survey": _survey_phase,
        "matching": _matching_phase,
        "requests": _requests_phase,
        "schedule": _schedule_phase,
        "day": _day_phase,
        "outcomes": _outcomes_phase,
    }
    titles, labels = _titles(), _state_labels()
    phases = []
    for key in PHASES:
        lines, link = builders[key](event, f)
        state = _state(key, current)
        phases.append(
            Phase(
                key=key,
                title=titles[key],
                state=state,
                state_label=labels[state],
                figures=tuple(lines),
                link=link,
                problems=tuple(p for p in problems if p.phase == key),
            )
        )
    action, text = _next_step(event, f, current, problems)
    return CommandCenter(
        figures=f,
        phases=tuple(phases),
        problems=tuple(problems),
        current=current,
        next_step=action,
        next_text=text,
    )
