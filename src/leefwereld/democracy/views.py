"""Pages of "Meedoen": thin views that parse input, call services and render.

Public pages (no login) show only what is published: rounds, feasible and rejected ideas
with their reasons, results with explanations, initiatives, blocking rules and challenges.
Who proposed, voted, supported or reported is never shown on them.
"""

from __future__ import annotations

import csv
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from leefwereld.core import refusals
from leefwereld.core.access import role_required
from leefwereld.core.actor import actor_of
from leefwereld.core.bsn import normalise_bsn
from leefwereld.core.models import Municipality, Neighbourhood, Resident
from leefwereld.core.numbers import parse_id
from leefwereld.core.pdf import render_pdf
from leefwereld.core.versioning import is_stale
from leefwereld.vault import registration
from leefwereld.vault.access import Authorisation

from . import forms, hooks, services
from .authorisation import (
    CONTACT_PAGE_ROLES,
    CONTACT_ROLES,
    COUNCIL_ROLES,
    EXPORTER_ROLES,
    HARDSHIP_ROLES,
    MANAGER_ROLES,
    PARTICIPANT_ROLES,
    access_round,
    is_manager,
    may_edit_links,
    may_report_effects,
    viewer,
    visible_rounds,
)
from .models import (
    ROUND_TRANSITIONS,
    BlockingRule,
    BlockingRuleSupport,
    BudgetRound,
    Challenge,
    ChallengeStatus,
    Initiative,
    InitiativeStatus,
    Phase,
    Project,
    ProjectOutcome,
    ProjectSupport,
    ReviewStatus,
    RoundResult,
    RuleStatus,
    StartupGrant,
    VotingCode,
)

PAGE_SIZE = 25


def _municipality() -> Municipality:
    municipality = Municipality.objects.order_by("pk").first()
    if municipality is None:
        raise Http404
    return municipality


def _municipality_of(neighbourhood: Neighbourhood | None) -> Municipality:
    """The municipality a form's (optional) neighbourhood belongs to."""
    return neighbourhood.municipality if neighbourhood else _municipality()


def _download(response: HttpResponse, filename: str, *, private: bool = False) -> HttpResponse:
    """Make `response` a file download; `private` ones (personal data) are never cached."""
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    if private:
        response["Cache-Control"] = "no-store"
    return response


def _page(request: HttpRequest, rows: Any) -> Any:
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("pagina"))


def _visible_round(request: HttpRequest, pk: int) -> BudgetRound:
    return access_round(viewer(request), pk)


def _is_manager(request: HttpRequest) -> bool:
    return is_manager(viewer(request))


# ---------------------------------------------------------------------------------------
# Overview
# ---------------------------------------------------------------------------------------


def index(request: HttpRequest) -> HttpResponse:
    resident = services.resident_of(request.user)
    rounds = (
        visible_rounds(viewer(request))
        .filter(is_analysis=False)
        .exclude(phase=Phase.CANCELLED)
        .prefetch_related("districts")[:6]
    )
    context = {
        "rounds": rounds,
        "my_rounds": list(services.open_rounds_for(resident)),
        "initiatives": Initiative.objects.select_related("neighbourhood")[:5],
        "rules": services.blocking_rules_with_counts().order_by("-support_count", "-pk")[:5],
        "challenges": Challenge.objects.select_related("neighbourhood")[:5],
    }
    return render(request, "democracy/index.html", context)


# ---------------------------------------------------------------------------------------
# Neighbourhood budgets: public pages
# ---------------------------------------------------------------------------------------


def round_list(request: HttpRequest) -> HttpResponse:
    rounds = (
        visible_rounds(viewer(request))
        .filter(is_analysis=False)
        .annotate(
            project_count=Count(
                "projects", filter=~Q(projects__review_status=ReviewStatus.REJECTED), distinct=True
            )
        )
        .prefetch_related("districts")
        .order_by("-created_at", "-pk")
    )
    return render(request, "democracy/round_list.html", {"page": _page(request, rounds)})


def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _visible_round(request, pk)
    projects = list(services.public_projects(round_))
    resident = services.resident_of(request.user)
    supported: set[int] = set()
    if request.user.is_authenticated:
        supported = set(
            ProjectSupport.objects.filter(user=request.user, project__round=round_).values_list(
                "project_id", flat=True
            )
        )
    context = {
        "round": round_,
        "districts": list(round_.districts.all()),
        "categories": list(round_.categories.all()),
        "on_ballot": [p for p in projects if p.review_status == ReviewStatus.FEASIBLE],
        "rejected": [p for p in projects if p.review_status == ReviewStatus.REJECTED],
        "pending": [p for p in projects if p.review_status == ReviewStatus.PENDING],
        "supported": supported,
        "can_support": round_.phase == Phase.PROPOSALS
        and getattr(request.user, "role", None) in PARTICIPANT_ROLES,
        "resident": resident,
        "ineligible": services.ineligibility(round_, resident) if resident else None,
        "voted": services.has_voted(round_, resident),
        "history": round_.history.all(),
    }
    return render(request, "democracy/round_detail.html", context)


