"""Pages of the citizen panels: public pages (no login) and the municipality's pages.

Views parse input and render; every change goes through a verb in services.py.
"""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
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

from . import public, selection, services
from .authorisation import MANAGER_ROLES, access_panel, access_run, visible_panels
from .forms import (
    CategoryForm,
    InvitationForm,
    NewPanelForm,
    PanelForm,
    PoolImportForm,
    QuotaBoundsForm,
    RegistrationForm,
    SeedForm,
    SelectionSettingsForm,
)
from .models import Panel, SelectionRun, Volunteer

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
