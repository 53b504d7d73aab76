import math
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation

from . import ratelimit
from .clientip import client_ip

# Pages a staff user may reach before passing the second factor: the second-factor pages
# themselves, logging out, switching language and static files.
SECOND_FACTOR_EXEMPT_PREFIXES = ("/account/", "/i18n/", "/static/", "/api/v1/schema")
# Set at a staff single sign-on login only when the setting says the municipality's identity
# provider enforces a second factor itself (leefwereld.connections, ADR 0016).
IDP_SECOND_FACTOR_SESSION_KEY = "leefwereld_idp_second_factor"


class RequireSecondFactorMiddleware:
    """Staff roles must be OTP-verified (TOTP) before they reach any page.

    Token-authenticated API calls are verified by the token itself and are not affected:
    this middleware only sees session users.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            settings.LEEFWERELD_REQUIRE_SECOND_FACTOR
            and user.is_authenticated
            and getattr(user, "is_staff_role", False)
            # OTPMiddleware adds is_verified() to the user of every request.
            and not user.is_verified()  # type: ignore[attr-defined]
            and not (
                settings.LEEFWERELD_OIDC_IDP_ENFORCES_SECOND_FACTOR
                and request.session.get(IDP_SECOND_FACTOR_SESSION_KEY)
            )
            and not request.path.startswith(SECOND_FACTOR_EXEMPT_PREFIXES)
        ):
            return redirect("second_factor")
        return self.get_response(request)


class DutchFirstLocaleMiddleware:
    """Dutch unless the user chose English with the language switch.

    Django's LocaleMiddleware follows the browser's Accept-Language, which would show many
    residents an English page they never asked for. Here only the switch (its cookie)
    changes the language.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class ActorMiddleware:
    """Builds the request's `Actor` once, after URL resolution, for logged-in users.

    The access point is the page's URL name, so no view passes it by hand. API views
    replace it with their own (token users are only known inside DRF; see api/base.py).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> None:
        from .actor import Actor

        if request.user.is_authenticated:
            request.actor = Actor.for_request(request)  # type: ignore[attr-defined]
        return None


class PermissionsPolicyMiddleware:
    """A `Permissions-Policy` header on every response: no camera, microphone, location…

    No page needs these browser features; switching them off means injected content or a
    compromised third-party file could not use them either.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.LEEFWERELD_PERMISSIONS_POLICY)
        return response


class RateLimitMiddleware:
    """Refuses a burst of requests to a public form or code entry with a 429 page.

    The limits per URL name are in settings.LEEFWERELD_RATE_LIMITS. The key is the client's
    address (core.clientip, proxy-aware); for the second factor it is the account, so
    guessing a TOTP or enrolment code is bounded whatever address it comes from.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func, view_args, view_kwargs
    ) -> HttpResponse | None:
        match = request.resolver_match
        limits = getattr(settings, "LEEFWERELD_RATE_LIMITS", {})
        if match is None or match.view_name not in limits:
            return None
        limit, window, methods = limits[match.view_name]
        if request.method not in methods:
            return None
        user = getattr(request, "user", None)
        if match.view_name == "second_factor" and user is not None and user.is_authenticated:
            key = f"user:{user.pk}"
        else:
            key = f"ip:{client_ip(request)}"
        if ratelimit.hit(match.view_name, key, limit, window):
            return None
        wait = ratelimit.seconds_left(window)
        response = render(request, "errors/429.html", {"minutes": math.ceil(wait / 60)}, status=429)
        response["Retry-After"] = str(wait)
        return response
