"""Pages of objections. Thin: parse input, call services.py, render."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from leefwereld.core.access import role_required
from leefwereld.core.actor import actor_of
from leefwereld.core.refusals import act, as_messages, on_form
from leefwereld.core.roles import Role
from leefwereld.vault import access as vault
from leefwereld.vault import registration

from . import registry, services
from .authorisation import CASEWORK, READERS, access_objection, visible_objections
from .forms import DecideForm, FileForm, HearingForm


@role_required(*READERS)
def index(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    rows = list(visible_objections(actor).select_related("resident")[:200])
    if actor.role != Role.RESIDENT:
        registration.show(actor, [o.resident for o in rows])
    return render(request, "objections/index.html", {"rows": rows})


@role_required(*READERS)
def new(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    reference = request.GET.get("besluit", "")
    target = registry.find(actor, reference)
    if target is None:
        raise Http404
    form = FileForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            objection = services.file(
                actor,
                target,
                grounds=form.cleaned_data["grounds"],
                received_on=form.cleaned_data["received_on"],
            )
        except ValidationError as error:
            on_form(form, error)
        else:
            return redirect("objections:detail", objection.pk)
    if actor.role != Role.RESIDENT:
        registration.show(actor, [target.resident])
    return render(
        request,
        "objections/new.html",
        {"form": form, "target": target, "is_staff": actor.role in CASEWORK},
    )


def _grounds(actor, objection) -> list[str]:
    """The grounds from the resident's vault, when the actor may read them (audited)."""
    if not vault.bases_for(actor, [objection.resident]):
        return []
    try:
        opened = vault.read_records(
            actor, objection.resident, categories=["other"], include_household=False
        )
    except vault.AccessDenied:
        return []
    return [
        r.payload.get("text", "")
        for r in opened.records
        if r.record.kind == services.GROUNDS_KIND and r.payload.get("objection_id") == objection.pk
    ]


@role_required(*READERS)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    objection = access_objection(actor, pk)
    if actor.role != Role.RESIDENT:
        registration.show(actor, [objection.resident])
    handles = actor.role in CASEWORK and bool(vault.bases_for(actor, [objection.resident]))
    return render(
        request,
        "objections/detail.html",
        {
            "o": objection,
            "grounds": _grounds(actor, objection),
            "handles": handles and objection.outcome == objection.Outcome.PENDING,
            "hearing_form": HearingForm(),
            "decide_form": DecideForm(),
        },
    )


@require_POST
@role_required(*CASEWORK)
def hearing(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    objection = access_objection(actor, pk)
    form = HearingForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        act(
            request,
            lambda: services.plan_hearing(actor, objection, state=data["state"], at=data["at"]),
            _("De hoorzitting is bijgewerkt."),
        )
    else:
        as_messages(request, ValidationError(form.errors.as_text()))
    return redirect("objections:detail", objection.pk)


@require_POST
@role_required(*CASEWORK)
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    objection = access_objection(actor, pk)
    if request.POST.get("verdagen"):
        act(
            request,
            lambda: services.postpone(actor, objection),
            _("De beslissing is met zes weken verdaagd."),
        )
        return redirect("objections:detail", objection.pk)
    form = DecideForm(request.POST)
    if form.is_valid():
        act(
            request,
            lambda: services.decide(actor, objection, outcome=form.cleaned_data["outcome"]),
            _("De beslissing op het bezwaar is vastgelegd."),
        )
    else:
        as_messages(request, ValidationError(form.errors.as_text()))
    return redirect("objections:detail", objection.pk)
