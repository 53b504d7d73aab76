"""The connections' pages: the administrator's health page and the eHerkenning
development login. Thin: the work is in health.py and identity.py."""

from __future__ import annotations

from django.conf import settings
from django.contrib import auth
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from leefwereld.core.roles import Role

from . import health as checks
from .forms import EHerkenningDevelopmentForm


@login_required
def health(request: HttpRequest) -> HttpResponse:
    if getattr(request.user, "role", None) != Role.ADMINISTRATOR:
        raise PermissionDenied
    return render(request, "connections/health.html", {"checks": checks.all_checks()})


def eherkenning_development_login(request: HttpRequest) -> HttpResponse:
    if not settings.LEEFWERELD_DEVELOPMENT_LOGINS:
        raise Http404
    form = EHerkenningDevelopmentForm(request.POST or None)
    refused = False
    if request.method == "POST" and form.is_valid():
        user = auth.authenticate(
            request,
            kvk=form.cleaned_data["kvk"],
            branch=form.cleaned_data["branch"],
            subject=form.cleaned_data["subject"],
        )
        if user is not None:
            auth.login(request, user)
            target = request.POST.get("next", "")
            if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
                target = settings.LOGIN_REDIRECT_URL
            return redirect(target)
        refused = True
    return render(
        request,
        "connections/eherkenning_development_login.html",
        {"form": form, "refused": refused, "next": request.GET.get("next", "")},
        status=403 if refused else 200,
    )
