"""A finished run's figures said plainly, for organizers and the ministry they report to.

The engine measures a schedule by its *weight* (an accepted request counts 1, a high-priority
or organizer-arranged one 2, a proposed pair its given weight) against a *bound* it proved
(no schedule can hold more weight). People read sentences instead:

- **coverage**: how many accepted meetings are in the schedule, and — when some are left
  out — whether they could have been placed at all. A meeting whose two sides are never free
  at the same time, or whose organization has nobody to send, fits in no schedule
  (`IMPOSSIBLE`); when every meeting left out is of that kind, "every accepted meeting that
  can be placed is placed";
- **quality**: weight equal to the bound is "the best possible schedule: proven"; otherwise
  the proven share of the best possible (weight / bound, rounded down so that it never claims
  more than is proven);
- **fairness**: people without any meeting, the lowest share of a person's meetings held,
  idle waits between meetings; proposed pairs added.

The technical figures stay available (`RunInWords.technical`) for power users.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from summit.scheduling.domain.review import REASONS

__all__ = ["IMPOSSIBLE", "RunInWords", "describe_run"]

#: Reasons that leave a meeting out of every possible schedule, not only this one.
IMPOSSIBLE = frozenset({"no_common_free_slot", "no_contact"})


@dataclass(frozen=True)
class RunInWords:
    #: The coverage sentence, the first thing said.
    headline: str
    #: "best possible: proven" or how close to it.
    quality: str
    proven: bool
    #: Accepted meetings left out, by reason: (how many, why) — most frequent first.
    left_out: list[tuple[int, str]] = field(default_factory=list)
    #: Fairness and the rest, one sentence each.
    details: list[str] = field(default_factory=list)
    #: (label, value) of the engine's figures, for power users.
    technical: list[tuple[str, str]] = field(default_factory=list)


def _percent(value: float) -> str:
    # number_format cuts digits off; round first so that 98.66 reads 98.7 as elsewhere.
    return number_format(round(value, 1), 1)


def _coverage(summary: Mapping[str, Any], reasons: Counter[str]) -> str:
    requested = int(summary.get("requested") or 0)
    scheduled = int(summary.get("scheduled_requests") or 0)
    missing = requested - scheduled
    if requested == 0:
        return _("There are no accepted meetings to schedule.")
    if missing <= 0:
        return ngettext(
            "Every accepted meeting is in the schedule: %(count)s meeting.",
            "Every accepted meeting is in the schedule: all %(count)s of them.",
            requested,
        ) % {"count": number_format(requested, force_grouping=True)}
    figures = {
        "scheduled": number_format(scheduled, force_grouping=True),
        "requested": number_format(requested, force_grouping=True),
        "missing": number_format(missing, force_grouping=True),
        "percent": _percent(100.0 * scheduled / requested),
    }
    if reasons and set(reasons) <= IMPOSSIBLE and sum(reasons.values()) >= missing:
        return (
            ngettext(
                "Every accepted meeting that can be placed is placed: %(scheduled)s of "
                "%(requested)s (%(percent)s %%). The other %(missing)s cannot take place in any "
                "schedule.",
                "Every accepted meeting that can be placed is placed: %(scheduled)s of "
                "%(requested)s (%(percent)s %%). The other %(missing)s cannot take place in any "
                "schedule.",
                missing,
            )
            % figures
        )
    return (
        ngettext(
            "%(scheduled)s of %(requested)s accepted meetings are in the schedule "
            "(%(percent)s %%); %(missing)s is left out.",
            "%(scheduled)s of %(requested)s accepted meetings are in the schedule "
            "(%(percent)s %%); %(missing)s are left out.",
            missing,
        )
        % figures
    )


def _quality(summary: Mapping[str, Any]) -> tuple[str, bool]:
    weight, bound = summary.get("weight"), summary.get("bound")
    if weight is None or not bound:
        return _("No bound was proven for this run, so nobody knows how close it is."), False
    if summary.get("status") == "optimal" or weight >= bound:
        return _("This is the best possible schedule: proven."), True
    share = math.floor(1000.0 * weight / bound) / 10.0
    return (
        _(
            "This schedule is at least %(share)s %% as good as the best possible one; that "
            "much is proven. A longer run may find a slightly better one."
        )
        % {"share": _percent(share)},
        False,
    )


def _details(summary: Mapping[str, Any]) -> list[str]:
    sentences = []
    persons = int(summary.get("persons") or 0)
    without = int(summary.get("persons_without_meeting") or 0)
    if persons:
        if without == 0:
            sentences.append(
                _("Every person with an accepted meeting has at least one in the schedule.")
            )
        else:
            sentences.append(
                ngettext(
                    "%(count)s of %(persons)s people has no meeting.",
                    "%(count)s of %(persons)s people have no meeting.",
                    without,
                )
                % {
                    "count": number_format(without, force_grouping=True),
                    "persons": number_format(persons, force_grouping=True),
                }
            )
        share = summary.get("min_share")
        if share is not None and share < 1:
            sentences.append(
                _("Nobody gets fewer than %(percent)s %% of the meetings they asked for.")
                % {"percent": number_format(math.floor(100 * float(share)), 0)}
            )
        elif share is not None:
            sentences.append(_("Everyone who can meet gets every meeting they asked for."))
    gaps = int(summary.get("gaps") or 0)
    if gaps == 0:
        sentences.append(_("Nobody waits idle between two of their meetings."))
    else:
        sentences.append(
            ngettext(
                "People wait idle between two of their meetings %(count)s time in all; "
                "nobody more than %(most)s times.",
                "People wait idle between two of their meetings %(count)s times in all; "
                "nobody more than %(most)s times.",
                gaps,
            )
            % {
                "count": number_format(gaps, force_grouping=True),
                "most": summary.get("max_gaps") or 0,
            }
        )
    moved = int(summary.get("moved") or 0)
    if moved:
        sentences.append(
            ngettext(
                "It moves %(count)s meeting of the published schedule.",
                "It moves %(count)s meetings of the published schedule.",
                moved,
            )
            % {"count": number_format(moved, force_grouping=True)}
        )
    proposed = int(summary.get("proposed") or 0)
    if proposed:
        sentences.append(
            ngettext(
                "%(added)s of %(count)s suggested pair (mutual recommendations without a "
                "request) is added.",
                "%(added)s of %(count)s suggested pairs (mutual recommendations without a "
                "request) are added.",
                proposed,
            )
            % {
                "added": number_format(summary.get("scheduled_proposed") or 0),
                "count": number_format(proposed, force_grouping=True),
            }
        )
    return sentences


def _technical(summary: Mapping[str, Any]) -> list[tuple[str, str]]:
    def figure(value: Any, decimals: int | None = None) -> str:
        if value is None:
            return "–"
        if decimals is None and float(value).is_integer():
            value = int(value)
        return number_format(value, decimals, force_grouping=True)

    solver = str(summary.get("solver") or "")
    used = str(summary.get("solver_used") or "")
    return [
        (
            _("Weight (accepted request 1, high priority or arranged 2, suggested pair less)"),
            figure(summary.get("weight")),
        ),
        (_("Proven bound on the weight"), figure(summary.get("bound"))),
        (_("Gap to the bound"), f"{figure(summary.get('gap'), 2)} %"),
        (_("Engine status"), str(summary.get("status") or "–")),
        (_("Solver"), f"{solver} ({used})" if used and used != solver else solver or "–"),
        (_("Computing time"), f"{figure(summary.get('wall_s'), 1)} s"),
        (
            _("Idle gaps (all, most for one person)"),
            f"{summary.get('gaps', '–')}, {summary.get('max_gaps', '–')}",
        ),
        (_("Lowest share of a person's meetings held"), figure(summary.get("min_share"), 4)),
    ]


def describe_run(
    *, summary: Mapping[str, Any], unscheduled: Sequence[Mapping[str, Any]]
) -> RunInWords:
    """The figures of a finished run (its ``summary`` and ``unscheduled`` rows) in words."""
    reasons = Counter(row.get("reason", "") for row in unscheduled if row.get("request"))
    quality, proven = _quality(summary)
    return RunInWords(
        headline=_coverage(summary, reasons),
        quality=quality,
        proven=proven,
        left_out=[(count, str(REASONS.get(code, code))) for code, count in reasons.most_common()],
        details=_details(summary),
        technical=_technical(summary),
    )
