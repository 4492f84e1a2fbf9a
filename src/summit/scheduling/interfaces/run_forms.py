"""Forms of the schedule-building pages: start a draft run, a "what if" series, rename."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from partnering_engine.solvers import solver_names
from summit.scheduling.domain.capacity import (
    MAX_EXTRA_SLOTS_PER_DAY,
    MAX_POINT_TIME_LIMIT_S,
    CapacityOptions,
)
from summit.scheduling.domain.runs import DEFAULT_TIME_LIMIT_S, MAX_TIME_LIMIT_S, RunOptions

#: What each solver is, for organizers.
SOLVER_LABELS = {
    "auto": _("automatic (best schedule within the time limit)"),
    "cpsat": _("exact (CP-SAT with a proven bound)"),
    "lns": _("large events (neighbourhood search)"),
    "greedy": _("first come, first served (for comparison)"),
}


def _solver_choices() -> list[tuple[str, Any]]:
    names = solver_names()
    ordered = ["auto", *[n for n in names if n != "auto"]] if "auto" in names else names
    return [(name, SOLVER_LABELS.get(name, name)) for name in ordered]


class RunForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        required=False,
        help_text=_("To tell drafts apart, e.g. “with proposed pairs”."),
    )
    solver = forms.ChoiceField(label=_("Solver"), choices=_solver_choices, initial="auto")
    time_limit_s = forms.IntegerField(
        label=_("Time limit (seconds)"),
        min_value=1,
        max_value=MAX_TIME_LIMIT_S,
        initial=DEFAULT_TIME_LIMIT_S,
    )
    seed = forms.IntegerField(
        label=_("Seed"),
        min_value=0,
        max_value=2**31 - 1,
        initial=0,
        help_text=_("Another seed may give another schedule of the same quality."),
    )
    include_proposed = forms.BooleanField(
        label=_("Also propose meetings from mutual recommendations"),
        required=False,
        help_text=_(
            "Pairs of organizations recommended to each other, without a request between them. "
            "They count less than accepted requests, which always come first."
        ),
    )
    proposed_top = forms.IntegerField(
        label=_("Mutual recommendations among each side's top"),
        min_value=1,
        max_value=10,
        initial=3,
    )
    proposed_weight = forms.FloatField(
        label=_("Weight of a proposed meeting (an accepted request counts 1)"),
        min_value=0.1,
        max_value=0.9,
        initial=0.5,
    )
    movable_published = forms.BooleanField(
        label=_("Published meetings may move (as few as possible)"),
        required=False,
        help_text=_("Otherwise meetings of the published schedule stay where they are."),
    )

    def options(self) -> RunOptions:
        data = self.cleaned_data
        return RunOptions(
            solver=data["solver"],
            time_limit_s=data["time_limit_s"],
            seed=data["seed"],
            proposed_top=data["proposed_top"] if data["include_proposed"] else 0,
            proposed_weight=data["proposed_weight"],
            movable_published=data["movable_published"],
        )


class CapacityForm(forms.Form):
    solver = forms.ChoiceField(label=_("Solver"), choices=_solver_choices, initial="auto")
    time_limit_s = forms.IntegerField(
        label=_("Time limit per point (seconds)"),
        min_value=1,
        max_value=MAX_POINT_TIME_LIMIT_S,
        initial=10,
    )
    extra_slots_per_day = forms.IntegerField(
        label=_("Also try with extra slots at the end of each day"),
        min_value=0,
        max_value=MAX_EXTRA_SLOTS_PER_DAY,
        initial=0,
        help_text=_("0 = tables only."),
    )

    def options(self) -> CapacityOptions:
        data = self.cleaned_data
        return CapacityOptions(
            solver=data["solver"],
            time_limit_s=data["time_limit_s"],
            extra_slots_per_day=data["extra_slots_per_day"],
        )


class RenameForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100, required=False)


class CompareForm(forms.Form):
    first = forms.IntegerField(label=_("First run"))
    second = forms.IntegerField(label=_("Second run"))
