"""Pages of the vault. Thin: they parse input, call access.py or services.py, and render.

Residents (and legal representatives acting for a child) manage their vault under
/mijn-gegevens/; professionals and network members read what was shared with them; the
ombudsman reviews break-glass access.
"""

from __future__ import annotations

import datetime
import json
from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from leefwereld.core.access import role_required
from leefwereld.core.actor import Actor, actor_of
from leefwereld.core.models import (
    NeighbourhoodTeam,
    NetworkMembership,
    Organisation,
    Resident,
    User,
)
from leefwereld.core.roles import Role

from . import access, registration, services
from .authorisation import (
    CASEWORK,
    GRANTEES,
    LEGAL_BASIS_ROLES,
    REQUESTERS,
    access_casework_resident,
    may_record_legal_basis,
)
from .export import access_log_for, build_export, render_pdf
from .forms import (
    PURPOSE_SUGGESTIONS,
    AcceptInvitationForm,
    AccessRequestForm,
    BreakGlassForm,
    DecisionForm,
    FindResidentForm,
    GrantForm,
    InviteForm,
    LegalBasisForm,
    RecordForm,
    ReviewForm,
)
from .models import (
    AccessRequest,
    BreakGlass,
    Category,
    Grant,
    Invitation,
    LegalBasis,
    Record,
)
from .sentences import join_words, sentence

SUBJECT_SESSION_KEY = "vault_subject"
# The residents a case worker found by exact BSN in this session (ADR 0011): the lawful
# look-up after which the request, break-glass and refusal pages may show their name.
LOOKED_UP_SESSION_KEY = "vault_looked_up"
LOOKED_UP_KEEP = 20
PAGE_SIZE = 50


def _form_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form field it names (or on the form)."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


# --- resident side ----------------------------------------------------------------------


def _subject(request: HttpRequest) -> tuple[Resident, list[Resident]]:
    """The resident whose vault is shown: the user's own, or a child they represent."""
    subjects = access.subjects_of(actor_of(request))
    if not subjects:
        raise Http404(_("Uw account is nog niet gekoppeld aan een inwoner."))
    chosen = request.session.get(SUBJECT_SESSION_KEY)
    subject = next((s for s in subjects if s.pk == chosen), subjects[0])
    return subject, subjects


def _resident_context(request: HttpRequest, **extra):
    subject, subjects = _subject(request)
    return {"subject": subject, "subjects": subjects, **extra}


@role_required(Role.RESIDENT)
def overview(request: HttpRequest) -> HttpResponse:
    subject, _subjects = _subject(request)
    opened = access.read_records(actor_of(request), subject)
    by_category: dict[str, list] = defaultdict(list)
    for item in opened.records:
        by_category[item.category_label].append(item)
    now = timezone.now()
    context = _resident_context(
        request,
        groups=sorted(by_category.items()),
        active_grants=Grant.objects.active(now).filter(resident=subject).count(),
        pending_requests=AccessRequest.objects.filter(
            resident=subject, status=AccessRequest.Status.PENDING
        ).count(),
    )
    return render(request, "vault/overview.html", context)


@role_required(Role.RESIDENT)
@require_POST
def choose_subject(request: HttpRequest) -> HttpResponse:
    subjects = access.subjects_of(actor_of(request))
    try:
        chosen = int(request.POST.get("subject", ""))
    except ValueError:
        chosen = 0
    if chosen in {s.pk for s in subjects}:
        request.session[SUBJECT_SESSION_KEY] = chosen
    return redirect("vault:overview")


@role_required(Role.RESIDENT)
def record_detail(request: HttpRequest, record_id) -> HttpResponse:
    try:
        item = access.read_record(actor_of(request), record_id)
    except Record.DoesNotExist as exc:
        raise Http404 from exc
    context = _resident_context(request, item=item, may_erase=not item.record.retention_applies())
    return render(request, "vault/record_detail.html", context)


@role_required(Role.RESIDENT)
def record_create(request: HttpRequest) -> HttpResponse:
    subject, _subjects = _subject(request)
    form = RecordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        access.write_record(
            actor_of(request),
            subject,
            form.cleaned_data["category"],
            access.OWN_PURPOSE,
            {"title": form.cleaned_data["title"], "text": form.cleaned_data["text"]},
            kind="own-note",
        )
        messages.success(request, _("Uw gegeven is veilig opgeslagen."))
        return redirect("vault:overview")
    return render(request, "vault/record_form.html", _resident_context(request, form=form))


