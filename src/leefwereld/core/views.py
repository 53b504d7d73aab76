"""The shell: login landing, one home page per role, the second factor and error pages."""

from __future__ import annotations

import base64

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import enrolment, timeline
from .access import role_required
from .actor import actor_of
from .authorisation import ADMINISTRATORS, COUNCIL_HOME, HOUSEHOLD, PROFESSIONALS
from .forms import EnrolmentCodeForm, TokenForm
from .models import (
    Membership,
    Neighbourhood,
    NeighbourhoodTeam,
    NetworkMembership,
    Organisation,
    Resident,
    User,
)
from .roles import HOME_URL_NAMES, Role
from .timeline_display import grouped


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Everyone lands on the home page of their role."""
    return redirect(HOME_URL_NAMES[Role(actor_of(request).user.role)])


@role_required(*HOUSEHOLD)
def resident_home(request: HttpRequest) -> HttpResponse:
    user = actor_of(request).user
    if user.role == Role.NETWORK_MEMBER:
        # A network member sees whom they support, nothing of the household's records.
        circles = NetworkMembership.objects.filter(user=user, ended__isnull=True).select_related(
            "invited_by"
        )
        return render(request, "core/network_home.html", {"circles": circles})
    resident = (
        Resident.objects.filter(user=user)
        .select_related("household__address__neighbourhood")
        .first()
    )
    members: list[Resident] = []
    if resident is not None and resident.household_id is not None:
        members = list(
            Resident.objects.filter(household_id=resident.household_id)
            .exclude(pk=resident.pk)
            .order_by("birth_date")
        )
    teams: list[NeighbourhoodTeam] = []
    if resident is not None and resident.household_id is not None:
        teams = list(
            NeighbourhoodTeam.objects.filter(
                neighbourhoods=resident.household.address.neighbourhood_id  # type: ignore[union-attr]
            ).select_related("organisation")
        )
    sections: list = []
    hidden: list[str] = []
    if resident is not None and resident.household_id is not None:
        # Everything every app does for the household, as the plan page shows it.
        everything = timeline.collect(actor_of(request), resident.household_id)
        sections = grouped(everything, [resident, *members])
        hidden = everything.hidden
    return render(
        request,
        "core/resident_home.html",
        {
            "resident": resident,
            "members": members,
            "teams": teams,
            "timeline_sections": sections,
            "timeline_hidden": hidden,
        },
    )


@role_required(*PROFESSIONALS)
def professional_home(request: HttpRequest) -> HttpResponse:
    memberships = (
        Membership.objects.filter(user=actor_of(request).user)
        .select_related("organisation__team")
        .prefetch_related("organisation__team__neighbourhoods")
    )
    return render(request, "core/professional_home.html", {"memberships": memberships})


@role_required(*COUNCIL_HOME)
def council_home(request: HttpRequest) -> HttpResponse:
    # One aggregate query for all neighbourhoods, whatever their number.
    neighbourhoods = Neighbourhood.objects.annotate(
        households=Count("addresses__households", distinct=True),
        teams_count=Count("teams", distinct=True),
    ).order_by("name")
    return render(request, "core/council_home.html", {"neighbourhoods": neighbourhoods})


@role_required(*ADMINISTRATORS)
def administrator_home(request: HttpRequest) -> HttpResponse:
    counts = {
        _("Inwoners"): Resident.objects.count(),
        _("Organisaties"): Organisation.objects.count(),
        _("Wijken"): Neighbourhood.objects.count(),
        _("Gebruikers"): User.objects.count(),
        _("Medewerkers"): User.objects.filter(~Q(role__in=HOUSEHOLD)).count(),
    }
    return render(request, "core/administrator_home.html", {"counts": counts})


# The session remembers that this account's one-time enrolment code was given.
ENROLMENT_SESSION_KEY = "leefwereld_enrolment_for"


@login_required
def second_factor(request: HttpRequest) -> HttpResponse:
    """Enter the TOTP code of an authenticator app, or set one up with an enrolment code.

    The QR code (the app's secret) is shown only after the one-time enrolment code the
    administrator issued for this account (core.enrolment), so a stolen password alone
    cannot bind someone else's phone to the account.
    """
    user = actor_of(request).user
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        if request.session.get(ENROLMENT_SESSION_KEY) != user.pk:
            return _enrolment_code(request, user)
        return _set_up(request, user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            otp_login(request, device)
            messages.success(request, _("Tweede factor gecontroleerd."))
            return redirect("home")
        form.add_error("token", _("Deze code klopt niet of is verlopen. Probeer de nieuwe code."))
    return render(request, "core/second_factor.html", {"form": form, "step": "code"})


def _enrolment_code(request: HttpRequest, user: User) -> HttpResponse:
    form = EnrolmentCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if enrolment.redeem(user, form.cleaned_data["code"]):
            # A fresh secret, shown to this session only.
            TOTPDevice.objects.filter(user=user, confirmed=False).delete()
            TOTPDevice.objects.create(user=user, confirmed=False, name="authenticator")
            request.session[ENROLMENT_SESSION_KEY] = user.pk
            return redirect("second_factor")
        form.add_error(
            "code",
            _(
                "Deze inschrijfcode klopt niet, is al gebruikt of is verlopen. Vraag de "
                "beheerder om een nieuwe code."
            ),
        )
    return render(request, "core/second_factor.html", {"form": form, "step": "enrolment"})


def _set_up(request: HttpRequest, user: User) -> HttpResponse:
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, confirmed=False, name="authenticator")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            request.session.pop(ENROLMENT_SESSION_KEY, None)
            otp_login(request, device)
            messages.success(request, _("Tweede factor ingesteld en gecontroleerd."))
            return redirect("home")
        form.add_error("token", _("Deze code klopt niet of is verlopen. Probeer de nieuwe code."))
    context = {
        "form": form,
        "step": "set_up",
        "qr_svg": segno.make(device.config_url).svg_inline(scale=4),
        "secret": base64.b32encode(device.bin_key).decode(),
    }
    return render(request, "core/second_factor.html", context)


def health(request: HttpRequest) -> HttpResponse:
    """Health check for the load balancer and the operator: the database answers.

    It goes through every middleware, the server and a database round trip and does
    nothing else, so the load benchmark also uses it as the stack's ceiling (bench/load).
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    return render(request, "errors/500.html", status=500)
