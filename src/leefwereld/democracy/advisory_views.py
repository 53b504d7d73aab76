"""Pages of the advisory council channel (see advisory.py). Thin: forms in, verbs, render."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from leefwereld.core import refusals
from leefwereld.core.access import role_required
from leefwereld.core.actor import actor_of

from . import advisory
from .authorisation import (
    ADVISORY_COUNCIL_ROLES,
    ADVISORY_SENDER_ROLES,
    ADVISORY_VIEWER_ROLES,
    MANAGER_ROLES,
)
from .models import AdvicePoint, AdviceRequest

TEXTBOX = {"class": "utrecht-textbox utrecht-textbox--html-input"}
TEXTAREA = {"class": "utrecht-textarea", "rows": 5}


class AskForm(forms.Form):
    title = forms.CharField(
        label=gettext_lazy("Onderwerp"), max_length=200, widget=forms.TextInput(attrs=TEXTBOX)
    )
    proposal = forms.CharField(
        label=gettext_lazy("Het beleidsvoorstel"),
        max_length=20_000,
        widget=forms.Textarea(attrs=TEXTAREA),
    )
    questions = forms.CharField(
        label=gettext_lazy("Vragen aan de adviesraad"),
        help_text=gettext_lazy("Eén vraag per regel."),
        max_length=10_000,
        widget=forms.Textarea(attrs=TEXTAREA),
    )
    working_days = forms.IntegerField(
        label=gettext_lazy("Termijn voor het advies (werkdagen)"),
        min_value=5,
        max_value=120,
        initial=advisory.ADVICE_WORKING_DAYS,
        widget=forms.NumberInput(attrs=TEXTBOX),
    )


class UnsolicitedForm(forms.Form):
    sender = forms.CharField(
        label=gettext_lazy("Namens"),
        help_text=gettext_lazy("De adviesraad, of de naam van de cliëntenraad."),
        max_length=200,
        widget=forms.TextInput(attrs=TEXTBOX),
    )
    title = forms.CharField(
        label=gettext_lazy("Onderwerp"), max_length=200, widget=forms.TextInput(attrs=TEXTBOX)
    )
    proposal = forms.CharField(
        label=gettext_lazy("Aanleiding"), max_length=20_000, widget=forms.Textarea(attrs=TEXTAREA)
    )
    advice = forms.CharField(
        label=gettext_lazy("Adviezen"),
        help_text=gettext_lazy("Eén advies per regel."),
        max_length=10_000,
        widget=forms.Textarea(attrs=TEXTAREA),
    )


def _visible(request: HttpRequest):
    requests = AdviceRequest.objects.all()
    user = request.user
    if not (user.is_authenticated and getattr(user, "role", "") in ADVISORY_VIEWER_ROLES):
        requests = requests.filter(status=AdviceRequest.Status.RESPONDED)
    return advisory.with_points(requests)


def advisory_list(request: HttpRequest) -> HttpResponse:
    """Public: every published response; the adviesraad, council and managers also see the
    open requests; a yearly overview for the council."""
    today = timezone.localdate()
    rows = list(_visible(request))
    items = [(r, advisory.advice_late(r, today), advisory.response_late(r, today)) for r in rows]
    return render(
        request,
        "democracy/advisory_list.html",
        {
            "items": items,
            "years": advisory.yearly_overview(
                [r for r in rows if r.status == AdviceRequest.Status.RESPONDED]
                if not _is_viewer(request)
                else rows,
                today,
            ),
            "decisions": AdvicePoint.Decision,
            "can_ask": _role(request) in MANAGER_ROLES,
            "can_send": _role(request) in ADVISORY_SENDER_ROLES,
        },
    )


def _role(request: HttpRequest) -> str:
    return getattr(request.user, "role", "") if request.user.is_authenticated else ""


def _is_viewer(request: HttpRequest) -> bool:
    return _role(request) in ADVISORY_VIEWER_ROLES


def _get(request: HttpRequest, pk: int) -> AdviceRequest:
    found = _visible(request).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def advisory_detail(request: HttpRequest, pk: int, errors: dict | None = None) -> HttpResponse:
    today = timezone.localdate()
    item = _get(request, pk)
    errors = errors or {}
    points = [
        (
            p,
            errors.get(f"advice_{p.number}", ""),
            errors.get(f"decision_{p.number}", "") or errors.get(f"reasons_{p.number}", ""),
        )
        for p in item.points.all()
    ]
    return render(
        request,
        "democracy/advisory_detail.html",
        {
            "item": item,
            "advice_late": advisory.advice_late(item, today),
            "response_late": advisory.response_late(item, today),
            "can_advise": _role(request) in ADVISORY_COUNCIL_ROLES
            and item.status == AdviceRequest.Status.ASKED,
            "can_respond": _role(request) in MANAGER_ROLES
            and item.status == AdviceRequest.Status.ADVISED,
            "decisions": AdvicePoint.Decision.choices,
            "form_error": errors.get("__all__", ""),
            "points": points,
        },
        status=400 if errors else 200,
    )


@role_required(*MANAGER_ROLES)
def advisory_ask(request: HttpRequest) -> HttpResponse:
    form = AskForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item = advisory.ask_advice(
                actor_of(request),
                title=data["title"],
                proposal=data["proposal"],
                questions=data["questions"].splitlines(),
                working_days=data["working_days"],
                today=timezone.localdate(),
            )
        except ValidationError as error:
            refusals.on_form(form, error)
        else:
            messages.success(request, _("De adviesvraag is verstuurd naar de adviesraad."))
            return redirect("democracy:advisory_detail", pk=item.pk)
    return render(request, "democracy/advisory_form.html", {"form": form, "ask": True})


@role_required(*ADVISORY_SENDER_ROLES)
def advisory_unsolicited(request: HttpRequest) -> HttpResponse:
    form = UnsolicitedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item = advisory.send_unsolicited_advice(
                actor_of(request),
                title=data["title"],
                proposal=data["proposal"],
                sender=data["sender"],
                advice=data["advice"].splitlines(),
                today=timezone.localdate(),
            )
        except ValidationError as error:
            refusals.on_form(form, error)
        else:
            messages.success(request, _("Uw advies is verstuurd naar het college."))
            if _is_viewer(request):
                return redirect("democracy:advisory_detail", pk=item.pk)
            # A client council (provider account) sees it once the college responded.
            return redirect("democracy:advisory_list")
    return render(request, "democracy/advisory_form.html", {"form": form, "ask": False})


def _field_errors(error: ValidationError) -> dict:
    if hasattr(error, "error_dict"):
        return {
            k: " ".join(m for v in vs for m in v.messages) for k, vs in error.error_dict.items()
        }
    return {"__all__": " ".join(error.messages)}


@require_POST
@role_required(*ADVISORY_COUNCIL_ROLES)
def advisory_advise(request: HttpRequest, pk: int) -> HttpResponse:
    item = _get(request, pk)
    advice = {
        p.number: request.POST.get(f"advice_{p.number}", "")[:10_000] for p in item.points.all()
    }
    try:
        advisory.give_advice(actor_of(request), item, advice, timezone.localdate())
    except ValidationError as error:
        return advisory_detail(request, pk, errors=_field_errors(error))
    messages.success(request, _("Uw advies is verstuurd naar het college."))
    return redirect("democracy:advisory_detail", pk=item.pk)


@require_POST
@role_required(*MANAGER_ROLES)
def advisory_respond(request: HttpRequest, pk: int) -> HttpResponse:
    item = _get(request, pk)
    responses = {
        p.number: (
            request.POST.get(f"decision_{p.number}", ""),
            request.POST.get(f"reasons_{p.number}", "")[:10_000],
        )
        for p in item.points.all()
    }
    try:
        advisory.respond(actor_of(request), item, responses, timezone.localdate())
    except ValidationError as error:
        return advisory_detail(request, pk, errors=_field_errors(error))
    messages.success(request, _("De reactie van het college is gepubliceerd."))
    return redirect("democracy:advisory_detail", pk=item.pk)