@role_required(Role.RESIDENT)
def record_erase(request: HttpRequest, record_id) -> HttpResponse:
    actor = actor_of(request)
    subject, _subjects = _subject(request)
    record = get_object_or_404(access.record_overview(actor, subject), pk=record_id)
    if request.method == "POST":
        try:
            access.erase_record(actor, record)
        except access.RetentionApplies as refusal:
            # The refusal names the law (or the open case) and the date, in plain Dutch,
            # and says the resident can still decide who may see the record.
            messages.error(request, str(refusal))
            return redirect("vault:overview")
        except access.RecordErased:
            pass
        messages.success(
            request, _("Het gegeven is verwijderd. Niemand kan het nog openen, ook wij niet.")
        )
        return redirect("vault:overview")
    return render(
        request,
        "vault/record_erase.html",
        _resident_context(request, record=record, retained=record.retention_applies()),
    )


def _grantee_choices(subject: Resident) -> list[tuple[str, list[tuple[str, str]]]]:
    """Teams of the resident's neighbourhood first, then people and organisations."""
    groups: list[tuple[str, list[tuple[str, str]]]] = []
    neighbourhood_id = subject.household.address.neighbourhood_id if subject.household else None
    teams = (
        NeighbourhoodTeam.objects.filter(neighbourhoods=neighbourhood_id)
        .select_related("organisation")
        .order_by("organisation__name")
    )
    team_ids = [t.organisation_id for t in teams]
    if team_ids:
        groups.append(
            (_("Uw wijkteam"), [(f"org:{t.organisation_id}", t.organisation.name) for t in teams])
        )
    network = NetworkMembership.objects.filter(
        household=subject.household, ended__isnull=True
    ).select_related("user")
    if subject.household_id and network:
        groups.append(
            (
                _("Uw netwerk"),
                [(f"user:{n.user_id}", n.user.display_name) for n in network],
            )
        )
    asked = User.objects.filter(
        pk__in=AccessRequest.objects.filter(resident=subject).values("requested_by")
    ).order_by("first_name")
    if asked:
        groups.append(
            (
                _("Medewerkers die om toegang vroegen"),
                [(f"user:{u.pk}", u.display_name) for u in asked],
            )
        )
    others = Organisation.objects.exclude(pk__in=team_ids).order_by("name")
    groups.append(
        (_("Andere organisaties"), [(f"org:{o.pk}", o.name) for o in others.only("pk", "name")])
    )
    return groups


@role_required(Role.RESIDENT)
def access_overview(request: HttpRequest) -> HttpResponse:
    """Who may see my data: grants, legal bases, break-glass and pending requests."""
    subject, _subjects = _subject(request)
    grants = list(
        Grant.objects.filter(resident=subject)
        .select_related("grantee_user", "grantee_organisation")
        .order_by("-created_at")
    )
    bases = list(
        LegalBasis.objects.filter(resident=subject)
        .select_related("organisation", "user")
        .order_by("-recorded_at")
    )
    glass = list(
        BreakGlass.objects.filter(resident=subject)
        .select_related("actor", "organisation")
        .order_by("-created_at")
    )
    reasons = access.open_for_residents(
        [(g.resident_id, f"break-glass:{g.uuid}", g.reason_ciphertext) for g in glass]
    )
    pending = (
        AccessRequest.objects.filter(resident=subject, status=AccessRequest.Status.PENDING)
        .select_related("requested_by", "organisation")
        .order_by("created_at")
    )
    context = _resident_context(
        request,
        active=[g for g in grants if g.status in ("active", "future")],
        ended=[g for g in grants if g.status in ("expired", "revoked")],
        legal_bases=bases,
        break_glass=list(zip(glass, reasons, strict=True)),
        pending=pending,
    )
    return render(request, "vault/access.html", context)


