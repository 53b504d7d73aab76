"""The money layer's pages. Thin: parse, call a verb, render."""

from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db.models import Count, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from leefwereld.core.access import role_required
from leefwereld.core.actor import actor_of
from leefwereld.core.numbers import format_euros, parse_int
from leefwereld.core.refusals import act, on_form
from leefwereld.support.models import Decision
from leefwereld.vault.access import AccessDenied

from . import authorisation as authz
from . import codes, forms, sepa, services
from .authorisation import CONTROLLERS, DECIDERS, FIGURES, OWN, PROFESSIONALS, PROVIDERS
from .models import (
    Allocation,
    BudgetYear,
    Declaration,
    DeclarationLine,
    HardshipProposal,
    PaymentBatch,
)


def _year(request: HttpRequest) -> int:
    try:
        return parse_int(request.GET.get("jaar", ""), "jaar", minimum=2000, maximum=2100)
    except ValueError:
        return services.today().year


# --- the resident -------------------------------------------------------------------------


@role_required(*OWN)
def mine(request: HttpRequest) -> HttpResponse:
    allocations = (
        authz.visible_allocations(actor_of(request))
        .select_related("provider__organisation")
        .order_by("-ends_on", "-pk")
    )
    return render(
        request, "finance/mine.html", {"allocations": allocations, "today": services.today()}
    )


# --- the professional ---------------------------------------------------------------------


