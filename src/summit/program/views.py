"""Program pages: reminders to segments (choose, preview with the count, send, history)."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from summit.events.access import organizer_required
from summit.events.models import Event
from summit.program.domain.reminders import (
    ReminderError,
    deliveries_of,
    reminders_of,
    render_reminders,
    start_reminder,
)
from summit.program.domain.segments import SEGMENTS, preview_segment
from summit.program.interfaces.forms import SegmentForm, SendForm
from summit.program.models import SegmentReminder
from summit.program.models.reminders import Segment

PAGE_SIZE = 50
HISTORY_ROWS = 20


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


@require_GET
@organizer_required
def reminders(request: HttpRequest, event: Event) -> HttpResponse:
    """Choose a segment; see who a reminder would reach and the e-mail they would get."""
    form = SegmentForm(request.GET or None)
    chosen = form.cleaned_data["segment"] if form.is_valid() else ""
    counts = {
        segment: preview_segment(event=event, segment=segment, sample=segment == chosen)
        for segment in SEGMENTS
    }
    preview = counts[chosen] if chosen else None
    emails = send_form = None
    if preview is not None and preview.sample:
        first = preview.sample[0]
        # The first recipient's own e-mail first, then the same in the other language.
        own = getattr(getattr(first.user, "profile", None), "language", "") or "en"
        emails = render_reminders(
            event=event,
            segment=chosen,
            membership=first,
            languages=list(dict.fromkeys([own, get_language() or "en", "en", "ko"])),
            base_url=_base_url(request),
        )
        send_form = SendForm(initial={"segment": chosen, "key": uuid.uuid4()})
    context = {
        "event": event,
        "form": form,
        "choices": [(value, label, counts[value]) for value, label in Segment.choices],
        "chosen": chosen,
        "preview": preview,
        "emails": emails,
        "send_form": send_form,
        "history": reminders_of(event=event)[:HISTORY_ROWS],
    }
    return render(request, "program/reminders.html", context)


@require_POST
@organizer_required
def send_reminder(request: HttpRequest, event: Event) -> HttpResponse:
    """Confirm a previewed reminder: queued once, however often the form is sent."""
    form = SendForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose who to remind and preview the reminder first."))
        return redirect("program:reminders", slug=event.slug)
    segment = form.cleaned_data["segment"]
    try:
        reminder, created = start_reminder(
            event=event,
            segment=segment,
            key=form.cleaned_data["key"],
            user=request.user,
            base_url=_base_url(request),
        )
    except ReminderError as error:
        messages.error(request, str(error))
        page = reverse("program:reminders", kwargs={"slug": event.slug})
        return redirect(f"{page}?segment={segment}")
    if created:
        messages.success(
            request,
            ngettext(
                "The reminder is being sent to %(count)d person.",
                "The reminder is being sent to %(count)d people.",
                reminder.previewed,
            )
            % {"count": reminder.previewed},
        )
    else:
        messages.info(request, _("This reminder was already sent; nothing was sent again."))
    return redirect("program:reminder", slug=event.slug, reminder_id=reminder.pk)


@require_GET
@organizer_required
def reminder_detail(request: HttpRequest, event: Event, reminder_id: int) -> HttpResponse:
    """One reminder: who sent it, when, and everyone it reached."""
    reminder = get_object_or_404(
        SegmentReminder.objects.select_related("created_by"), pk=reminder_id, event=event
    )
    page = Paginator(deliveries_of(reminder=reminder), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"event": event, "reminder": reminder, "page": page}
    return render(request, "program/reminder_detail.html", context)
