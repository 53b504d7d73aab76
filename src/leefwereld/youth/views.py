"""Pages of youth care. Thin: parse input, call services.py, render. Objects are found
only through authorisation.py; a child's name shown to staff is logged through
`vault.registration.show`."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from leefwereld.core.access import role_required
from leefwereld.core.actor import actor_of
from leefwereld.core.models import Organisation
from leefwereld.core.refusals import act, as_messages, on_form
from leefwereld.core.roles import Role
from leefwereld.vault import registration

from . import services
from .authorisation import (
    CASEWORK,
    READERS,
    RESIDENTS,
    access_decision,
    organisation_ids,
    reachable_children,
    visible_access,
)
from .forms import DecideForm, RegisterForm, VoiceForm
from .models import Decision, Notice


@role_required(*READERS)
def index(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    rows = list(
        visible_access(actor)
        .select_related("child", "product", "provider", "team", "decision")
        .order_by("-received_on", "-pk")[:200]
    )
    if actor.role != Role.RESIDENT:
        registration.show(actor, [r.child for r in rows])
    return render(
        request,
        "youth/index.html",
        {"rows": rows, "is_staff": actor.role in CASEWORK},
    )


@role_required(*CASEWORK)
def register(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    teams = Organisation.objects.filter(pk__in=organisation_ids(actor))
    form = RegisterForm(request.POST or None, teams=teams)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        child = reachable_children(actor).filter(bsn=data["bsn"]).first()
        if child is None:
            form.add_error("bsn", _("Geen inwoner gevonden met dit BSN in uw werkgebied."))
        else:
            try:
                row = services.register(
                    actor,
                    child,
                    route=data["route"],
                    team=data["team"],
                    product=data["product"],
                    provider=data["provider"],
                    received_on=data["received_on"],
                    referrer_name=data["referrer_name"],
                    referrer_agb=data["referrer_agb"],
                    volume=data["volume"] or 0,
                    starts_on=data["starts_on"],
                    ends_on=data["ends_on"],
                )
            except ValidationError as error:
                on_form(form, error)
            else:
                registration.show(actor, [child])
                return redirect("youth:detail", row.decision.pk)
    return render(request, "youth/register.html", {"form": form})


@role_required(*READERS)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    decision = access_decision(actor, pk)
    if actor.role != Role.RESIDENT:
        registration.show(actor, [decision.access.child])
    notices = list(Notice.objects.filter(decision=decision).select_related("recipient"))
    is_team = actor.role in CASEWORK and decision.access.team_id in organisation_ids(actor)
    return render(
        request,
        "youth/detail.html",
        {
            "decision": decision,
            "access": decision.access,
            "notices": notices,
            "voices": services.voices(actor, decision),
            "may_decide": is_team and decision.outcome == Decision.Outcome.PENDING,
            "may_speak": actor.role in RESIDENTS,
            "decide_form": DecideForm(),
            "voice_form": VoiceForm(),
        },
    )


@require_POST
@role_required(*CASEWORK)
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    decision = access_decision(actor, pk)
    form = DecideForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        act(
            request,
            lambda: services.decide(
                actor,
                decision,
                outcome=data["outcome"],
                volume=data["volume"] or 0,
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
            ),
            _("Het besluit is vastgelegd; de jeugdige en de gezagdragers zijn geïnformeerd."),
        )
    else:
        as_messages(request, ValidationError(form.errors.as_text()))
    return redirect("youth:detail", decision.pk)


@require_POST
@role_required(*RESIDENTS)
def voice(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    decision = access_decision(actor, pk)
    form = VoiceForm(request.POST)
    text = form.data.get("text", "")
    act(
        request,
        lambda: services.record_voice(actor, decision, text),
        _("Je mening is bewaard bij dit besluit."),
    )
    return redirect("youth:detail", decision.pk)
