"""Work and income pages: thin views over services.py; schemes from rules/schemes.py."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from leefwereld.core.access import role_required
from leefwereld.core.actor import actor_of
from leefwereld.core.refusals import on_form
from leefwereld.rules import schemes
from leefwereld.rules.money import format_euro
from leefwereld.rules.sources import ParameterUnavailable
from leefwereld.vault import access as vault
from leefwereld.vault import registration

from . import services
from .authorisation import PROFESSIONALS, READERS, access_household, access_member
from .forms import BenefitForm, DaytimeForm, LadderForm, SchemesForm
from .services import LADDER, LADDER_SOURCE, OBLIGATIONS, SOURCES


@role_required(*READERS)
def household(request: HttpRequest, household_pk: int) -> HttpResponse:
    actor = actor_of(request)
    home = access_household(actor, household_pk)
    overview = services.overview(actor, home)
    registration.show(actor, [p.resident for p in overview.people])
    for person in overview.people:
        if person.benefit:
            person.benefit["obligation_labels"] = [
                OBLIGATIONS.get(o, o) for o in person.benefit.get("obligations", [])
            ]
            person.benefit["source_label"] = SOURCES.get(str(person.benefit.get("source")), "")
    members = []
    if actor.role in PROFESSIONALS:
        everyone = list(home.members.order_by("birth_date", "pk"))
        writable = {
            b.resident_id
            for b in vault.bases_for(actor, everyone)
            if b.can_write and services.CATEGORY in b.categories
        }
        members = [r for r in everyone if r.pk in writable]
        registration.show(actor, members)
    return render(
        request,
        "work/household.html",
        {
            "household": home,
            "overview": overview,
            "ladder": LADDER,
            "ladder_source": LADDER_SOURCE,
            "members": members,
        },
    )


def _record(request: HttpRequest, household_pk: int, resident_pk: int, form_class, verb, title):
    actor = actor_of(request)
    home = access_household(actor, household_pk)
    resident = access_member(actor, home, resident_pk)
    services._require_writer(actor, resident)  # refuse before showing the form
    registration.show(actor, [resident])
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            verb(actor, resident, **form.cleaned_data)
        except ValidationError as error:
            on_form(form, error)
        else:
            messages.success(request, _("Opgeslagen."))
            return redirect("work:household", home.pk)
    return render(
        request,
        "work/record.html",
        {"household": home, "resident": resident, "form": form, "title": title},
    )


@role_required(*PROFESSIONALS)
def benefit(request: HttpRequest, household_pk: int, resident_pk: int) -> HttpResponse:
    return _record(
        request,
        household_pk,
        resident_pk,
        BenefitForm,
        services.record_benefit,
        _("Uitkering vastleggen"),
    )


@role_required(*PROFESSIONALS)
def ladder(request: HttpRequest, household_pk: int, resident_pk: int) -> HttpResponse:
    return _record(
        request,
        household_pk,
        resident_pk,
        LadderForm,
        services.record_ladder,
        _("Participatieladder meten"),
    )


@role_required(*PROFESSIONALS)
def daytime(request: HttpRequest, household_pk: int, resident_pk: int) -> HttpResponse:
    return _record(
        request,
        household_pk,
        resident_pk,
        DaytimeForm,
        services.record_daytime,
        _("Werk of dagbesteding vastleggen"),
    )


def _situation(data: dict[str, Any]) -> schemes.Situation:
    return schemes.Situation(
        peildatum=timezone.localdate(),
        age=data["age"],
        partner=data["partner"],
        aow=data["aow"],
        children_ages=data["children_ages"],
        income_year=data["income_year"] or 0,
        net_income_month=data["net_income_month"] or 0,
        rent_month=data["rent_month"],
        savings=data["savings"],
        special_costs_month=data["special_costs_month"] or 0,
    )


@role_required(*READERS)
def schemes_check(request: HttpRequest) -> HttpResponse:
    """Which schemes might you get? Computed from what is typed in; nothing is stored."""
    form = SchemesForm(request.POST or None)
    results = None
    unavailable = ""
    if request.method == "POST" and form.is_valid():
        try:
            results = schemes.check_all(_situation(form.cleaned_data))
        except ParameterUnavailable:
            unavailable = _(
                "Voor dit jaar staan de bedragen nog niet in het systeem. Vraag het wijkteam."
            )
    rows: list[tuple[schemes.SchemeResult, dict[str, Any]]] = [
        (
            result,
            {
                "result": result,
                "amount": format_euro(result.amount_month) if result.amount_month else "",
                "steps": [
                    (s.label, format_euro(s.amount_cents), s.uncertain, s.source, s.note)
                    for s in result.explanation.steps
                ],
            },
        )
        for result in results or []
    ]
    return render(
        request,
        "work/schemes.html",
        {
            "form": form,
            "apply": [row for result, row in rows if result.eligible],
            "maybe": [row for result, row in rows if result.eligible is None],
            "not_now": [row for result, row in rows if result.eligible is False],
            "checked": results is not None,
            "unavailable": unavailable,
        },
    )
