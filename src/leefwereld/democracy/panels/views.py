"""Pages of the citizen panels: public pages (no login) and the municipality's pages.

Views parse input and render; every change goes through a verb in services.py.
"""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from leefwereld.core import refusals
from leefwereld.core.access import role_required
from leefwereld.core.actor import actor_of
from leefwereld.core.models import Municipality
from leefwereld.core.pdf import render_pdf
from leefwereld.vault import registration
from leefwereld.vault.access import Authorisation

from . import lifecycle, public, selection, services
from .authorisation import MANAGER_ROLES, access_panel, access_run, visible_panels
from .forms import (
    AnswerForm,
    AttendanceForm,
    CategoryForm,
    ImplementationForm,
    InvitationForm,
    MeetingForm,
    MemberCodeForm,
    NewPanelForm,
    PanelForm,
    PoolImportForm,
    QuotaBoundsForm,
    RecommendationForm,
    RecordVotesForm,
    RegistrationForm,
    SeedForm,
    SelectionSettingsForm,
    VoteForm,
)
from .models import Panel, Recommendation, SelectionRun, Volunteer

POOL_PAGE_SIZE = 100


# --- public -------------------------------------------------------------------------------


def panel_list(request: HttpRequest) -> HttpResponse:
    """Every panel past its preparation, for anyone."""
    panels = visible_panels(None).select_related(None).only("title", "size", "status", "created_at")
    return render(request, "panels/list.html", {"panels": panels.order_by("-created_at")})


def _public_panel(pk: int) -> Panel:
    """A panel as the public sees it (drafts are 404, also for the managers)."""
    return access_panel(None, pk)


def panel_public(request: HttpRequest, pk: int) -> HttpResponse:
    panel = _public_panel(pk)
    return render(
        request,
        "panels/public.html",
        {
            "panel": panel,
            "summary": public.summary(panel),
            "story": public.status_story(panel, timezone.localdate()),
            "meetings": list(panel.meetings.all()) if panel.status == Panel.Status.DRAWN else [],
            "today": timezone.localdate(),
            "advice": lifecycle.public_recommendations(panel, timezone.localdate()),
        },
    )