def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_object_or_404(
        Project.objects.select_related("round", "district").annotate(
            support_count=Count("supports", distinct=True)
        ),
        pk=pk,
    )
    if not visible_rounds(viewer(request)).filter(pk=project.round_id).exists():
        raise Http404
    outcome = ProjectOutcome.objects.filter(project=project).select_related("result").first()
    sentence = ""
    if outcome is not None:
        outcomes = list(
            ProjectOutcome.objects.filter(result=outcome.result).select_related("project")
        )
        sentence = services.result_sentences(outcome.result, outcomes).get(project.pk, "")
    supported = (
        request.user.is_authenticated
        and ProjectSupport.objects.filter(project=project, user=request.user).exists()
    )
    context = {
        "project": project,
        "round": project.round,
        "categories": list(project.categories.all()),
        "outcome": outcome,
        "sentence": sentence,
        "updates": project.updates.all(),
        "supported": supported,
        "is_manager": _is_manager(request),
    }
    return render(request, "democracy/project_detail.html", context)


def round_result(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _visible_round(request, pk)
    result = RoundResult.objects.filter(round=round_).first()
    if result is None:
        raise Http404
    outcomes = list(
        ProjectOutcome.objects.filter(result=result)
        .select_related("project__district")
        .prefetch_related("project__categories")
        .order_by("-funded", "position", "-votes", "project__pk")
    )
    sentences = services.result_sentences(result, outcomes)
    rows = [(o, sentences.get(o.project_id, "")) for o in outcomes]
    only_mes = [o.project for o in outcomes if o.funded and not o.greedy_funded]
    only_greedy = [o.project for o in outcomes if o.greedy_funded and not o.funded]
    user = request.user
    context = {
        "round": round_,
        "result": result,
        "funded_rows": [r for r in rows if r[0].funded],
        "unfunded_rows": [r for r in rows if not r[0].funded],
        "only_mes": only_mes,
        "only_greedy": only_greedy,
        "left_over": result.budget - result.spent,
        "areas": services.spending_per_area(round_, outcomes),
        "show_district": round_.districts.count() > 1,
        "may_export": user.is_authenticated and getattr(user, "role", None) in EXPORTER_ROLES,
    }
    return render(request, "democracy/round_result.html", context)


# ---------------------------------------------------------------------------------------
# Neighbourhood budgets: residents
# ---------------------------------------------------------------------------------------


@role_required(*PARTICIPANT_ROLES)
def propose(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _visible_round(request, pk)
    user = actor_of(request).user
    reason = services.ineligibility(round_, services.resident_of(user))
    if round_.phase != Phase.PROPOSALS:
        reason = _("Ideeën indienen kan nu niet: de ronde is in de fase '%(phase)s'.") % {
            "phase": round_.get_phase_display()
        }
    form = forms.ProposalForm(request.POST or None, round_=round_)
    if request.method == "POST" and not reason and form.is_valid():
        data = form.cleaned_data
        try:
            project = services.propose_project(
                actor_of(request),
                round_,
                title=data["title"],
                description=data["description"],
                cost=data["cost"],
                categories=data.get("categories") or [],
                district=data.get("district"),
            )
            messages.success(
                request,
                _("Bedankt! Uw idee staat op de website. De gemeente toetst het na het indienen."),
            )
            return redirect("democracy:project_detail", pk=project.pk)
        except ValidationError as error:
            refusals.on_form(form, error)
    return render(
        request, "democracy/propose.html", {"round": round_, "form": form, "reason": reason}
    )


@require_POST
@role_required(*PARTICIPANT_ROLES)
def project_support(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_object_or_404(Project.objects.select_related("round"), pk=pk)
    try:
        if request.POST.get("action") == "withdraw":
            services.withdraw_support(actor_of(request), project)
            messages.success(request, _("Uw steun is ingetrokken."))
        else:
            services.support_project(actor_of(request), project)
            messages.success(request, _("U steunt dit idee."))
    except ValidationError as error:
        refusals.as_messages(request, error)
    return redirect("democracy:project_detail", pk=project.pk)


@role_required(*PARTICIPANT_ROLES)
def vote(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _visible_round(request, pk)
    user = actor_of(request).user
    resident = services.resident_of(user)
    reason = services.ineligibility(round_, resident)
    if round_.phase != Phase.VOTING:
        reason = _("Stemmen kan nu niet: de ronde is in de fase '%(phase)s'.") % {
            "phase": round_.get_phase_display()
        }
    elif services.voting_date_passed(round_, timezone.localdate()):
        reason = services.voting_closed_reason(round_)
    entry = services.has_voted(round_, resident)
    if entry is not None and not entry.ballot_token and not reason:
        reason = _("U heeft al gestemd met een stemcode. Die stem kan niet meer veranderen.")
    projects = services.ballot_projects(round_)
    current = services.current_choices(round_, resident)
    initial = {"projects": [str(pk) for pk in current]} if current else None
    form = forms.BallotForm(request.POST or None, initial=initial, projects=projects)
    if request.method == "POST" and not reason and form.is_valid():
        try:
            outcome = services.cast_ballot(
                actor_of(request), round_, choices=form.cleaned_data["projects"]
            )
            messages.success(
                request,
                _("Uw stem is gewijzigd.") if outcome.changed else _("Uw stem is opgeslagen."),
            )
            return redirect("democracy:vote", pk=round_.pk)
        except ValidationError as error:
            refusals.on_form(form, error)
    context = {
        "round": round_,
        "form": form,
        "reason": reason,
        "projects": projects,
        "voted": entry is not None,
    }
    return render(request, "democracy/vote.html", context)


CODE_ATTEMPTS = 10
CODE_WINDOW = 60 * 60


def _code_key(request: HttpRequest) -> str:
    return f"democracy:code-failures:{request.META.get('REMOTE_ADDR', '')}"


def vote_with_code(request: HttpRequest) -> HttpResponse:
    """Vote with the one-time code from a letter: no account needed.

    Wrong codes are counted per address; after ten in an hour the page stops checking codes
    for that hour, so codes cannot be guessed by trying.
    """
    key = _code_key(request)
    blocked = cache.get(key, 0) >= CODE_ATTEMPTS
    code_form = forms.CodeForm(request.POST or None)
    context: dict[str, Any] = {"form": code_form, "blocked": blocked}
    if request.method != "POST" or blocked:
        return render(request, "democracy/vote_code.html", context)
    if not code_form.is_valid():
        return render(request, "democracy/vote_code.html", context)
    code = code_form.cleaned_data["code"]
    voting_code = services.find_code(code)
    if voting_code is None:
        cache.set(key, cache.get(key, 0) + 1, CODE_WINDOW)
        code_form.add_error(
            "code", _("Deze stemcode klopt niet, is al gebruikt of het stemmen is gesloten.")
        )
        return render(request, "democracy/vote_code.html", context)
    round_ = voting_code.round
    projects = services.ballot_projects(round_)
    data = request.POST if request.POST.get("step") == "ballot" else None
    ballot = forms.BallotForm(data, projects=projects)
    if data is not None and ballot.is_valid():
        try:
            services.cast_ballot_with_code(code, choices=ballot.cleaned_data["projects"])
            return render(request, "democracy/vote_code_done.html", {"round": round_})
        except ValidationError as error:
            refusals.on_form(ballot, error)
    context.update({"round": round_, "ballot": ballot, "code": code, "projects": projects})
    return render(request, "democracy/vote_code_ballot.html", context)


# ---------------------------------------------------------------------------------------
# Neighbourhood budgets: the municipality
# ---------------------------------------------------------------------------------------


@role_required(*MANAGER_ROLES)
def manage(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    rounds = BudgetRound.objects.annotate(
        project_count=Count("projects", distinct=True),
        pending_count=Count(
            "projects", filter=Q(projects__review_status=ReviewStatus.PENDING), distinct=True
        ),
    )
    waiting = (
        Initiative.objects.filter(status=InitiativeStatus.SUBMITTED)
        .select_related("neighbourhood")
        .order_by("answer_due", "pk")
    )
    context = {
        "rounds": rounds,
        "waiting": waiting,
        "today": today,
        "rules": services.blocking_rules_with_counts()
        .filter(status=RuleStatus.REPORTED)
        .order_by("-support_count", "pk"),
        "challenges": Challenge.objects.filter(
            status__in=[ChallengeStatus.SUBMITTED, ChallengeStatus.ASSESSING]
        ),
    }
    return render(request, "democracy/manage.html", context)


@role_required(*MANAGER_ROLES)
def round_create(request: HttpRequest) -> HttpResponse:
    form = forms.RoundCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            round_ = services.create_round(
                actor_of(request),
                municipality=_municipality(),
                neighbourhoods=list(form.cleaned_data["neighbourhoods"]),
                **form.options(),
            )
            messages.success(request, _("De ronde is aangemaakt."))
            return redirect("democracy:round_manage", pk=round_.pk)
        except ValidationError as error:
            refusals.on_form(form, error)
    return render(request, "democracy/round_form.html", {"form": form})


@role_required(*MANAGER_ROLES)
def round_manage(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = access_round(actor_of(request), pk)
    editable = round_.phase in services.EDITABLE_PHASES
    initial = {name: getattr(round_, name) for name in services.ROUND_OPTIONS}
    initial["version"] = round_.version
    status = 200
    settings_form = forms.RoundSettingsForm(
        request.POST if request.POST.get("form") == "settings" else None, initial=initial
    )
    category_form = forms.CategoryForm(
        request.POST if request.POST.get("form") == "category" else None, prefix="thema"
    )
    district_form = forms.DistrictCapForm(
        request.POST if request.POST.get("form") == "district" else None,
        round_=round_,
        prefix="gebied",
    )
    if request.method == "POST":
        try:
            if settings_form.is_bound and settings_form.is_valid():
                services.update_round(
                    actor_of(request),
                    round_,
                    expected_version=settings_form.cleaned_data["version"],
                    **settings_form.options(),
                )
                messages.success(request, _("De instellingen zijn opgeslagen."))
                return redirect("democracy:round_manage", pk=round_.pk)
            if category_form.is_bound and category_form.is_valid():
                services.set_category(actor_of(request), round_, **category_form.cleaned_data)
                messages.success(request, _("Het thema is opgeslagen."))
                return redirect("democracy:round_manage", pk=round_.pk)
            if district_form.is_bound and district_form.is_valid():
                services.set_district_cap(
                    actor_of(request),
                    district_form.cleaned_data["district"],
                    cap=district_form.cleaned_data["cap"],
                )
                messages.success(request, _("Het maximum per gebied is opgeslagen."))
                return redirect("democracy:round_manage", pk=round_.pk)
        except ValidationError as error:
            refusals.as_messages(request, error)
            if is_stale(error):
                round_.refresh_from_db()
                settings_form, status = _stale_settings_form(request, round_), 409
    projects = services.public_projects(round_)
    context = {
        "round": round_,
        "editable": editable,
        "settings_form": settings_form,
        "category_form": category_form,
        "district_form": district_form,
        "transition_form": forms.TransitionForm(),
        "next_phases": sorted(ROUND_TRANSITIONS[round_.phase]),
        "projects": projects,
        "districts": round_.districts.all(),
        "categories": round_.categories.all(),
        "history": round_.history.select_related("by"),
        "voters": round_.register.count(),
        "codes_issued": VotingCode.objects.filter(round=round_, revoked_at__isnull=True).count(),
    }
    return render(request, "democracy/round_manage.html", context, status=status)


def _stale_settings_form(request: HttpRequest, round_: BudgetRound) -> forms.RoundSettingsForm:
    """Someone saved the settings since this page was made: the settings as typed (nothing
    lost), on the round's new version, with what is saved now beside each setting that
    differs, so saving again is a deliberate choice."""
    data = request.POST.copy()
    data["version"] = str(round_.version)
    form = forms.RoundSettingsForm(data)
    if form.is_valid():
        for name, typed in form.options().items():
            saved = getattr(round_, name)
            if typed != saved:
                shown = "—" if saved in (None, "") else saved
                form.add_error(name, _("Intussen opgeslagen: %(value)s") % {"value": shown})
    return form


TRANSITION_VERBS = {
    Phase.PROPOSALS: "proposals",
    Phase.REVIEW: "review",
    Phase.VOTING: "voting",
    Phase.RESULT: "close",
    Phase.REALISATION: "realisation",
    Phase.FINISHED: "finish",
    Phase.CANCELLED: "cancel",
}


@require_POST
@role_required(*MANAGER_ROLES)
def round_transition(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = access_round(actor_of(request), pk)
    to = request.POST.get("to", "")
    note = request.POST.get("note", "")
    try:
        if to == Phase.PROPOSALS and round_.phase == Phase.REVIEW:
            services.reopen_proposals(actor_of(request), round_, note=note)
        elif to == Phase.PROPOSALS:
            services.open_proposals(actor_of(request), round_)
        elif to == Phase.REVIEW:
            services.start_review(actor_of(request), round_)
        elif to == Phase.VOTING:
            services.open_voting(actor_of(request), round_)
        elif to == Phase.RESULT:
            services.close_voting(actor_of(request), round_)
        elif to == Phase.REALISATION:
            services.start_realisation(actor_of(request), round_)
        elif to == Phase.FINISHED:
            services.finish_round(actor_of(request), round_)
        elif to == Phase.CANCELLED:
            services.cancel_round(actor_of(request), round_, note=note)
        else:
            raise ValidationError(_("Onbekende stap."))
        round_.refresh_from_db()
        messages.success(
            request,
            _("De ronde is nu in de fase '%(phase)s'.") % {"phase": round_.get_phase_display()},
        )
    except ValidationError as error:
        refusals.as_messages(request, error)
    return redirect("democracy:round_manage", pk=round_.pk)


@role_required(*MANAGER_ROLES)
def project_review(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_object_or_404(Project.objects.select_related("round"), pk=pk)
    initial = {"cost": project.cost, "reason": project.review_reason}
    if project.review_status != ReviewStatus.PENDING:
        initial["decision"] = project.review_status
    form = forms.ReviewForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.review_project(
                actor_of(request),
                project,
                feasible=form.cleaned_data["decision"] == "feasible",
                reason=form.cleaned_data["reason"],
                cost=form.cleaned_data["cost"],
            )
            messages.success(request, _("De toets is opgeslagen en gepubliceerd."))
            return redirect("democracy:round_manage", pk=project.round_id)
        except ValidationError as error:
            refusals.on_form(form, error)
    return render(
        request,
        "democracy/project_review.html",
        {"project": project, "round": project.round, "form": form},
    )


@role_required(*MANAGER_ROLES)
def realisation_update(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_object_or_404(Project.objects.select_related("round"), pk=pk)
    form = forms.RealisationForm(
        request.POST or None, initial={"status": project.realisation_status}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.add_realisation_update(actor_of(request), project, **form.cleaned_data)
            messages.success(request, _("De voortgang is bijgewerkt."))
            return redirect("democracy:project_detail", pk=project.pk)
        except ValidationError as error:
            refusals.on_form(form, error)
    return render(
        request,
        "democracy/realisation_form.html",
        {"project": project, "round": project.round, "form": form},
    )


@role_required(*MANAGER_ROLES)
def voting_codes(request: HttpRequest, pk: int) -> HttpResponse:
    """Print one-time codes for residents who vote on paper: the file holds names and
    addresses, so only policy officers make it, and the codes are never stored."""
    round_ = access_round(actor_of(request), pk)
    form = forms.IssueCodesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        residents = None
        if form.cleaned_data["scope"] == "one":
            residents = list(Resident.objects.filter(bsn=normalise_bsn(form.cleaned_data["bsn"])))
            if not residents:
                form.add_error("bsn", _("Er is geen inwoner met dit BSN."))
        if not form.errors:
            try:
                issued = services.issue_voting_codes(
                    actor_of(request),
                    round_,
                    residents=residents,
                )
                # The file shows their names and addresses: log it behind the door.
                registration.show(
                    actor_of(request),
                    [resident for resident, _code in issued],
                    authorisation=Authorisation.ADMINISTRATION,
                )
                if form.cleaned_data["format"] == "csv":
                    return _codes_csv(round_, issued)
                return _codes_pdf(request, round_, issued)
            except ValidationError as error:
                refusals.on_form(form, error)
    context = {
        "round": round_,
        "form": form,
        "issued": VotingCode.objects.filter(round=round_, revoked_at__isnull=True).count(),
        "used": VotingCode.objects.filter(round=round_, used_at__isnull=False).count(),
    }
    return render(request, "democracy/voting_codes.html", context)


def _codes_csv(round_: BudgetRound, issued: list[tuple[Resident, str]]) -> HttpResponse:
    response = _download(
        HttpResponse(content_type="text/csv; charset=utf-8"),
        f"stemcodes-ronde-{round_.pk}.csv",
        private=True,
    )
    writer = csv.writer(response, delimiter=";")
    writer.writerow(["naam", "adres", "postcode", "plaats", "stemcode"])
    for resident, code in issued:
        address = resident.household.address if resident.household else None
        writer.writerow(
            [
                resident.full_name,
                f"{address.street} {address.house_number}{address.house_letter}" if address else "",
                address.postcode if address else "",
                address.city if address else "",
                code,
            ]
        )
    return response


def _codes_pdf(
    request: HttpRequest, round_: BudgetRound, issued: list[tuple[Resident, str]]
) -> HttpResponse:
    pdf = render_pdf(
        "democracy/voting_codes_pdf.html",
        {
            "round": round_,
            "issued": issued,
            "vote_url": request.build_absolute_uri("/meedoen/stemcode/"),
        },
        request,
    )
    return _download(
        HttpResponse(pdf, content_type="application/pdf"),
        f"stemcodes-ronde-{round_.pk}.pdf",
        private=True,
    )


@role_required(*MANAGER_ROLES)
def round_import(request: HttpRequest) -> HttpResponse:
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        text = data.pop("file")
        try:
            round_ = services.import_pabulib(
                actor_of(request),
                text,
                municipality=_municipality(),
                **data,
            )
            messages.success(request, _("Het bestand is ingelezen en de uitslag is berekend."))
            return redirect("democracy:round_result", pk=round_.pk)
        except ValidationError as error:
            form.add_error("file", error)
    return render(request, "democracy/round_import.html", {"form": form})


@role_required(*EXPORTER_ROLES)
def round_export(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = access_round(actor_of(request), pk)
    try:
        text = services.export_pabulib(round_)
    except ValidationError as error:
        refusals.as_messages(request, error)
        return redirect("democracy:round_detail", pk=round_.pk)
    return _download(
        HttpResponse(text, content_type="text/plain; charset=utf-8"),
        f"leefwereld-ronde-{round_.pk}.pb",
    )


# ---------------------------------------------------------------------------------------
# Citizen initiatives
# ---------------------------------------------------------------------------------------

NEEDS = {
    "ruimte": "needs_room",
    "vergunning": "needs_permit",
    "geld": "needs_money",
    "contact": "needs_contact",
}


def initiative_list(request: HttpRequest) -> HttpResponse:
    initiatives = Initiative.objects.select_related("neighbourhood")
    neighbourhood = request.GET.get("wijk", "")
    need = request.GET.get("nodig", "")
    query = request.GET.get("zoek", "").strip()
    if (neighbourhood_id := parse_id(neighbourhood)) is not None:
        initiatives = initiatives.filter(neighbourhood_id=neighbourhood_id)
    if need in NEEDS:
        initiatives = initiatives.filter(**{NEEDS[need]: True})
    if query:
        initiatives = initiatives.filter(
            Q(title__icontains=query) | Q(description__icontains=query)
        )
    context = {
        "page": _page(request, initiatives),
        "neighbourhoods": Neighbourhood.objects.order_by("name"),
        "selected_neighbourhood": neighbourhood,
        "need": need,
        "query": query,
        "needs": [
            ("ruimte", _("een ruimte")),
            ("vergunning", _("een vergunning")),
            ("geld", _("geld")),
            ("contact", _("een contactpersoon")),
        ],
        "today": timezone.localdate(),
    }
    return render(request, "democracy/initiative_list.html", context)


def initiative_detail(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = get_object_or_404(Initiative.objects.select_related("neighbourhood"), pk=pk)
    user = request.user
    role = getattr(user, "role", None) if user.is_authenticated else None
    context = {
        "initiative": initiative,
        "today": timezone.localdate(),
        "related": initiative.related.select_related("neighbourhood"),
        "contacts": initiative.contacts.select_related("user"),
        "grants": initiative.grants.prefetch_related("indicators"),
        "rules": initiative.blocking_rules.annotate(support_count=Count("supports")),
        "history": initiative.history.all(),
        "is_manager": role in MANAGER_ROLES,
        "is_initiator": user.is_authenticated and initiative.initiator_id == user.pk,
        "may_help": role in CONTACT_ROLES,
        "logged_in": user.is_authenticated,
        "answer_form": forms.AnswerForm() if role in MANAGER_ROLES else None,
    }
    return render(request, "democracy/initiative_detail.html", context)


@role_required(*PARTICIPANT_ROLES)
def initiative_create(request: HttpRequest) -> HttpResponse:
    resident = services.resident_of(request.user)
    initial = {}
    if resident is not None and resident.household is not None:
        initial["neighbourhood"] = resident.household.address.neighbourhood_id
    form = forms.InitiativeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        municipality = _municipality_of(data["neighbourhood"])
        try:
            initiative = services.register_initiative(
                actor_of(request), municipality=municipality, **data
            )
            messages.success(
                request,
                _("Uw initiatief staat in het register. De gemeente antwoordt uiterlijk %(date)s.")
                % {"date": initiative.answer_due.strftime("%d-%m-%Y")},
            )
            return redirect("democracy:initiative_detail", pk=initiative.pk)
        except ValidationError as error:
            refusals.on_form(form, error)
    return render(request, "democracy/initiative_form.html", {"form": form})


@role_required(*MANAGER_ROLES)
def initiative_answer(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = get_object_or_404(Initiative, pk=pk)
    form = forms.AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_initiative(
                actor_of(request),
                initiative,
                yes=form.cleaned_data["answer"] == "yes",
                text=form.cleaned_data["text"],
            )
            messages.success(request, _("Het antwoord is opgeslagen en gepubliceerd."))
            return redirect("democracy:initiative_detail", pk=initiative.pk)
        except ValidationError as error:
            refusals.on_form(form, error)
    return render(
        request,
        "democracy/initiative_answer.html",
        {"initiative": initiative, "form": form, "today": timezone.localdate()},
    )


@login_required
def initiative_link(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = get_object_or_404(Initiative, pk=pk)
    if not may_edit_links(actor_of(request), initiative):
        raise PermissionDenied
    form = forms.LinkForm(request.POST or None, initiative=initiative)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "unlink":
                other = get_object_or_404(Initiative, pk=request.POST.get("other_pk"))
                services.unlink_initiatives(actor_of(request), initiative, other)
                messages.success(request, _("De koppeling is verwijderd."))
                return redirect("democracy:initiative_detail", pk=initiative.pk)
            if form.is_valid():
                services.link_initiatives(actor_of(request), initiative, form.cleaned_data["other"])
                messages.success(request, _("De initiatieven zijn gekoppeld."))
                return redirect("democracy:initiative_detail", pk=initiative.pk)
        except ValidationError as error:
            refusals.on_form(form, error)
    return render(
        request,
        "democracy/initiative_link.html",
        {"initiative": initiative, "form": form, "related": initiative.related.all()},
    )


@role_required(*CONTACT_PAGE_ROLES)
def initiative_contact(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = get_object_or_404(Initiative, pk=pk)
    user = actor_of(request).user
    form = forms.ContactForm(request.POST or None, may_choose=user.role in MANAGER_ROLES)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_initiative_contact(
                actor_of(request),
                initiative,
                professional=form.cleaned_data.get("professional"),
                note=form.cleaned_data["note"],
            )
            messages.success(request, _("De contactpersoon is gekoppeld."))
            return redirect("democracy:initiative_detail", pk=initiative.pk)
        except ValidationError as error:
            refusals.on_form(form, error)
    return render(
        request, "democracy/initiative_contact.html", {"initiative": initiative, "form": form}
    )


@role_required(*MANAGER_ROLES)
def grant_create(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = get_object_or_404(Initiative, pk=pk)
    form = forms.GrantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        indicators = form.indicators()
        if not form.errors:
            try:
                services.award_startup_grant(
                    actor_of(request),
                    initiative,
                    amount=form.cleaned_data["amount"],
                    purpose=form.cleaned_data["purpose"],
                    report_due=form.cleaned_data["report_due"],
                    indicators=indicators,
                )
                messages.success(
                    request, _("De startsubsidie en de afgesproken effecten zijn vastgelegd.")
                )
                return redirect("democracy:initiative_detail", pk=initiative.pk)
            except ValidationError as error:
                refusals.on_form(form, error)
    return render(request, "democracy/grant_form.html", {"initiative": initiative, "form": form})


@login_required
def grant_report(request: HttpRequest, pk: int) -> HttpResponse:
    grant = get_object_or_404(StartupGrant.objects.select_related("initiative"), pk=pk)
    if not may_report_effects(actor_of(request), grant):
        raise PermissionDenied
    indicators = list(grant.indicators.all())
    initial: dict[str, Any] = {}
    for i in indicators:
        initial[f"result_{i.pk}"] = i.result
        initial[f"note_{i.pk}"] = i.note
    form = forms.ReportEffectsForm(request.POST or None, initial=initial, indicators=indicators)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_effects(actor_of(request), grant, results=form.results())
            messages.success(request, _("Bedankt! De resultaten zijn opgeslagen."))
            return redirect("democracy:initiative_detail", pk=grant.initiative_id)
        except ValidationError as error:
            refusals.on_form(form, error)
    return render(
        request,
        "democracy/grant_report.html",
        {"grant": grant, "initiative": grant.initiative, "form": form},
    )


# ---------------------------------------------------------------------------------------
# Blocking rules
# ---------------------------------------------------------------------------------------


def rule_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    rules = services.blocking_rules_with_counts().order_by("-support_count", "-pk")
    if status in RuleStatus.values:
        rules = rules.filter(status=status)
    page = _page(request, rules)
    supported: set[int] = set()
    if request.user.is_authenticated:
        supported = set(
            BlockingRuleSupport.objects.filter(
                user=request.user, rule_id__in=[r.pk for r in page]
            ).values_list("rule_id", flat=True)
        )
    context = {
        "page": page,
        "supported": supported,
        "status": status,
        "statuses": RuleStatus.choices,
    }
    return render(request, "democracy/rule_list.html", context)


def rule_detail(request: HttpRequest, pk: int) -> HttpResponse:
    rule = get_object_or_404(services.blocking_rules_with_counts(), pk=pk)
    supported = (
        request.user.is_authenticated
        and BlockingRuleSupport.objects.filter(rule=rule, user=request.user).exists()
    )
    context = {
        "rule": rule,
        "supported": supported,
        "history": rule.history.all(),
        "is_manager": _is_manager(request),
        # Published: date, law, organisation and description; never who recorded it.
        "hardship": _page(request, rule.hardship_decisions.select_related("organisation")),
        "may_record_hardship": services.may_record_hardship(viewer(request)),
    }
    return render(request, "democracy/rule_detail.html", context)


@login_required
def rule_report(request: HttpRequest) -> HttpResponse:
    initial = {}
    if (initiative_id := parse_id(request.GET.get("initiatief"))) is not None:
        initial["initiative"] = initiative_id
    form = forms.BlockingRuleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        municipality = _municipality_of(data["neighbourhood"])
        try:
            rule = services.report_blocking_rule(
                actor_of(request), municipality=municipality, **data
            )
            messages.success(
                request, _("Bedankt voor uw melding. De regel staat nu in het register.")
            )
            return redirect("democracy:rule_detail", pk=rule.pk)
        except ValidationError as error:
            refusals.on_form(form, error)
    return render(request, "democracy/rule_form.html", {"form": form})


@require_POST
@login_required
def rule_support(request: HttpRequest, pk: int) -> HttpResponse:
    rule = get_object_or_404(BlockingRule, pk=pk)
    try:
        if request.POST.get("action") == "withdraw":
            services.withdraw_blocking_rule_support(actor_of(request), rule)
            messages.success(request, _("Uw steun is ingetrokken."))
        else:
            services.support_blocking_rule(actor_of(request), rule)
            messages.success(request, _("U loopt ook tegen deze regel aan: dat is genoteerd."))
    except ValidationError as error:
        refusals.as_messages(request, error)
    return redirect("democracy:rule_detail", pk=rule.pk)


@role_required(*MANAGER_ROLES)
def rule_status(request: HttpRequest, pk: int) -> HttpResponse:
    rule = get_object_or_404(services.blocking_rules_with_counts(), pk=pk)
    form = forms.RuleStatusForm(request.POST or None, rule=rule)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_blocking_rule_status(actor_of(request), rule, **form.cleaned_data)
            messages.success(request, _("Het besluit over de regel is gepubliceerd."))
            return redirect("democracy:rule_detail", pk=rule.pk)
        except ValidationError as error:
            refusals.on_form(form, error)
    return render(request, "democracy/rule_status.html", {"rule": rule, "form": form})


@role_required(*HARDSHIP_ROLES)
def rule_hardship(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a hardship decision under this rule (an anonymous fact; no edit page)."""
    rule = get_object_or_404(BlockingRule, pk=pk)
    form = forms.HardshipDecisionForm(request.POST or None, rule=rule, actor=actor_of(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.record_hardship_decision(actor_of(request), rule, **form.cleaned_data)
            messages.success(request, _("Het hardheidsbesluit staat nu bij deze regel."))
            return redirect("democracy:rule_detail", pk=rule.pk)
        except ValidationError as error:
            refusals.on_form(form, error)
    return render(request, "democracy/rule_hardship.html", {"rule": rule, "form": form})


@role_required(*COUNCIL_ROLES)
def council(request: HttpRequest) -> HttpResponse:
    """The council's view of participation: blocking rules with their counts first."""
    rules = list(services.blocking_rules_with_counts().order_by("-support_count", "-pk"))
    hardship = hooks.hardship_decisions_by_rule([r.pk for r in rules])
    status_counts = dict(
        BlockingRule.objects.values_list("status").annotate(n=Count("pk")).order_by()
    )
    rounds = (
        BudgetRound.objects.filter(is_analysis=False)
        .exclude(phase=Phase.DRAFT)
        .annotate(voter_count=Count("register", distinct=True))
        .select_related("result")
    )
    context = {
        "rules": [(rule, hardship.get(rule.pk, 0)) for rule in rules],
        "status_counts": [
            (label, status_counts.get(value, 0)) for value, label in RuleStatus.choices
        ],
        "initiatives": services.initiative_overview(),
        "rounds": rounds,
    }
    return render(request, "democracy/council.html", context)


# ---------------------------------------------------------------------------------------
# Right to challenge
# ---------------------------------------------------------------------------------------


def challenge_list(request: HttpRequest) -> HttpResponse:
    challenges = (
        Challenge.objects.select_related("neighbourhood")
        .annotate(member_count=Count("members", distinct=True))
        .order_by("-submitted_at", "-pk")
    )
    return render(request, "democracy/challenge_list.html", {"page": _page(request, challenges)})


def challenge_detail(request: HttpRequest, pk: int) -> HttpResponse:
    challenge = get_object_or_404(
        Challenge.objects.select_related("neighbourhood").annotate(
            member_count=Count("members", distinct=True)
        ),
        pk=pk,
    )
    user = request.user
    is_member = user.is_authenticated and challenge.members.filter(user=user).exists()
    context = {
        "challenge": challenge,
        "criteria": challenge.criteria.all(),
        "history": challenge.history.all(),
        "is_member": is_member,
        "may_join": getattr(user, "role", None) in PARTICIPANT_ROLES
        and not is_member
        and challenge.status in (ChallengeStatus.SUBMITTED, ChallengeStatus.ASSESSING),
        "is_manager": _is_manager(request),
    }
    return render(request, "democracy/challenge_detail.html", context)


@role_required(*PARTICIPANT_ROLES)
def challenge_create(request: HttpRequest) -> HttpResponse:
    form = forms.ChallengeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        municipality = _municipality_of(data["neighbourhood"])
        try:
            challenge = services.submit_challenge(
                actor_of(request), municipality=municipality, **data
            )
            messages.success(
                request,
                _("Uw bod is ingediend. De gemeente publiceert eerst hoe zij het beoordeelt."),
            )
            return redirect("democracy:challenge_detail", pk=challenge.pk)
        except ValidationError as error:
            refusals.on_form(form, error)
    return render(request, "democracy/challenge_form.html", {"form": form})


@require_POST
@role_required(*PARTICIPANT_ROLES)
def challenge_join(request: HttpRequest, pk: int) -> HttpResponse:
    challenge = get_object_or_404(Challenge, pk=pk)
    try:
        services.join_challenge(actor_of(request), challenge)
        messages.success(request, _("U doet mee met dit bod."))
    except ValidationError as error:
        refusals.as_messages(request, error)
    return redirect("democracy:challenge_detail", pk=challenge.pk)


@role_required(*MANAGER_ROLES)
def challenge_criteria(request: HttpRequest, pk: int) -> HttpResponse:
    challenge = get_object_or_404(Challenge, pk=pk)
    form = forms.CriteriaForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.publish_criteria(
                actor_of(request),
                challenge,
                criteria=form.criteria(),
                current_budget=form.cleaned_data["current_budget"],
            )
            messages.success(request, _("De criteria zijn gepubliceerd."))
            return redirect("democracy:challenge_detail", pk=challenge.pk)
        except ValidationError as error:
            refusals.on_form(form, error)
    return render(
        request, "democracy/challenge_criteria.html", {"challenge": challenge, "form": form}
    )


@role_required(*MANAGER_ROLES)
def challenge_decide(request: HttpRequest, pk: int) -> HttpResponse:
    challenge = get_object_or_404(Challenge.objects.prefetch_related(Prefetch("criteria")), pk=pk)
    criteria = list(challenge.criteria.all())
    form = forms.DecisionForm(request.POST or None, criteria=criteria)
    if request.method == "POST" and form.is_valid():
        try:
            services.decide_challenge(
                actor_of(request),
                challenge,
                granted=form.cleaned_data["granted"] == "yes",
                reasons=form.cleaned_data["reasons"],
                assessments=form.assessments(),
            )
            messages.success(request, _("Het besluit is gepubliceerd."))
            return redirect("democracy:challenge_detail", pk=challenge.pk)
        except ValidationError as error:
            refusals.on_form(form, error)
    return render(
        request,
        "democracy/challenge_decide.html",
        {"challenge": challenge, "form": form, "criteria": criteria},
    )
