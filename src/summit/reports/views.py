"""Organizer dashboard and report downloads: views parse the filters and call the domain."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from summit.events.access import organizer_required
from summit.events.models import Event
from summit.reports.domain.dashboard import PAGE_DEALS, Dashboard, Filters, build_dashboard
from summit.reports.interfaces.charts import render_chart
from summit.reports.interfaces.forms import DashboardFilterForm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _parse(request: HttpRequest, event: Event) -> tuple[DashboardFilterForm, Filters | None]:
    form = DashboardFilterForm(request.GET or None, event=event)
    if not request.GET:
        return form, Filters()
    return form, form.filters() if form.is_valid() else None


def _bad_filters(form: DashboardFilterForm) -> HttpResponse:
    problems = "; ".join(f"{name}: {' '.join(errors)}" for name, errors in form.errors.items())
    message = _("Invalid filter — %(problems)s") % {"problems": problems}
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


@organizer_required
@require_GET
def dashboard(request: HttpRequest, event: Event) -> HttpResponse:
    """Headline numbers, charts with their data tables, filters and the report downloads."""
    form, filters = _parse(request, event)
    status = 200
    if filters is None:
        filters, status = Filters(), 400
    report = build_dashboard(event=event, filters=filters)
    charts = []
    for section in report.sections:
        svg = None
        if section.chart is not None and not section.chart.is_empty:
            svg = render_chart(section.chart, title=section.title, desc=section.description)
        shown = section.rows[:PAGE_DEALS] if section.key == "signed_deals" else section.rows
        charts.append({"section": section, "svg": svg, "rows": shown})
    query = urlencode(filters.query())
    context = {
        "event": event,
        "form": form,
        "report": report,
        "charts": charts,
        "page_deals": PAGE_DEALS,
        "query": f"?{query}" if query else "",
    }
    return render(request, "reports/dashboard.html", context, status=status)


def _download(
    request: HttpRequest,
    event: Event,
    *,
    build: Callable[[Dashboard], bytes] | None = None,
    content_type: str,
    extension: str,
    name: str = "report",
    body: Callable[[Filters], bytes] | None = None,
) -> HttpResponse:
    form, filters = _parse(request, event)
    if filters is None:
        return _bad_filters(form)
    if body is not None:
        payload = body(filters)
    else:
        assert build is not None
        payload = build(build_dashboard(event=event, filters=filters))
    stamp = timezone.localdate().isoformat()
    response = HttpResponse(payload, content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="{event.slug}-{name}-{stamp}.{extension}"'
    )
    return response


@organizer_required
@require_GET
def export_xlsx(request: HttpRequest, event: Event) -> HttpResponse:
    """The report as an Excel workbook: a summary sheet and one sheet per table."""
    from summit.reports.interfaces.excel import report_workbook

    return _download(request, event, build=report_workbook, content_type=XLSX, extension="xlsx")


@organizer_required
@require_GET
def export_pdf(request: HttpRequest, event: Event) -> HttpResponse:
    """The report as a PDF document with title page, headline numbers, charts and tables."""
    from summit.reports.interfaces.pdf import report_pdf

    return _download(
        request, event, build=report_pdf, content_type="application/pdf", extension="pdf"
    )


@organizer_required
@require_GET
def export_csv(request: HttpRequest, event: Event) -> HttpResponse:
    """One anonymised row per meeting for research (no names, per-export pseudonyms)."""
    from summit.reports.interfaces.research import research_csv

    return _download(
        request,
        event,
        body=lambda filters: research_csv(event=event, filters=filters),
        content_type="text/csv; charset=utf-8",
        extension="csv",
        name="meetings-anonymised",
    )