@role_required(Role.RESIDENT)
def grant_create(request: HttpRequest) -> HttpResponse:
    subject, _subjects = _subject(request)
    initial = {
        "ends_on": timezone.localdate() + datetime.timedelta(days=services.default_grant_days()),
    }
    form = GrantForm(request.POST or None, initial=initial, grantees=_grantee_choices(subject))
    if request.method == "POST" and form.is_valid():
        kind, _sep, pk = form.cleaned_data["grantee"].partition(":")
        grantee_user = User.objects.filter(pk=pk).first() if kind == "user" else None
        grantee_org = Organisation.objects.filter(pk=pk).first() if kind == "org" else None
        try:
            grant = services.grant_access(
                actor_of(request),
                subject,
                categories=form.cleaned_data["categories"],
                purpose=form.cleaned_data["purpose"],
                mode=form.cleaned_data["mode"],
                grantee_user=grantee_user,
                grantee_organisation=grantee_org,
                ends_on=form.cleaned_data["ends_on"],
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(
                request,
                _("%(who)s heeft nu toegang tot en met %(date)s.")
                % {"who": grant.grantee_name, "date": grant.last_day.strftime("%d-%m-%Y")},
            )
            return redirect("vault:access")
    return render(
        request,
        "vault/grant_form.html",
        _resident_context(
            request,
            form=form,
            purposes=PURPOSE_SUGGESTIONS,
            max_days=services.max_grant_days(),
        ),
    )


@role_required(Role.RESIDENT)
@require_POST
def grant_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    subject, _subjects = _subject(request)
    grant = get_object_or_404(Grant, pk=pk, resident=subject)
    services.revoke_grant(actor_of(request), grant)
    for text in revocation_message(grant):
        messages.success(request, text)
    return redirect("vault:access")


def _topics(categories) -> str:
    return join_words([str(Category(c).label).lower() for c in sorted(categories)])


def revocation_message(grant: Grant) -> list[str]:
    """What stops and what stays visible after a resident stops one grant, and why.

    A grantee may still see part of the resident's data through another grant of theirs,
    the household's shared records through a partner's grant, or a legal basis.
    """
    now = timezone.now()
    who = grant.grantee_name
    subject = grant.resident
    stopped = _(
        "De toegang van %(who)s via deze toestemming is gestopt: %(who)s ziet uw gegevens "
        "over %(topics)s hierdoor niet meer."
    ) % {
        "who": who,
        "topics": _topics(grant.categories),
    }
    same_grantee = (
        Q(grantee_organisation_id=grant.grantee_organisation_id)
        if grant.grantee_organisation_id
        else Q(grantee_user_id=grant.grantee_user_id)
    )
    still: list[str] = []
    for other in Grant.objects.active(now).filter(same_grantee, resident=subject):
        still.append(
            _("uw gegevens over %(topics)s, via een andere toestemming van u tot en met %(date)s")
            % {"topics": _topics(other.categories), "date": other.last_day.strftime("%d-%m-%Y")}
        )
    if subject.household_id:
        partners = (
            Grant.objects.active(now)
            .filter(same_grantee, resident__household_id=subject.household_id)
            .exclude(resident=subject)
            .select_related("resident")
        )
        for other in partners:
            still.append(
                _(
                    "de gedeelde gegevens van uw huishouden over %(topics)s, omdat "
                    "%(partner)s daarvoor toestemming gaf (tot en met %(date)s). Alleen "
                    "%(partner)s kan die toestemming stoppen"
                )
                % {
                    "topics": _topics(other.categories),
                    "partner": other.resident.given_names,
                    "date": other.last_day.strftime("%d-%m-%Y"),
                }
            )
    if grant.grantee_organisation_id:
        for basis in LegalBasis.objects.active(now).filter(
            resident=subject, organisation_id=grant.grantee_organisation_id
        ):
            still.append(
                _("uw gegevens over %(topics)s, op grond van de wet (%(law)s) tot en met %(date)s")
                % {
                    "topics": _topics(basis.categories),
                    "law": basis.get_law_display(),
                    "date": basis.last_day.strftime("%d-%m-%Y"),
                }
            )
    if not still:
        return [
            stopped,
            _("Vanaf nu ziet %(who)s niets meer van uw gegevens.") % {"who": who},
        ]
    return [
        stopped,
        _("Wat %(who)s nog wel ziet: %(list)s.") % {"who": who, "list": "; ".join(still)},
    ]


@role_required(Role.RESIDENT)
def request_decide(request: HttpRequest, pk: int) -> HttpResponse:
    subject, _subjects = _subject(request)
    access_request = get_object_or_404(
        AccessRequest.objects.select_related("requested_by", "organisation"),
        pk=pk,
        resident=subject,
    )
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actor = actor_of(request)
        try:
            if form.cleaned_data["decision"] == "approve":
                services.approve_request(actor, access_request)
                messages.success(request, _("U heeft het verzoek goedgekeurd."))
            else:
                services.decline_request(actor, access_request)
                messages.success(request, _("U heeft het verzoek afgewezen."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("vault:access")
    return render(
        request,
        "vault/request_decide.html",
        _resident_context(request, access_request=access_request),
    )


@role_required(Role.RESIDENT)
def access_log(request: HttpRequest) -> HttpResponse:
    """Wie keek in mijn gegevens? The log in plain sentences, newest first."""
    user = actor_of(request).user
    subject, _subjects = _subject(request)
    show_own = request.GET.get("eigen") == "1"
    rows = access_log_for(subject)
    if not show_own:
        rows = rows.exclude(user=user)
    rows = rows.select_related("user", "organisation").order_by("-occurred_at", "-pk")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("pagina"))
    sentences = [sentence(row, user.pk) for row in page.object_list]
    return render(
        request,
        "vault/log.html",
        _resident_context(request, page=page, sentences=sentences, show_own=show_own),
    )


@role_required(Role.RESIDENT)
def network(request: HttpRequest) -> HttpResponse:
    subject, _subjects = _subject(request)
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        accept_url = request.build_absolute_uri(
            reverse("vault:invitation_accept", args=["TOKEN"])
        ).replace("TOKEN", "{token}")
        try:
            services.invite_network_member(
                actor_of(request),
                subject,
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
                relation=form.cleaned_data["relation"],
                accept_url=accept_url,
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(
                request,
                _("De uitnodiging is verstuurd naar %(email)s.")
                % {"email": form.cleaned_data["email"]},
            )
            return redirect("vault:network")
    members = NetworkMembership.objects.filter(household=subject.household).select_related(
        "user", "invited_by"
    )
    invitations = Invitation.objects.filter(
        household=subject.household,
        accepted_at__isnull=True,
        withdrawn_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).order_by("-created_at")
    return render(
        request,
        "vault/network.html",
        _resident_context(
            request,
            form=form,
            members=[m for m in members if m.ended is None],
            former=[m for m in members if m.ended is not None],
            invitations=invitations,
        ),
    )


@role_required(Role.RESIDENT)
@require_POST
def network_end(request: HttpRequest, pk: int) -> HttpResponse:
    subject, _subjects = _subject(request)
    membership = get_object_or_404(NetworkMembership, pk=pk, household_id=subject.household_id)
    services.end_network_membership(actor_of(request), membership)
    messages.success(
        request,
        _("%(name)s is geen netwerklid meer en ziet niets meer van uw gegevens.")
        % {"name": membership.user.display_name},
    )
    return redirect("vault:network")


@role_required(Role.RESIDENT)
@require_POST
def invitation_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    subject, _subjects = _subject(request)
    invitation = get_object_or_404(Invitation, pk=pk, household_id=subject.household_id)
    services.withdraw_invitation(actor_of(request), invitation)
    messages.success(request, _("De uitnodiging is ingetrokken."))
    return redirect("vault:network")


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the invitation e-mail: create a network-member account (or use one)."""
    invitation = services.open_invitation(token)
    if invitation is None:
        return render(request, "vault/invitation_invalid.html", status=404)
    user = request.user if request.user.is_authenticated else None
    form = AcceptInvitationForm(request.POST or None) if user is None else None
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            if form is None:
                services.accept_invitation(token, user=user)
            else:
                data = form.cleaned_data
                membership = services.accept_invitation(
                    token,
                    username=data["username"],
                    password=data["password"],
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                )
                login(request, membership.user, backend="django.contrib.auth.backends.ModelBackend")
        except ValidationError as error:
            if form is None:
                messages.error(request, " ".join(error.messages))
            else:
                _form_errors(form, error)
        else:
            messages.success(request, _("Welkom! U bent nu netwerklid."))
            return redirect("home")
    return render(
        request,
        "vault/invitation_accept.html",
        {"invitation": invitation, "form": form, "inviter": invitation.invited_by.given_names},
    )


@role_required(Role.RESIDENT)
def export_page(request: HttpRequest) -> HttpResponse:
    return render(request, "vault/export.html", _resident_context(request))


@role_required(Role.RESIDENT)
def export_json(request: HttpRequest) -> HttpResponse:
    subject, _subjects = _subject(request)
    data = build_export(actor_of(request), subject)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="mijn-gegevens.json"'
    return response


@role_required(Role.RESIDENT)
def export_pdf(request: HttpRequest) -> HttpResponse:
    subject, _subjects = _subject(request)
    data = build_export(actor_of(request), subject)
    response = HttpResponse(render_pdf(data), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="mijn-gegevens.pdf"'
    return response


# --- professional side ------------------------------------------------------------------


@role_required(*GRANTEES)
def caseload_page(request: HttpRequest) -> HttpResponse:
    """The residents this user may see right now, with why and until when.

    Set-based: one count, one page of residents, three queries for the bases of that
    page and one INSERT for the log — the same for 10 or 10,000 households.
    """
    actor = actor_of(request)
    residents = (
        registration.caseload(actor)
        .select_related("household__address__neighbourhood")
        .order_by("surname", "given_names", "pk")
    )
    page = Paginator(residents, PAGE_SIZE).get_page(request.GET.get("pagina"))
    rows = list(page.object_list)
    bases = access.caseload_bases(actor, rows)
    registration.show(actor, rows, bases=bases)
    context = {
        "page": page,
        "rows": [(r, bases[r.pk]) for r in rows],
        "may_search": actor.role in CASEWORK,
    }
    return render(request, "vault/caseload.html", context)


@role_required(*CASEWORK)
def find_resident(request: HttpRequest) -> HttpResponse:
    """The lawful look-up (ADR 0011): one resident of the work area by exact BSN. The
    session remembers it, so the pages that follow may show the resident's name."""
    actor = actor_of(request)
    form = FindResidentForm(request.GET or None)
    if form.is_bound and form.is_valid():
        resident = registration.work_area(actor).filter(bsn=form.cleaned_data["bsn"]).first()
        if resident is not None:
            earlier = request.session.get(LOOKED_UP_SESSION_KEY, [])
            looked_up = [*[pk for pk in earlier if pk != resident.pk], resident.pk]
            request.session[LOOKED_UP_SESSION_KEY] = looked_up[-LOOKED_UP_KEEP:]
            return redirect("vault:resident_records", resident_id=resident.pk)
        form.add_error("bsn", _("Er woont geen inwoner met dit BSN in uw werkgebied."))
    return render(request, "vault/find_resident.html", {"form": form})


def _in_work_area(actor: Actor, resident: Resident) -> bool:
    return registration.work_area(actor).filter(pk=resident.pk).exists()


def _lawfully_named(request: HttpRequest, actor: Actor, resident: Resident) -> bool:
    """May this page show the resident's name? Only after a lawful look-up (ADR 0011): the
    actor has a basis for the resident, found them by BSN in this session, or keeps the
    basic registration (the administrator). Typing a resident's id is not a look-up."""
    if actor.role == Role.ADMINISTRATOR:
        return True
    if resident.pk in request.session.get(LOOKED_UP_SESSION_KEY, []):
        return True
    return bool(access.bases_for(actor, [resident]))


@role_required(*GRANTEES)
def resident_records(request: HttpRequest, resident_id: int) -> HttpResponse:
    actor = actor_of(request)
    resident = get_object_or_404(Resident.objects.select_related("household"), pk=resident_id)
    try:
        opened = access.read_records(actor, resident)
    except access.AccessDenied:
        # The refusal is logged. The name is shown only to a case worker of the work area
        # who found the resident by BSN; that is logged too, so the resident's log says
        # the name was seen and not "nothing was shown".
        visible = _in_work_area(actor, resident)
        named = visible and _lawfully_named(request, actor, resident)
        if named:
            registration.show(actor, [resident])
        refusal = {
            "resident": resident if named else None,
            "resident_id": resident_id,
            "may_request": visible and actor.role in REQUESTERS,
            "may_break_glass": visible and actor.role in CASEWORK,
            "may_record_basis": visible and may_record_legal_basis(actor),
        }
        return render(request, "vault/refused.html", refusal, status=403)
    by_category: dict[str, list] = defaultdict(list)
    for item in opened.records:
        by_category[item.category_label].append(item)
    form = RecordForm(categories=opened.writable_categories) if opened.writable_categories else None
    context: dict[str, Any] = {
        "resident": resident,
        "opened": opened,
        "groups": sorted(by_category.items()),
        "form": form,
        "bases": opened.bases,
        "category_labels": [str(Category(c).label) for c in sorted(opened.categories)],
        "may_record_basis": may_record_legal_basis(actor) and _in_work_area(actor, resident),
    }
    return render(request, "vault/resident_records.html", context)


@role_required(*GRANTEES)
@require_POST
def resident_record_create(request: HttpRequest, resident_id: int) -> HttpResponse:
    actor = actor_of(request)
    resident = get_object_or_404(Resident, pk=resident_id)
    writable = access.writable_purposes(actor, resident)
    form = RecordForm(request.POST, categories=frozenset(writable))
    if not writable:
        raise PermissionDenied
    if form.is_valid():
        category = form.cleaned_data["category"]
        access.write_record(
            actor,
            resident,
            category,
            writable[category],
            {"title": form.cleaned_data["title"], "text": form.cleaned_data["text"]},
        )
        messages.success(
            request, _("De aantekening is veilig opgeslagen in de kluis van de inwoner.")
        )
    else:
        messages.error(request, _("De aantekening is niet opgeslagen: vul alle velden in."))
    return redirect("vault:resident_records", resident_id=resident.pk)


class LookUpFirst(Exception):
    """The page was reached by typing a resident's id, not through a lawful look-up."""


def _casework_resident(request: HttpRequest, resident_id: int) -> tuple[Actor, Resident]:
    """The resident of a case worker's form page, who must live in their work area and have
    been found lawfully (a basis, or a BSN look-up in this session). The page shows the
    resident's name: that is a read of the basic registration, logged."""
    actor = actor_of(request)
    resident = access_casework_resident(actor, resident_id)
    if not _lawfully_named(request, actor, resident):
        raise LookUpFirst
    if request.method == "GET":
        registration.show(actor, [resident])
    return actor, resident


def _look_up_first(request: HttpRequest) -> HttpResponse:
    messages.info(
        request,
        _("Zoek de inwoner eerst op met het BSN. Pas daarna ziet u de naam en kunt u verder."),
    )
    return redirect("vault:find_resident")


@role_required(*CASEWORK)
def request_create(request: HttpRequest, resident_id: int) -> HttpResponse:
    try:
        actor, resident = _casework_resident(request, resident_id)
    except LookUpFirst:
        return _look_up_first(request)
    organisations = list(
        Organisation.objects.filter(memberships__user=actor.user)
        .order_by("name")
        .values_list("pk", "name")
    )
    form = AccessRequestForm(
        request.POST or None, organisations=organisations, max_days=services.max_grant_days()
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        organisation = (
            Organisation.objects.filter(pk=data["organisation"]).first()
            if data["organisation"]
            else None
        )
        try:
            services.request_access(
                actor,
                resident,
                categories=data["categories"],
                purpose=data["purpose"],
                mode=data["mode"],
                days=data["days"],
                organisation=organisation,
                portal_url=request.build_absolute_uri(reverse("vault:access")),
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(
                request,
                _("Uw verzoek is verstuurd. De inwoner krijgt een e-mail en beslist zelf."),
            )
            return redirect("vault:caseload")
    return render(
        request,
        "vault/request_form.html",
        {"form": form, "resident": resident, "purposes": PURPOSE_SUGGESTIONS},
    )


@role_required(*CASEWORK)
def break_glass_create(request: HttpRequest, resident_id: int) -> HttpResponse:
    try:
        actor, resident = _casework_resident(request, resident_id)
    except LookUpFirst:
        return _look_up_first(request)
    form = BreakGlassForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.break_glass(
                actor,
                resident,
                reason=form.cleaned_data["reason"],
                categories=form.cleaned_data["categories"],
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.warning(
                request,
                _("Noodtoegang staat aan voor %(hours)s uur. De inwoner en de ombudsman zien dit.")
                % {"hours": services.break_glass_hours()},
            )
            return redirect("vault:resident_records", resident_id=resident.pk)
    return render(
        request,
        "vault/break_glass_form.html",
        {"form": form, "resident": resident, "hours": services.break_glass_hours()},
    )


@role_required(*LEGAL_BASIS_ROLES)
def legal_basis_create(request: HttpRequest, resident_id: int) -> HttpResponse:
    try:
        actor, resident = _casework_resident(request, resident_id)
    except LookUpFirst:
        return _look_up_first(request)
    if actor.role == Role.ADMINISTRATOR:
        organisations = Organisation.objects.order_by("name")
    else:
        organisations = Organisation.objects.filter(memberships__user=actor.user).order_by("name")
    laws = [(v, label) for v, label in LegalBasis.Law.choices if may_record_legal_basis(actor, v)]
    form = LegalBasisForm(
        request.POST or None,
        organisations=list(organisations.values_list("pk", "name")),
        laws=laws,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_legal_basis(
                actor,
                resident,
                law=data["law"],
                article=data["article"],
                explanation=data["explanation"],
                purpose=data["purpose"],
                categories=data["categories"],
                mode=data["mode"],
                ends_on=data["ends_on"],
                organisation=Organisation.objects.get(pk=data["organisation"]),
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(
                request, _("De wettelijke grondslag is vastgelegd. De inwoner ziet hem.")
            )
            return redirect("vault:resident_records", resident_id=resident.pk)
    return render(
        request,
        "vault/legal_basis_form.html",
        {"form": form, "resident": resident, "purposes": PURPOSE_SUGGESTIONS},
    )


@role_required(*LEGAL_BASIS_ROLES)
@require_POST
def legal_basis_end(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    basis = get_object_or_404(LegalBasis, pk=pk)
    access_casework_resident(actor, basis.resident_id)
    services.end_legal_basis(actor, basis)
    messages.success(request, _("De wettelijke grondslag is beëindigd."))
    return redirect("vault:resident_records", resident_id=basis.resident_id)


# --- ombudsman ----------------------------------------------------------------------------


@role_required(Role.OMBUDSMAN)
def break_glass_reviews(request: HttpRequest) -> HttpResponse:
    """The review queue: break-glass access not yet reviewed first, then the latest."""
    actor = actor_of(request)
    pending = (
        BreakGlass.objects.filter(reviewed_at__isnull=True)
        .select_related("actor", "organisation", "resident")
        .order_by("created_at")
    )
    page = Paginator(pending, PAGE_SIZE).get_page(request.GET.get("pagina"))
    items = list(page.object_list)
    reviewed = list(
        BreakGlass.objects.filter(~Q(reviewed_at=None))
        .select_related("actor", "organisation", "resident", "reviewed_by")
        .order_by("-reviewed_at")[:20]
    )
    reasons = access.open_for_residents(
        [(g.resident_id, f"break-glass:{g.uuid}", g.reason_ciphertext) for g in items]
    )
    registration.show(actor, [g.resident for g in [*items, *reviewed]])
    return render(
        request,
        "vault/break_glass_reviews.html",
        {
            "page": page,
            "items": [
                (g, r, ReviewForm(prefix=f"g{g.pk}")) for g, r in zip(items, reasons, strict=True)
            ],
            "reviewed": reviewed,
        },
    )


@role_required(Role.OMBUDSMAN)
@require_POST
def break_glass_review(request: HttpRequest, pk: int) -> HttpResponse:
    glass = get_object_or_404(BreakGlass, pk=pk)
    form = ReviewForm(request.POST, prefix=f"g{pk}")
    if form.is_valid():
        try:
            services.review_break_glass(
                actor_of(request),
                glass,
                outcome=form.cleaned_data["outcome"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("De controle is opgeslagen."))
    else:
        messages.error(request, _("Kies of de noodtoegang terecht was."))
    return redirect("vault:break_glass_reviews")
