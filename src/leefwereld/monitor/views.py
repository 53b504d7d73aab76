"""The council monitor, its open-data twin, exports and the target form. Thin: read the
pre-aggregated figures (read.py), render. No page shows a person."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from leefwereld.core.access import role_required
from leefwereld.core.actor import actor_of
from leefwereld.core.pdf import pdf_response
from leefwereld.rules import disclosure

from . import read, services
from .authorisation import READERS, TARGET_SETTERS
from .forms import TargetForm


def _chosen(request: HttpRequest) -> int | None:
    value = request.GET.get("wijk", "")
    return int(value) if value.isdigit() else None


def _context(data: read.Monitor, **extra) -> dict:
    return {
        "data": data,
        "threshold": disclosure.DEFAULT_THRESHOLD,
        "rounding_base": disclosure.DEFAULT_ROUNDING_BASE,
        **extra,
    }


@role_required(*READERS)
def monitor_page(request: HttpRequest) -> HttpResponse:
    data = read.monitor(_chosen(request))
    may_set = actor_of(request).role in TARGET_SETTERS
    form = TargetForm(initial={"neighbourhood": data.neighbourhood}) if may_set else None
    return render(request, "monitor/monitor.html", _context(data, form=form, public=False))


@require_POST
@role_required(*TARGET_SETTERS)
def set_target(request: HttpRequest) -> HttpResponse:
    form = TargetForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        services.set_target(
            actor_of(request), d["neighbourhood"], d["year"], d["indicator"], d["value"]
        )
        messages.success(
            request,
            _("Streefwaarde vastgelegd voor %(wijk)s in %(jaar)s.")
            % {"wijk": d["neighbourhood"].name, "jaar": d["year"]},
        )
        return redirect(f"{reverse('monitor:monitor')}?wijk={d['neighbourhood'].pk}")
    data = read.monitor(_chosen(request))
    return render(
        request, "monitor/monitor.html", _context(data, form=form, public=False), status=400
    )


def _csv(data: read.Monitor, filename: str) -> HttpResponse:
    response = HttpResponse(read.to_csv(data), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@role_required(*READERS)
def monitor_csv(request: HttpRequest) -> HttpResponse:
    return _csv(read.monitor(), "raadsmonitor.csv")


@role_required(*READERS)
def monitor_xlsx(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        read.to_xlsx(read.monitor()),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="raadsmonitor.xlsx"'
    return response


@role_required(*READERS)
def report_pdf(request: HttpRequest) -> HttpResponse:
    data = read.monitor(_chosen(request))
    return pdf_response("monitor/report.html", _context(data), request, "evaluatie-wijken.pdf")


def open_page(request: HttpRequest) -> HttpResponse:
    """Public, no login: the same protected figures with CBS wijk codes."""
    data = read.monitor(_chosen(request))
    return render(request, "monitor/monitor.html", _context(data, form=None, public=True))


def open_csv(request: HttpRequest) -> HttpResponse:
    return _csv(read.monitor(), "wijkmonitor.csv")