@role_required(*PROFESSIONALS)
def reassessments(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    rows = services.reassessments(actor)[:200]
    waiting = authz.decisions_without_allocation(actor)[:100]
    return render(
        request,
        "finance/reassessments.html",
        {"rows": rows, "waiting": waiting, "weeks": services.REASSESSMENT_WEEKS},
    )


@role_required(*PROFESSIONALS)
def allocate(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    decision = get_object_or_404(
        Decision.objects.select_related("application__resident__household__address"), pk=pk
    )
    household_id = decision.application.resident.household_id
    if household_id is None or not authz.may_see_household(actor, household_id):
        raise PermissionDenied
    existing = Allocation.objects.filter(
        decision_type=ContentType.objects.get_for_model(Decision), decision_id=decision.pk
    ).select_related("provider__organisation")
    form = forms.AllocationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.allocate(
                actor,
                decision,
                product_code=d["product_code"],
                provider=d["provider"],
                volume=d["volume"],
                unit=d["unit"],
                frequency=d["frequency"],
                start=d["start"],
                end=d["end"],
                tariff_cents=d["tariff"],
                purpose=d["purpose"],
                law=d["law"],
                overrun_reason=d["overrun_reason"] or "",
            )
        except ValidationError as error:
            on_form(form, error)
        else:
            messages.success(request, _("De toewijzing is gemaakt en het budget is vastgelegd."))
            return redirect("finance:allocate", pk=decision.pk)
    return render(
        request,
        "finance/allocate.html",
        {"decision": decision, "form": form, "existing": existing},
    )


# --- budget (controller, council) ----------------------------------------------------------


@role_required(*FIGURES)
def budget(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    rows = services.overview(year)
    totals = {
        key: sum(getattr(r["figures"], key) for r in rows)
        for key in ("budget", "actuals", "open_commitments", "remaining", "forecast")
    }
    return render(
        request,
        "finance/budget.html",
        {
            "year": year,
            "rows": rows,
            "totals": totals,
            "form": forms.BudgetChangeForm(initial={"year": year}),
            "may_change": actor_of(request).role in CONTROLLERS,
        },
    )


def _budget_table(year: int) -> list[list[object]]:
    header: list[object] = [
        _("Wijk"),
        _("Doel"),
        _("Budget (cent)"),
        _("Verplichtingen (cent)"),
        _("Realisatie (cent)"),
        _("Open verplichtingen (cent)"),
        _("Ruimte (cent)"),
        _("Prognose jaareinde (cent)"),
        _("Benut (%)"),
    ]
    table: list[list[object]] = [header]
    for r in services.overview(year):
        f = r["figures"]
        table.append(
            [
                r["line"].neighbourhood.name,
                r["line"].get_purpose_display(),
                f.budget,
                f.committed,
                f.actuals,
                f.open_commitments,
                f.remaining,
                f.forecast,
                f.used_percent,
            ]
        )
    return table


@role_required(*FIGURES)
def budget_csv(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows(_budget_table(year))
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="begroting-{year}.csv"'
    return response


@role_required(*FIGURES)
def budget_xlsx(request: HttpRequest) -> HttpResponse:
    from openpyxl import Workbook

    year = _year(request)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = str(year)
    for row in _budget_table(year):
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    response = HttpResponse(
        out.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="begroting-{year}.xlsx"'
    return response


@require_POST
@role_required(*CONTROLLERS)
def budget_change(request: HttpRequest) -> HttpResponse:
    form = forms.BudgetChangeForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("finance:budget")
    d = form.cleaned_data
    act(
        request,
        lambda: services.set_budget(
            actor_of(request),
            year=d["year"],
            neighbourhood=d["neighbourhood"],
            purpose=d["purpose"],
            amount_cents=d["amount"],
            reason=d["reason"],
        ),
        _("Het budget is aangepast; de vorige versie blijft bewaard."),
    )
    return redirect(f"{reverse('finance:budget')}?jaar={d['year']}")


# --- declarations (provider, controller) ---------------------------------------------------


@role_required(*PROVIDERS)
def provider(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    own = authz.own_providers(actor).select_related("organisation").first()
    allocations = (
        authz.visible_allocations(actor)
        .filter(ends_on__gte=services.today().replace(month=1, day=1))
        .order_by("ends_on", "pk")[:200]
    )
    declarations = authz.visible_declarations(actor)[:50]
    return render(
        request,
        "finance/provider.html",
        {
            "provider": own,
            "allocations": allocations,
            "declarations": declarations,
            "line_form": forms.DeclarationLineForm(),
            "file_form": forms.DeclarationFileForm(),
            "columns": services.CSV_COLUMNS,
        },
    )


@require_POST
@role_required(*PROVIDERS)
def declare(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    form = forms.DeclarationLineForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("finance:provider")
    line = services.read_line(1, form.cleaned_data)
    try:
        declaration = services.declare(actor, authz.own_provider(actor), [line], "web")
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
        return redirect("finance:provider")
    return redirect("finance:declaration", pk=declaration.pk)


@require_POST
@role_required(*PROVIDERS)
def declare_csv(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    form = forms.DeclarationFileForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Kies een CSV-bestand."))
        return redirect("finance:provider")
    upload = form.cleaned_data["file"]
    if upload.size > 50 * 1024 * 1024:
        messages.error(request, _("Het bestand is groter dan 50 MB."))
        return redirect("finance:provider")
    try:
        lines = services.read_csv(upload.read())
        declaration = services.declare(actor, authz.own_provider(actor), lines, "csv")
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
        return redirect("finance:provider")
    return redirect("finance:declaration", pk=declaration.pk)


@role_required(*(PROVIDERS | CONTROLLERS))
def declaration(request: HttpRequest, pk: int) -> HttpResponse:
    found = authz.access_declaration(actor_of(request), pk)
    refused = [
        (line, codes.reason(line.refusal_code))
        for line in found.lines.filter(status=DeclarationLine.Status.REFUSED).order_by("line_no")[
            :1000
        ]
    ]
    return render(
        request,
        "finance/declaration.html",
        {"declaration": found, "refused": refused},
    )


@role_required(*CONTROLLERS)
def declarations(request: HttpRequest) -> HttpResponse:
    payable = DeclarationLine.objects.filter(
        status=DeclarationLine.Status.APPROVED, batch__isnull=True
    ).aggregate(n=Count("pk"), total=Sum("amount_cents"))
    refusals = (
        DeclarationLine.objects.filter(status=DeclarationLine.Status.REFUSED)
        .values("refusal_code")
        .annotate(n=Count("pk"))
        .order_by("refusal_code")
    )
    return render(
        request,
        "finance/declarations.html",
        {
            "declarations": Declaration.objects.select_related("provider__organisation")[:100],
            "batches": PaymentBatch.objects.all()[:50],
            "payable": payable,
            "refusals": [
                (r["refusal_code"], codes.reason(r["refusal_code"]), r["n"]) for r in refusals
            ],
        },
    )


@require_POST
@role_required(*CONTROLLERS)
def batch_create(request: HttpRequest) -> HttpResponse:
    try:
        batch = services.create_batch(actor_of(request))
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, str(error))
    else:
        if batch is None:
            messages.info(request, _("Er zijn geen goedgekeurde regels om te betalen."))
        else:
            messages.success(
                request,
                _("Betaalbatch %(n)s: %(count)s regels, %(total)s.")
                % {
                    "n": batch.pk,
                    "count": batch.line_count,
                    "total": format_euros(batch.total_cents),
                },
            )
    return redirect("finance:declarations")


@role_required(*CONTROLLERS)
def batch_xml(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(PaymentBatch, pk=pk)
    try:
        data = sepa.pain001(batch)
    except (ValueError, ImproperlyConfigured) as error:
        messages.error(request, str(error))
        return redirect("finance:declarations")
    response = HttpResponse(data, content_type="application/xml")
    response["Content-Disposition"] = f'attachment; filename="betaalbatch-{batch.pk}.xml"'
    return response


# --- hardship -------------------------------------------------------------------------------


@role_required(*PROFESSIONALS)
def hardship_new(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    household = authz.access_household(actor, pk)
    form = forms.HardshipForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.propose_hardship(
                actor,
                household,
                amount_cents=d["amount"],
                rule=d["rule"],
                law=d["law"],
                why=d["why"],
                alternatives=d["alternatives"],
            )
        except AccessDenied as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            on_form(form, error)
        else:
            messages.success(
                request, _("Het voorstel staat klaar voor een tweede, gemandateerde collega.")
            )
            return redirect("finance:hardship_list")
    return render(request, "finance/hardship_new.html", {"household": household, "form": form})


@role_required(*(DECIDERS | PROFESSIONALS))
def hardship_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    services.escalate_late()
    proposals = authz.visible_proposals(actor).select_related("rule")[:200]
    return render(
        request,
        "finance/hardship_list.html",
        {
            "proposals": proposals,
            "today": services.today(),
            "may_decide": actor.role in DECIDERS,
        },
    )


@require_POST
@role_required(*DECIDERS)
def hardship_decide(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    proposal = authz.visible_proposals(actor).filter(pk=pk).first()
    if proposal is None:
        raise Http404
    grant = request.POST.get("besluit") == "toekennen"
    act(
        request,
        lambda: services.decide_hardship(actor, proposal, grant=grant),
        _("Toegekend en betaald uit de reserve.") if grant else _("Afgewezen."),
    )
    return redirect("finance:hardship_list")


# --- reserve (controller, council) -----------------------------------------------------------


@role_required(*FIGURES)
def reserve(request: HttpRequest) -> HttpResponse:
    year_number = _year(request)
    year = BudgetYear.objects.filter(year=year_number).first()
    return render(
        request,
        "finance/reserve.html",
        {
            "year": year_number,
            "budget_year": year,
            "reserve": services.reserve(year) if year else None,
            "drawdowns": year.drawdowns.all()[:200] if year else [],
            "per_rule": services.hardship_per_rule(year_number),
            "form": forms.DrawdownForm(),
            "may_draw": actor_of(request).role in CONTROLLERS,
            "open_proposals": HardshipProposal.objects.filter(
                status=HardshipProposal.Status.PROPOSED
            ).count(),
        },
    )


@require_POST
@role_required(*CONTROLLERS)
def drawdown(request: HttpRequest) -> HttpResponse:
    form = forms.DrawdownForm(request.POST)
    year = BudgetYear.objects.filter(year=services.today().year).first()
    if year is None:
        messages.error(request, _("Er is geen begroting voor dit jaar."))
    elif not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    else:
        d = form.cleaned_data
        act(
            request,
            lambda: services.draw_reserve(
                actor_of(request),
                year,
                amount_cents=d["amount"],
                reason=d["reason"],
                link=d["link"] or "",
            ),
            _("De onttrekking is vastgelegd."),
        )
    return redirect("finance:reserve")