def _lottery_response(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def lottery_file(request: HttpRequest, pk: int) -> HttpResponse:
    """The exact file whose hash was published: anyone verifies the draw with it."""
    panel = _public_panel(pk)
    if panel.published_run_id is None:
        raise Http404
    run = SelectionRun.objects.only("lottery_text").get(pk=panel.published_run_id)
    return _lottery_response(run.lottery_text, public.lottery_filename(panel))


def replacement_file(request: HttpRequest, pk: int, round_number: int) -> HttpResponse:
    """The published lottery of a round of replacements."""
    panel = _public_panel(pk)
    draw = get_object_or_404(
        panel.draws.only("lottery_text"), round=round_number, kind="replacement"
    )
    return _lottery_response(draw.lottery_text, public.lottery_filename(panel, round_number))


def register(request: HttpRequest, pk: int) -> HttpResponse:
    """A resident with a letter joins the pool. Public: the code is the key."""
    panel = _public_panel(pk)
    if not services.registration_open(panel):
        return render(
            request,
            "panels/register_closed.html",
            {"panel": panel, "story": public.status_story(panel, timezone.localdate())},
        )
    form = RegistrationForm(services.form_categories(panel), request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            volunteer = services.register_volunteer(
                panel,
                code=data["code"],
                name=data["name"],
                email=data["email"],
                phone=data["phone"],
                address=data["address"],
                postcode=data["postcode"],
                features=form.features(),
            )
        except ValidationError as error:
            refusals.on_form(form, error)
        else:
            # Shown once on the next page: the volunteer's own anonymous code.
            request.session["panels_public_id"] = volunteer.public_id
            return redirect("panels:registered", pk=panel.pk)
    return render(request, "panels/register.html", {"panel": panel, "form": form})


def registered(request: HttpRequest, pk: int) -> HttpResponse:
    public_id = request.session.pop("panels_public_id", None)
    return render(
        request, "panels/registered.html", {"panel": _public_panel(pk), "public_id": public_id}
    )


# --- the municipality's pages -------------------------------------------------------------


def _panel(request: HttpRequest, pk: int) -> Panel:
    return access_panel(actor_of(request), pk)


@role_required(*MANAGER_ROLES)
def manage(request: HttpRequest) -> HttpResponse:
    panels = visible_panels(actor_of(request)).order_by("-created_at")
    return render(request, "panels/manage_list.html", {"panels": panels})


@role_required(*MANAGER_ROLES)
def panel_create(request: HttpRequest) -> HttpResponse:
    form = NewPanelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        municipality = Municipality.objects.order_by("pk").first()
        if municipality is None:
            raise Http404
        try:
            panel = services.create_panel(
                actor_of(request),
                municipality=municipality,
                title=data["title"],
                question=data["question"],
                size=data["size"],
                method=data["method"],
                max_probability_percent=data["max_probability_percent"],
                registration_deadline=data["registration_deadline"],
                answer_working_days=data["answer_working_days"],
                categories=data["categories"],
                theme_label=data["theme_label"],
                theme_groups=data["theme_groups"],
            )
        except ValidationError as error:
            refusals.on_form(form, error)
        else:
            messages.success(
                request,
                _(
                    "Het panel is aangemaakt. Kijk de voorgestelde quota na en pas ze aan waar "
                    "nodig."
                ),
            )
            return redirect("panels:quotas", pk=panel.pk)
    return render(request, "panels/panel_form.html", {"form": form, "panel": None})


@role_required(*MANAGER_ROLES)
def panel_edit(request: HttpRequest, pk: int) -> HttpResponse:
    panel = _panel(request, pk)
    form = PanelForm(request.POST or None, instance=_panel(request, pk))
    if request.method == "POST" and form.is_valid():
        changed = {name: form.cleaned_data[name] for name in form.changed_data}
        try:
            if changed:
                services.update_panel(actor_of(request), panel, **changed)
        except ValidationError as error:
            refusals.on_form(form, error)
        else:
            messages.success(request, _("De gegevens van het panel zijn opgeslagen."))
            return redirect("panels:manage_panel", pk=panel.pk)
    return render(request, "panels/panel_form.html", {"form": form, "panel": panel})


@role_required(*MANAGER_ROLES)
def manage_panel(request: HttpRequest, pk: int) -> HttpResponse:
    panel = _panel(request, pk)
    summary = public.summary(panel)
    context = {
        "panel": panel,
        "summary": summary,
        "invitations": panel.invitations.count(),
        "registrations": panel.invitations.filter(used_at__isnull=False).count(),
        "run": services.latest_run(panel),
        "problems": services.quota_problems(panel),
        "events": panel.events.select_related("actor").order_by("-at", "-pk")[:15],
    }
    return render(request, "panels/manage.html", context)


@require_POST
@role_required(*MANAGER_ROLES)
def transition(request: HttpRequest, pk: int) -> HttpResponse:
    panel = _panel(request, pk)
    try:
        panel = services.transition_panel(actor_of(request), panel, request.POST.get("to", ""))
    except ValidationError as error:
        refusals.as_messages(request, error)
    else:
        messages.success(
            request,
            _("Het panel staat nu op: %(status)s.") % {"status": panel.get_status_display()},
        )
    return redirect("panels:manage_panel", pk=panel.pk)


@role_required(*MANAGER_ROLES)
def quotas(request: HttpRequest, pk: int) -> HttpResponse:
    panel = _panel(request, pk)
    form = QuotaBoundsForm(panel, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_quotas(actor_of(request), panel, form.bounds())
        except ValidationError as error:
            refusals.on_form(form, error)
        else:
            messages.success(request, _("De quota zijn opgeslagen."))
            return redirect("panels:quotas", pk=panel.pk)
    return render(
        request,
        "panels/quotas.html",
        {
            "panel": panel,
            "form": form,
            "category_form": CategoryForm(),
            "problems": services.quota_problems(panel),
            "categories_editable": panel.status == Panel.Status.DRAFT
            and not panel.volunteers.exists(),
            "editable": panel.status not in (Panel.Status.PUBLISHED, Panel.Status.DRAWN),
        },
    )


@require_POST
@role_required(*MANAGER_ROLES)
def resuggest(request: HttpRequest, pk: int) -> HttpResponse:
    panel = _panel(request, pk)
    try:
        services.resuggest_quotas(actor_of(request), panel)
    except ValidationError as error:
        refusals.as_messages(request, error)
    else:
        messages.success(request, _("De quota zijn opnieuw voorgesteld uit de bevolkingscijfers."))
    return redirect("panels:quotas", pk=panel.pk)


@require_POST
@role_required(*MANAGER_ROLES)
def add_category(request: HttpRequest, pk: int) -> HttpResponse:
    panel = _panel(request, pk)
    form = CategoryForm(request.POST)
    if form.is_valid():
        try:
            services.add_category(
                actor_of(request),
                panel,
                label=form.cleaned_data["label"],
                question=form.cleaned_data["question"],
                values=form.cleaned_data["values"],
            )
        except ValidationError as error:
            refusals.as_messages(request, error)
        else:
            messages.success(request, _("Het kenmerk is toegevoegd."))
    else:
        for errors in form.errors.values():
            # An ErrorList yields its messages as str; the stubs type its items as
            # ValidationError too.
            for message in errors:
                messages.error(request, cast(str, message))
    return redirect("panels:quotas", pk=panel.pk)


@require_POST
@role_required(*MANAGER_ROLES)
def remove_category(request: HttpRequest, pk: int, category_pk: int) -> HttpResponse:
    panel = _panel(request, pk)
    category = get_object_or_404(panel.categories, pk=category_pk)
    try:
        services.remove_category(actor_of(request), category)
    except ValidationError as error:
        refusals.as_messages(request, error)
    else:
        messages.success(request, _("Het kenmerk is verwijderd."))
    return redirect("panels:quotas", pk=panel.pk)


@role_required(*MANAGER_ROLES)
def invite(request: HttpRequest, pk: int) -> HttpResponse:
    """Draw a stratified sample and return its letters as one PDF; only code hashes stay."""
    panel = _panel(request, pk)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            letters = services.send_invitations(
                actor_of(request),
                panel,
                form.cleaned_data["count"],
            )
        except ValidationError as error:
            refusals.on_form(form, error)
        else:
            return _letters_pdf(request, panel, letters)
    batches = panel.invitations.values_list("batch", flat=True).order_by("batch").distinct()
    return render(
        request,
        "panels/invite.html",
        {
            "panel": panel,
            "form": form,
            "invitations": panel.invitations.count(),
            "batches": len(batches),
            "registrations": panel.invitations.filter(used_at__isnull=False).count(),
        },
    )


def _letters_pdf(
    request: HttpRequest, panel: Panel, letters: list[services.Letter]
) -> HttpResponse:
    # The letters name residents and their addresses: log it behind the vault's door.
    registration.show(
        actor_of(request),
        [letter.resident for letter in letters],
        authorisation=Authorisation.ADMINISTRATION,
    )
    pdf = render_pdf(
        "panels/letters_pdf.html",
        {
            "panel": panel,
            "letters": letters,
            "register_url": request.build_absolute_uri(f"/burgerpanels/{panel.pk}/aanmelden/"),
            "today": timezone.localdate(),
        },
        request,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="uitnodigingen-burgerpanel-{panel.pk}.pdf"'
    )
    # The codes exist only in this file: never cache it.
    response["Cache-Control"] = "no-store"
    return response


@role_required(*MANAGER_ROLES)
def pool(request: HttpRequest, pk: int) -> HttpResponse:
    panel = _panel(request, pk)
    volunteers = panel.volunteers.order_by("status", "public_id")
    categories = list(panel.categories.prefetch_related("quotas"))
    return render(
        request,
        "panels/pool.html",
        {
            "panel": panel,
            "page": Paginator(volunteers, POOL_PAGE_SIZE).get_page(request.GET.get("pagina")),
            "categories": categories,
            "labels": {c.key: {q.value: q.label for q in c.quotas.all()} for c in categories},
            "import_form": PoolImportForm(),
            "pool_open": panel.status not in (Panel.Status.PUBLISHED, Panel.Status.DRAWN),
        },
    )


@require_POST
@role_required(*MANAGER_ROLES)
def import_pool(request: HttpRequest, pk: int) -> HttpResponse:
    panel = _panel(request, pk)
    form = PoolImportForm(request.POST, request.FILES)
    problems: list[str] = []
    if form.is_valid():
        try:
            count = services.import_pool_csv(
                actor_of(request),
                panel,
                form.cleaned_data["file"].read(),
            )
        except services.PoolImportError as error:
            problems = error.problems
        except ValidationError as error:
            problems = [str(m) for m in error.messages]
        else:
            messages.success(
                request, _("%(count)s mensen aan de pool toegevoegd.") % {"count": count}
            )
            return redirect("panels:pool", pk=panel.pk)
    else:
        problems = [_("Kies een CSV-bestand.")]
    return render(
        request, "panels/import_errors.html", {"panel": panel, "problems": problems}, status=400
    )


@require_POST
@role_required(*MANAGER_ROLES)
def withdraw(request: HttpRequest, pk: int, volunteer_pk: int) -> HttpResponse:
    panel = _panel(request, pk)
    volunteer = get_object_or_404(panel.volunteers, pk=volunteer_pk)
    try:
        services.withdraw_volunteer(actor_of(request), volunteer)
    except ValidationError as error:
        refusals.as_messages(request, error)
    else:
        messages.success(request, _("%(id)s doet niet meer mee.") % {"id": volunteer.public_id})
    return redirect("panels:pool", pk=panel.pk)


@role_required(*MANAGER_ROLES)
def selection_page(request: HttpRequest, pk: int) -> HttpResponse:
    panel = _panel(request, pk)
    form = SelectionSettingsForm(request.POST or None, instance=_panel(request, pk))
    if request.method == "POST" and form.is_valid():
        changed = {name: form.cleaned_data[name] for name in form.changed_data}
        try:
            if changed:
                services.update_panel(actor_of(request), panel, **changed)
        except ValidationError as error:
            refusals.on_form(form, error)
        else:
            messages.success(request, _("De instellingen zijn opgeslagen."))
            return redirect("panels:selection", pk=panel.pk)
    runs = panel.runs.select_related("created_by").order_by("-created_at", "-pk")[:10]
    return render(
        request,
        "panels/selection.html",
        {
            "panel": panel,
            "form": form,
            "runs": runs,
            "active": services.active_run(panel),
            "pool_size": panel.volunteers.filter(status=Volunteer.Status.POOL).count(),
        },
    )


@require_POST
@role_required(*MANAGER_ROLES)
def start_selection(request: HttpRequest, pk: int) -> HttpResponse:
    panel = _panel(request, pk)
    try:
        run = services.start_selection(actor_of(request), panel)
    except ValidationError as error:
        refusals.as_messages(request, error)
        return redirect("panels:selection", pk=panel.pk)
    return redirect("panels:run", run_pk=run.pk)


def _run(request: HttpRequest, run_pk: int) -> SelectionRun:
    return access_run(actor_of(request), run_pk)


def _run_context(run: SelectionRun) -> dict:
    current = run.panel.status == Panel.Status.CLOSED and run.input_digest == services.input_digest(
        run.panel
    )
    return {
        "run": run,
        "panel": run.panel,
        "progress_text": selection.describe_progress(run.message),
        "probabilities": sorted(run.probabilities.items())
        if run.status == SelectionRun.Status.DONE
        else [],
        "current": current,
    }


@role_required(*MANAGER_ROLES)
def run_detail(request: HttpRequest, run_pk: int) -> HttpResponse:
    return render(request, "panels/run.html", _run_context(_run(request, run_pk)))


@role_required(*MANAGER_ROLES)
def run_progress(request: HttpRequest, run_pk: int) -> HttpResponse:
    """The progress bar alone, polled by htmx every 2 seconds until the run has finished."""
    return render(
        request,
        "panels/includes/run_body.html",
        {**_run_context(_run(request, run_pk)), "polled": True},
    )


@require_POST
@role_required(*MANAGER_ROLES)
def cancel_run(request: HttpRequest, run_pk: int) -> HttpResponse:
    run = services.cancel_selection(actor_of(request), _run(request, run_pk))
    if run.status == SelectionRun.Status.CANCELLED:
        messages.success(request, _("De berekening is gestopt."))
    elif run.cancel_requested and not run.is_finished:
        messages.success(request, _("De berekening stopt zo snel mogelijk."))
    return redirect("panels:run", run_pk=run.pk)


@require_POST
@role_required(*MANAGER_ROLES)
def relax(request: HttpRequest, run_pk: int) -> HttpResponse:
    run = _run(request, run_pk)
    try:
        services.apply_relaxation(actor_of(request), run)
    except ValidationError as error:
        refusals.as_messages(request, error)
        return redirect("panels:run", run_pk=run.pk)
    messages.success(request, _("De quota zijn aangepast. Reken de selectie opnieuw uit."))
    return redirect("panels:selection", pk=run.panel_id)


@require_POST
@role_required(*MANAGER_ROLES)
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    panel = _panel(request, pk)
    try:
        services.publish_lottery(actor_of(request), panel)
    except ValidationError as error:
        refusals.as_messages(request, error)
        return redirect("panels:selection", pk=panel.pk)
    messages.success(
        request, _("De loting is bekendgemaakt. Iedereen ziet nu de hash op de openbare pagina.")
    )
    return redirect("panels:draw", pk=panel.pk)


@role_required(*MANAGER_ROLES)
def draw(request: HttpRequest, pk: int) -> HttpResponse:
    """Two officials enter the numbers drawn at the public meeting; then the draw is made."""
    panel = _panel(request, pk)
    user = actor_of(request).user
    form = SeedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.enter_seed(actor_of(request), panel, form.cleaned_data["numbers"])
        except ValidationError as error:
            refusals.on_form(form, error)
        else:
            if entry.mismatch:
                messages.error(
                    request,
                    _(
                        "Deze getallen zijn anders dan die van de eerste ambtenaar. Voer ze "
                        "allebei opnieuw in."
                    ),
                )
            elif entry.confirmed:
                messages.success(request, _("De getallen kloppen. De trekking is gedaan."))
            else:
                messages.success(
                    request,
                    _(
                        "Uw getallen zijn opgeslagen. Nu voert een tweede ambtenaar dezelfde "
                        "getallen in."
                    ),
                )
            return redirect("panels:draw", pk=panel.pk)
    panel = _panel(request, pk)
    waiting = services.open_draw(panel)
    members = panel.volunteers.filter(
        status__in=[Volunteer.Status.SELECTED, Volunteer.Status.DROPPED_OUT]
    ).order_by("status", "public_id")
    dropouts = services.open_dropouts(panel)
    return render(
        request,
        "panels/draw.html",
        {
            "panel": panel,
            "form": form,
            "waiting": waiting,
            "entered_by_me": waiting is not None and waiting.first_official_id == user.pk,
            "summary": public.summary(panel),
            "members": members,
            "dropouts": dropouts,
            "can_prepare": panel.status == Panel.Status.DRAWN
            and waiting is None
            and bool(dropouts),
        },
    )


@require_POST
@role_required(*MANAGER_ROLES)
def prepare_replacements(request: HttpRequest, pk: int) -> HttpResponse:
    panel = _panel(request, pk)
    try:
        services.prepare_replacements(actor_of(request), panel)
    except ValidationError as error:
        refusals.as_messages(request, error)
    else:
        messages.success(
            request,
            _(
                "De loting voor vervangers is bekendgemaakt. Trek nu in het openbaar nieuwe "
                "getallen."
            ),
        )
    return redirect("panels:draw", pk=panel.pk)


@require_POST
@role_required(*MANAGER_ROLES)
def dropout(request: HttpRequest, pk: int, volunteer_pk: int) -> HttpResponse:
    panel = _panel(request, pk)
    volunteer = get_object_or_404(panel.volunteers, pk=volunteer_pk)
    try:
        services.report_dropout(actor_of(request), volunteer)
    except ValidationError as error:
        refusals.as_messages(request, error)
    else:
        messages.success(
            request,
            _(
                "%(id)s heeft zich afgemeld. Maak de loting voor vervangers als bekend is wie "
                "zich allemaal afmelden."
            )
            % {"id": volunteer.public_id},
        )
    return redirect("panels:draw", pk=panel.pk)


# --- after the draw: meetings, advice, the college's answer (issue 19) ---------------------


def recommendation_public(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """One recommendation as the public and the council see it: text, support, answer,
    deadline (late shown as late) and every implementation step."""
    panel = _public_panel(pk)
    today = timezone.localdate()
    views_ = lifecycle.recommendation_views(
        panel.recommendations.filter(number=number, status__in=lifecycle.PUBLIC_STATUSES), today
    )
    if not views_:
        raise Http404
    return render(
        request,
        "panels/recommendation_public.html",
        {"panel": panel, "item": views_[0], "today": today},
    )


def accountability(request: HttpRequest) -> HttpResponse:
    """Every published recommendation of every panel, its answer and implementation: what
    the council follows (Decidim's accountability, for panels)."""
    today = timezone.localdate()
    recommendations = Recommendation.objects.filter(
        status__in=lifecycle.PUBLIC_STATUSES, panel__in=visible_panels(None)
    ).order_by("-published_on", "panel_id", "number")
    items = lifecycle.recommendation_views(recommendations, today)
    counts = {
        "total": len(items),
        "late": sum(1 for i in items if i.late),
        "open": sum(1 for i in items if i.recommendation.answered_on is None),
        "adopted": sum(
            1 for i in items if i.recommendation.decision in ("adopted", "adopted_with_changes")
        ),
        "done": sum(1 for i in items if i.current and i.current.status == "done"),
    }
    return render(
        request, "panels/accountability.html", {"items": items, "counts": counts, "today": today}
    )


MEMBER_SESSION = "panels_member_{pk}"


def _member(request: HttpRequest, panel: Panel) -> Volunteer | None:
    volunteer_pk = request.session.get(MEMBER_SESSION.format(pk=panel.pk))
    if volunteer_pk is None:
        return None
    return lifecycle.members(panel).filter(pk=volunteer_pk).first()


def member(request: HttpRequest, pk: int) -> HttpResponse:
    """A panel member's own page: signs in with the code from their letter, sees the next
    meeting and votes on the recommendations put to the vote."""
    panel = _public_panel(pk)
    today = timezone.localdate()
    form = MemberCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            signed_in = lifecycle.member_by_code(panel, form.cleaned_data["code"])
        except ValidationError as error:
            refusals.on_form(form, error)
        else:
            request.session.cycle_key()  # a new session for a signed-in member
            request.session[MEMBER_SESSION.format(pk=panel.pk)] = signed_in.pk
            return redirect("panels:member", pk=panel.pk)
    volunteer = _member(request, panel)
    voting: list[tuple[Recommendation, str]] = []
    if volunteer is not None:
        mine = dict(volunteer.votes.values_list("recommendation_id", "choice"))
        voting = [
            (r, mine.get(r.pk, ""))
            for r in panel.recommendations.filter(status=Recommendation.Status.VOTING)
        ]
    return render(
        request,
        "panels/member.html",
        {
            "panel": panel,
            "form": form,
            "member": volunteer,
            "next_meeting": lifecycle.next_meeting(panel, today) if volunteer else None,
            "voting": voting,
            "vote_form": VoteForm(),
        },
    )


@require_POST
def member_vote(request: HttpRequest, pk: int, recommendation_pk: int) -> HttpResponse:
    panel = _public_panel(pk)
    volunteer = _member(request, panel)
    if volunteer is None:
        return redirect("panels:member", pk=panel.pk)
    recommendation = get_object_or_404(panel.recommendations, pk=recommendation_pk)
    form = VoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kies voor, tegen of onthouding."))
        return redirect("panels:member", pk=panel.pk)
    try:
        lifecycle.cast_vote(volunteer, recommendation, form.cleaned_data["choice"])
    except ValidationError as error:
        refusals.as_messages(request, error)
    else:
        messages.success(
            request,
            _("Uw stem op aanbeveling %(number)s is opgeslagen.")
            % {"number": recommendation.number},
        )
    return redirect("panels:member", pk=panel.pk)


@role_required(*MANAGER_ROLES)
def meetings(request: HttpRequest, pk: int) -> HttpResponse:
    panel = _panel(request, pk)
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            lifecycle.plan_meeting(actor_of(request), panel, **form.cleaned_data)
        except ValidationError as error:
            refusals.on_form(form, error)
        else:
            messages.success(request, _("De bijeenkomst is gepland."))
            return redirect("panels:meetings", pk=panel.pk)
    rows = list(
        panel.meetings.annotate(
            present=Count("attendances", filter=Q(attendances__present=True)),
            travel=Sum("attendances__travel_cents"),
            care=Sum("attendances__care_cents"),
        )
    )
    for row in rows:
        row.allowance_cents = (row.travel or 0) + (row.care or 0)  # type: ignore[attr-defined]
    total = sum(row.allowance_cents for row in rows)  # type: ignore[attr-defined]
    return render(
        request,
        "panels/meetings.html",
        {"panel": panel, "form": form, "meetings": rows, "total_cents": total},
    )


@role_required(*MANAGER_ROLES)
def meeting(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    """Attendance and allowances of one meeting (names members: the municipality's page)."""
    panel = _panel(request, pk)
    the_meeting = get_object_or_404(panel.meetings, pk=meeting_pk)
    people = list(lifecycle.members(panel))
    existing = {a.volunteer_id: a for a in the_meeting.attendances.all()}
    form = AttendanceForm(people, existing, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            lifecycle.record_attendance(actor_of(request), the_meeting, form.lines())
        except ValidationError as error:
            refusals.on_form(form, error)
        else:
            messages.success(request, _("Aanwezigheid en vergoedingen zijn vastgelegd."))
            return redirect("panels:meeting", pk=panel.pk, meeting_pk=the_meeting.pk)
    return render(
        request, "panels/meeting.html", {"panel": panel, "meeting": the_meeting, "form": form}
    )


@role_required(*MANAGER_ROLES)
def advice(request: HttpRequest, pk: int) -> HttpResponse:
    panel = _panel(request, pk)
    form = RecommendationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            recommendation = lifecycle.draft_recommendation(
                actor_of(request), panel, **form.cleaned_data
            )
        except ValidationError as error:
            refusals.on_form(form, error)
        else:
            return redirect(
                "panels:recommendation", pk=panel.pk, recommendation_pk=recommendation.pk
            )
    items = lifecycle.recommendation_views(panel.recommendations.all(), timezone.localdate())
    return render(request, "panels/advice.html", {"panel": panel, "form": form, "items": items})


def _recommendation(request: HttpRequest, pk: int, recommendation_pk: int):
    panel = _panel(request, pk)
    return panel, get_object_or_404(panel.recommendations, pk=recommendation_pk)


def _recommendation_page(
    request: HttpRequest,
    panel: Panel,
    recommendation: Recommendation,
    *,
    votes_form: RecordVotesForm | None = None,
    answer_form: AnswerForm | None = None,
    implementation_form: ImplementationForm | None = None,
) -> HttpResponse:
    today = timezone.localdate()
    item = lifecycle.recommendation_views(
        Recommendation.objects.filter(pk=recommendation.pk), today
    )[0]
    if votes_form is None:
        existing = dict(recommendation.votes.values_list("volunteer_id", "choice"))
        votes_form = RecordVotesForm(list(lifecycle.members(panel)), existing)
    return render(
        request,
        "panels/recommendation.html",
        {
            "panel": panel,
            "item": item,
            "recommendation": item.recommendation,
            "votes_form": votes_form,
            "answer_form": answer_form or AnswerForm(),
            "implementation_form": implementation_form
            or ImplementationForm(initial={"date": today}),
            "today": today,
        },
    )


@role_required(*MANAGER_ROLES)
def recommendation(request: HttpRequest, pk: int, recommendation_pk: int) -> HttpResponse:
    """One recommendation for the municipality: the vote in the room (names members), the
    steps, the college's answer and the implementation."""
    panel, the_recommendation = _recommendation(request, pk, recommendation_pk)
    if request.method == "POST":
        form = RecordVotesForm(list(lifecycle.members(panel)), {}, request.POST)
        if form.is_valid():
            try:
                lifecycle.record_votes(actor_of(request), the_recommendation, form.choices())
            except ValidationError as error:
                refusals.on_form(form, error)
            else:
                messages.success(request, _("De stemmen zijn vastgelegd."))
                return redirect(request.path)
        return _recommendation_page(request, panel, the_recommendation, votes_form=form)
    return _recommendation_page(request, panel, the_recommendation)


STEPS = {
    "voting": lifecycle.open_voting,
    "close": lifecycle.close_voting,
    "redraft": lifecycle.redraft,
}


@require_POST
@role_required(*MANAGER_ROLES)
def recommendation_step(request: HttpRequest, pk: int, recommendation_pk: int) -> HttpResponse:
    panel, the_recommendation = _recommendation(request, pk, recommendation_pk)
    step = request.POST.get("to", "")
    try:
        if step == "publish":
            lifecycle.publish_recommendation(
                actor_of(request), the_recommendation, timezone.localdate()
            )
        elif step in STEPS:
            STEPS[step](actor_of(request), the_recommendation)
        else:
            raise ValidationError(_("Deze stap bestaat niet."))
    except ValidationError as error:
        refusals.as_messages(request, error)
    return redirect("panels:recommendation", pk=panel.pk, recommendation_pk=the_recommendation.pk)


@require_POST
@role_required(*MANAGER_ROLES)
def answer(request: HttpRequest, pk: int, recommendation_pk: int) -> HttpResponse:
    """The college's answer, entered by the policy officer once the college decided."""
    panel, the_recommendation = _recommendation(request, pk, recommendation_pk)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            lifecycle.answer_recommendation(
                actor_of(request),
                the_recommendation,
                decision=form.cleaned_data["decision"],
                reasons=form.cleaned_data["reasons"],
                today=timezone.localdate(),
            )
        except ValidationError as error:
            refusals.on_form(form, error)
        else:
            messages.success(request, _("Het antwoord van het college is gepubliceerd."))
            return redirect(
                "panels:recommendation", pk=panel.pk, recommendation_pk=the_recommendation.pk
            )
    return _recommendation_page(request, panel, the_recommendation, answer_form=form)


@require_POST
@role_required(*MANAGER_ROLES)
def implementation(request: HttpRequest, pk: int, recommendation_pk: int) -> HttpResponse:
    panel, the_recommendation = _recommendation(request, pk, recommendation_pk)
    form = ImplementationForm(request.POST)
    if form.is_valid():
        try:
            lifecycle.update_implementation(
                actor_of(request), the_recommendation, **form.cleaned_data
            )
        except ValidationError as error:
            refusals.on_form(form, error)
        else:
            messages.success(request, _("De stand van uitvoering is bijgewerkt."))
            return redirect(
                "panels:recommendation", pk=panel.pk, recommendation_pk=the_recommendation.pk
            )
    return _recommendation_page(request, panel, the_recommendation, implementation_form=form)
