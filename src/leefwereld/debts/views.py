"""The debt fund's pages: the officer's work, the signal partner's status page, the fund's
figures, and the resident's own page. Thin: parse, call a service, render."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from leefwereld import rules
from leefwereld.core.access import current_user, role_required
from leefwereld.core.models import Membership, Resident
from leefwereld.core.roles import Role
from leefwereld.vault import access as vault
from leefwereld.vault.access import AccessDenied

from . import economics, forms, ledger, sepa, services, signals
from .models import (
    AftercareCheck,
    Creditor,
    DebtCase,
    Goal,
    Offer,
    OutreachCase,
    PaymentInstruction,
    Phase,
    Signal,
)
from .policy import current_policy

OFFICER = (Role.DEBT_OFFICER,)
FIGURES = (Role.DEBT_OFFICER, Role.POLICY_OFFICER, Role.COUNCIL_MEMBER)


def access_point(request: HttpRequest) -> str:
    match = request.resolver_match
    return match.view_name if match else request.path


def _errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _act(request: HttpRequest, action: Callable[[], Any], success: str) -> bool:
    try:
        action()
    except ValidationError as error:
        _errors(request, error)
        return False
    except rules.ParameterUnavailable:
        messages.error(
            request,
            _(
                "Voor vandaag is nog geen bijstandsnorm bekend. Vink aan dat u met de laatst "
                "bekende norm wilt rekenen; de uitkomst heet dan onzeker."
            ),
        )
        return False
    messages.success(request, success)
    return True


# --- the officer's pages ------------------------------------------------------------------


@role_required(*OFFICER)
def dashboard(request: HttpRequest) -> HttpResponse:
    today = services.today()
    cases = DebtCase.objects.exclude(phase=Phase.EXIT)
    overdue = cases.filter(takeover_due__lt=today, taken_over_on__isnull=True).order_by(
        "takeover_due"
    )
    soon = cases.filter(
        takeover_due__gte=today,
        takeover_due__lte=today + datetime.timedelta(days=7),
        taken_over_on__isnull=True,
    ).order_by("takeover_due")
    late_conversation = cases.filter(
        first_conversation_on__isnull=True, first_conversation_due__lt=today
    ).order_by("first_conversation_due")
    context = {
        "phases": [
            (Phase(row["phase"]).label, row["n"])
            for row in cases.values("phase").annotate(n=Count("pk")).order_by("phase")
        ],
        "overdue": overdue[:50],
        "soon": soon[:50],
        "late_conversation": late_conversation[:50],
        "crisis": OutreachCase.objects.filter(status=OutreachCase.Status.OPEN, signals__crisis=True)
        .distinct()
        .count(),
        "open_outreach": OutreachCase.objects.filter(status=OutreachCase.Status.OPEN).count(),
        "review": Signal.objects.filter(match=Signal.Match.REVIEW).count(),
        "refused": Offer.objects.filter(status=Offer.Status.REFUSED).count(),
        "escalations": services.open_escalations(current_user(request))[:50],
    }
    return render(request, "debts/dashboard.html", context)


@role_required(Role.DEBT_OFFICER, Role.TEAM_LEAD)
def escalations(request: HttpRequest) -> HttpResponse:
    """Cases past the four weeks, as reported to the officer and the team lead.

    Case references, dates and the officer's name only; no resident's name.
    """
    user = current_user(request)
    return render(
        request,
        "debts/escalations.html",
        {
            "escalations": list(services.open_escalations(user)[:200]),
            "today": services.today(),
            "officer": user.role == Role.DEBT_OFFICER,
        },
    )


@role_required(*OFFICER)
def signal_list(request: HttpRequest) -> HttpResponse:
    review = (
        Signal.objects.filter(match=Signal.Match.REVIEW)
        .select_related("partner__organisation", "candidate__household__address")
        .order_by("signal_date")[:100]
    )
    log_candidates = [s.candidate for s in review if s.candidate]
    if log_candidates:
        vault.log_basic_registration_read(
            current_user(request), log_candidates, access_point(request)
        )
    return render(
        request,
        "debts/signals.html",
        {"form": forms.SignalImportForm(), "review": review},
    )


@require_POST
@role_required(*OFFICER)
def signal_import(request: HttpRequest) -> HttpResponse:
    form = forms.SignalImportForm(request.POST, request.FILES)
    problems: list[str] = []
    if form.is_valid():
        raw = form.cleaned_data["file"].read()
        partner = form.cleaned_data["partner"]
        try:
            rows = signals.read_csv(raw)
            result = signals.import_signals(
                rows,
                partner,
                current_user(request),
                signals.file_hash(partner, raw),
                services.today(),
            )
        except signals.SignalImportError as error:
            problems = error.problems
        else:
            if result.already_imported:
                messages.info(request, _("Dit bestand was al ingelezen; er is niets veranderd."))
            else:
                messages.success(
                    request,
                    _(
                        "%(created)s signalen ingelezen: %(matched)s gekoppeld aan een inwoner, "
                        "%(review)s om te controleren. %(skipped)s waren al bekend."
                    )
                    % result.__dict__,
                )
            return redirect("debts:signals")
    else:
        problems = [e for errors in form.errors.values() for e in errors]
    return render(request, "debts/import_errors.html", {"problems": problems}, status=400)


@require_POST
@role_required(*OFFICER)
def signal_review(request: HttpRequest, pk: int) -> HttpResponse:
    signal = get_object_or_404(Signal, pk=pk)
    resident = None
    if request.POST.get("decision") == "confirm" and signal.candidate_id:
        resident = signal.candidate
    signals.review_signal(signal, resident, services.today())
    messages.success(request, _("Het signaal is gecontroleerd."))
    return redirect("debts:signals")


@role_required(*OFFICER)
def outreach_list(request: HttpRequest) -> HttpResponse:
    cases = (
        OutreachCase.objects.filter(
            status__in=[OutreachCase.Status.OPEN, OutreachCase.Status.REACHED]
        )
        .select_related("household__address")
        .annotate(
            n=Count("signals"),
            crisis_count=Count("signals", filter=Q(signals__crisis=True)),
        )
        .order_by("-crisis_count", "opened_on")[:200]
    )
    return render(request, "debts/outreach_list.html", {"cases": cases})


@role_required(*OFFICER)
def outreach_detail(request: HttpRequest, pk: int) -> HttpResponse:
    outreach = get_object_or_404(OutreachCase.objects.select_related("household__address"), pk=pk)
    members = list(Resident.objects.filter(household_id=outreach.household_id).order_by("pk"))
    vault.log_basic_registration_read(current_user(request), members, access_point(request))
    today = services.today()
    return render(
        request,
        "debts/outreach_detail.html",
        {
            "outreach": outreach,
            "members": members,
            "signals": outreach.signals.select_related("partner__organisation"),
            "attempts": outreach.attempts.all(),
            "contact_form": forms.ContactForm(initial={"date": today}),
            "close_form": forms.CloseOutreachForm(),
            "case_form": forms.OpenCaseForm(
                residents=Resident.objects.filter(household_id=outreach.household_id),
                initial={
                    "registered_on": today,
                    "client": outreach.signals.exclude(resident=None)
                    .values_list("resident_id", flat=True)
                    .first(),
                },
            ),
        },
    )


@require_POST
@role_required(*OFFICER)
def outreach_contact(request: HttpRequest, pk: int) -> HttpResponse:
    outreach = get_object_or_404(OutreachCase, pk=pk)
    form = forms.ContactForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        services.record_contact_attempt(
            current_user(request),
            outreach,
            kind=d["kind"],
            on=d["date"],
            daypart=d["daypart"],
            reached=d["reached"],
        )
        messages.success(request, _("Het contact is vastgelegd."))
    else:
        messages.error(request, _("Vul de soort, de datum en het dagdeel in."))
    return redirect("debts:outreach_detail", pk=pk)


@require_POST
@role_required(*OFFICER)
def outreach_close(request: HttpRequest, pk: int) -> HttpResponse:
    outreach = get_object_or_404(OutreachCase, pk=pk)
    form = forms.CloseOutreachForm(request.POST)
    if form.is_valid():
        services.close_outreach(
            current_user(request), outreach, form.cleaned_data["end_result"], services.today()
        )
        messages.success(request, _("De vroegsignaalzaak is afgesloten."))
        return redirect("debts:outreach")
    return redirect("debts:outreach_detail", pk=pk)


@require_POST
@role_required(*OFFICER)
def outreach_open_case(request: HttpRequest, pk: int) -> HttpResponse:
    outreach = get_object_or_404(OutreachCase, pk=pk)
    form = forms.OpenCaseForm(
        request.POST, residents=Resident.objects.filter(household_id=outreach.household_id)
    )
    if not form.is_valid():
        messages.error(request, _("Kies wie de hulp aanvraagt en vul de datum in."))
        return redirect("debts:outreach_detail", pk=pk)
    d = form.cleaned_data
    try:
        case = services.open_case(
            current_user(request),
            d["client"],
            registered_on=d["registered_on"],
            threatening=d["threatening"],
            outreach=outreach,
        )
    except ValidationError as error:
        _errors(request, error)
        return redirect("debts:outreach_detail", pk=pk)
    messages.success(request, _("De schuldzaak %(ref)s is geopend.") % {"ref": case.reference})
    return redirect("debts:case_detail", pk=case.pk)


@role_required(*OFFICER)
def case_walk_in(request: HttpRequest) -> HttpResponse:
    """A debt officer registers a resident who walks in (no signal, no outreach)."""
    form = forms.WalkInForm(request.POST or None, initial={"registered_on": services.today()})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            case = services.open_walk_in(
                current_user(request),
                bsn=d["bsn"],
                birth_date=d["birth_date"],
                registered_on=d["registered_on"],
                threatening=d["threatening"],
                access_point=access_point(request),
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request, _("De schuldzaak %(ref)s is geopend.") % {"ref": case.reference}
            )
            return redirect("debts:case_detail", pk=case.pk)
    return render(request, "debts/walk_in.html", {"form": form}, status=400 if form.errors else 200)


@role_required(*OFFICER)
def case_list(request: HttpRequest) -> HttpResponse:
    cases = (
        DebtCase.objects.exclude(phase=Phase.EXIT)
        .select_related("client")
        .order_by("-registered_on")[:200]
    )
    cases = list(cases)
    vault.log_basic_registration_read(
        current_user(request), [c.client for c in cases], access_point(request)
    )
    today = services.today()
    rows = [(c, services.takeover_clock(c, today)) for c in cases]
    return render(request, "debts/case_list.html", {"rows": rows})


def _aftercare_rows(case: DebtCase) -> list[tuple[str, str, Any]]:
    """(kind, label, the check or None) for every item of the aftercare checklist."""
    if case.phase not in (Phase.AFTERCARE, Phase.EXIT):
        return []
    done = {c.kind: c for c in case.aftercare.all()}
    return [(kind, label, done.get(kind)) for kind, label in AftercareCheck.Kind.choices]


def _case_context(request: HttpRequest, case: DebtCase) -> dict[str, Any]:
    user = current_user(request)
    today = services.today()
    try:
        records = services.case_records(user, case, access_point(request))
        denied = False
    except AccessDenied:
        records, denied = {}, True
    items = [
        (item, records.get(item.record_id))
        for item in case.items.select_related("creditor__organisation")
    ]
    capacity = records.get(case.capacity_record_id) if case.capacity_record_id else None
    offers = list(case.offers.select_related("creditor__organisation", "instruction"))
    arrangement = getattr(case, "arrangement", None)
    totals = services.household_totals(case.household_id)
    return {
        "case": case,
        "denied": denied,
        "items": items,
        "items_total": sum(services.debt_total(p) for _i, p in items if p),
        "capacity": capacity,
        "offers": offers,
        "refused": [o for o in offers if o.status == Offer.Status.REFUSED or o.court_decision],
        "arrangement": arrangement,
        "arrears": services.arrears(arrangement, today) if arrangement else 0,
        "goals": list(case.goals.all()),
        "versions": list(arrangement.versions.all()) if arrangement else [],
        "aftercare": _aftercare_rows(case),
        "aftercare_months": current_policy().aftercare_months,
        "totals": totals,
        "progress": services.progress_sentence(case.household_id) if case.taken_over_on else "",
        "clock": services.takeover_clock(case, today),
        "phases": [(p, label, i) for i, (p, label) in enumerate(Phase.choices)],
        "phase_index": case.phase_index(),
        "history": case.phase_changes.all(),
        "today": today,
    }


@role_required(*OFFICER)
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_object_or_404(DebtCase.objects.select_related("client", "household__address"), pk=pk)
    context = _case_context(request, case)
    today = context["today"]
    context.update(
        officer=True,
        next_phases=[(p, Phase(p).label) for p in services.allowed_next(case)],
        moratorium_form=forms.MoratoriumForm(initial={"start": today}),
        debt_form=forms.DebtForm(),
        capacity_form=forms.CapacityForm(),
        repayment_form=forms.RepaymentForm(initial={"paid_on": today}),
        goal_form=forms.GoalForm(),
        change_form=forms.ArrangementChangeForm(),
    )
    return render(request, "debts/case_detail.html", context)


def _case(pk: int) -> DebtCase:
    return get_object_or_404(DebtCase, pk=pk)


@require_POST
@role_required(*OFFICER)
def case_advance(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(pk)
    to = request.POST.get("to", "")
    _act(
        request,
        lambda: services.advance(current_user(request), case, to, services.today()),
        _("De zaak is verder gezet."),
    )
    return redirect("debts:case_detail", pk=pk)


@require_POST
@role_required(*OFFICER)
def case_moratorium(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(pk)
    form = forms.MoratoriumForm(request.POST)
    if form.is_valid():
        _act(
            request,
            lambda: services.set_moratorium(
                current_user(request), case, form.cleaned_data["start"], form.cleaned_data["end"]
            ),
            _("Het moratorium is vastgelegd."),
        )
    else:
        messages.error(request, _("Vul het begin van het moratorium in."))
    return redirect("debts:case_detail", pk=pk)


@require_POST
@role_required(*OFFICER)
def case_add_debt(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(pk)
    form = forms.DebtForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            for error in errors:
                label = form.fields[field].label if field in form.fields else field
                messages.error(request, f"{label}: {error}")
        return redirect("debts:case_detail", pk=pk)
    d = form.cleaned_data
    _act(
        request,
        lambda: services.add_debt(
            current_user(request),
            case,
            d["creditor"],
            principal=d["principal"],
            costs=d["costs"] or 0,
            interest=d["interest"] or 0,
            origin_date=d["origin_date"],
            stage=d["stage"],
            attachment=d["attachment"],
            reference=d["reference"],
            on=services.today(),
            access_point=access_point(request),
        ),
        _("De schuld staat op de lijst."),
    )
    return redirect("debts:case_detail", pk=pk)


def _capacity_inputs(d: dict[str, Any]) -> services.CapacityInputs:
    return services.CapacityInputs(
        leefsituatie=d["leefsituatie"],
        netto_inkomen=d["netto_inkomen"],
        woonkosten=d["woonkosten"] or 0,
        huurtoeslag=d["huurtoeslag"] or 0,
        zorgpremie=d["zorgpremie"] or 0,
        zorgtoeslag=d["zorgtoeslag"] or 0,
        inkomen_uit_arbeid=d["inkomen_uit_arbeid"],
    )


@require_POST
@role_required(*OFFICER)
def case_capacity(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(pk)
    form = forms.CapacityForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            for error in errors:
                messages.error(request, f"{form.fields[field].label}: {error}")
        return redirect("debts:case_detail", pk=pk)
    d = form.cleaned_data
    inputs = _capacity_inputs(d)
    _act(
        request,
        lambda: services.set_capacity(
            current_user(request),
            case,
            inputs,
            peildatum=services.today(),
            allow_stale=d["allow_stale"],
            access_point=access_point(request),
        ),
        _("De afloscapaciteit is berekend."),
    )
    return redirect("debts:case_detail", pk=pk)


@require_POST
@role_required(*OFFICER)
def case_offers(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(pk)
    _act(
        request,
        lambda: services.make_offers(
            current_user(request), case, services.today(), access_point(request)
        ),
        _("Alle schuldeisers hebben een aanbod gekregen."),
    )
    return redirect("debts:case_detail", pk=pk)


@require_POST
@role_required(*OFFICER)
def offer_respond(request: HttpRequest, pk: int) -> HttpResponse:
    offer = get_object_or_404(Offer, pk=pk)
    accepted = request.POST.get("decision") == "accept"
    _act(
        request,
        lambda: services.respond(
            current_user(request), offer, accepted=accepted, on=services.today()
        ),
        _("Het antwoord van de schuldeiser is vastgelegd."),
    )
    return redirect("debts:case_detail", pk=offer.case_id)


@require_POST
@role_required(*OFFICER)
def offer_court(request: HttpRequest, pk: int) -> HttpResponse:
    offer = get_object_or_404(Offer, pk=pk)
    granted = request.POST.get("decision") == "granted"
    _act(
        request,
        lambda: services.record_court_decision(
            current_user(request),
            offer,
            granted=granted,
            on=services.today(),
            access_point=access_point(request),
        ),
        _("De uitspraak van de rechter is vastgelegd."),
    )
    return redirect("debts:case_detail", pk=offer.case_id)


@require_POST
@role_required(*OFFICER)
def instruction_paid(request: HttpRequest, pk: int) -> HttpResponse:
    instruction = get_object_or_404(PaymentInstruction.objects.select_related("offer"), pk=pk)
    if services.mark_paid(current_user(request), instruction, services.today()):
        messages.success(request, _("De betaling is geboekt."))
    else:
        messages.info(request, _("Deze betaling was al geboekt; er is niets dubbel betaald."))
    return redirect("debts:case_detail", pk=instruction.offer.case_id)


@require_POST
@role_required(*OFFICER)
def case_takeover(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(pk)
    _act(
        request,
        lambda: services.complete_takeover(
            current_user(request), case, services.today(), access_point(request)
        ),
        _("Het fonds is nu de enige schuldeiser. De regeling is gemaakt."),
    )
    return redirect("debts:case_detail", pk=pk)


@require_POST
@role_required(*OFFICER)
def case_repayment(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(pk)
    arrangement = getattr(case, "arrangement", None)
    form = forms.RepaymentForm(request.POST)
    if arrangement is None or not form.is_valid():
        messages.error(request, _("Vul een bedrag en een datum in."))
        return redirect("debts:case_detail", pk=pk)
    d = form.cleaned_data
    _act(
        request,
        lambda: services.record_repayment(
            current_user(request), arrangement, d["amount"], d["paid_on"], d["reference"]
        ),
        _("De aflossing is geboekt."),
    )
    return redirect("debts:case_detail", pk=pk)


@require_POST
@role_required(*OFFICER)
def case_change_arrangement(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(pk)
    form = forms.ArrangementChangeForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            for error in errors:
                messages.error(request, f"{form.fields[field].label}: {error}")
        return redirect("debts:case_detail", pk=pk)
    d = form.cleaned_data
    _act(
        request,
        lambda: services.change_arrangement(
            current_user(request),
            case,
            _capacity_inputs(d),
            reason=d["reason"],
            on=services.today(),
            allow_stale=d["allow_stale"],
            access_point=access_point(request),
        ),
        _("De regeling is aangepast. De nieuwe versie staat hieronder."),
    )
    return redirect("debts:case_detail", pk=pk)


@require_POST
@role_required(*OFFICER)
def case_aftercare(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(pk)
    _act(
        request,
        lambda: services.check_aftercare(
            current_user(request), case, request.POST.get("kind", ""), services.today()
        ),
        _("Afgevinkt."),
    )
    return redirect("debts:case_detail", pk=pk)


@require_POST
@role_required(*OFFICER)
def case_goal(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case(pk)
    form = forms.GoalForm(request.POST)
    if form.is_valid():
        _act(
            request,
            lambda: services.agree_goal(
                current_user(request), case, form.cleaned_data["kind"], services.today()
            ),
            _("Het doel is afgesproken."),
        )
    return redirect("debts:case_detail", pk=pk)


@require_POST
@role_required(*OFFICER)
def goal_reached(request: HttpRequest, pk: int) -> HttpResponse:
    goal = get_object_or_404(Goal, pk=pk)
    if _act(
        request,
        lambda: services.reach_goal(current_user(request), goal, services.today()),
        _("Het doel is behaald."),
    ):
        goal.refresh_from_db()
        messages.success(
            request,
            _("Er is %(amount)s kwijtgescholden.") % {"amount": services.euro(goal.forgiven_cents)},
        )
    return redirect("debts:case_detail", pk=goal.case_id)


@role_required(*OFFICER)
def case_compulsory(request: HttpRequest, pk: int) -> HttpResponse:
    """Printable letters for a dwangakkoord (Fw 287a): to each refusing creditor, and the
    request to the court. Names the debtor: a basic-registration read, logged."""
    case = get_object_or_404(DebtCase.objects.select_related("client", "household__address"), pk=pk)
    overview = services.compulsory_overview(case)
    if overview.refused:
        vault.log_basic_registration_read(
            current_user(request), [case.client], access_point(request)
        )
    return render(
        request,
        "debts/compulsory.html",
        {
            "case": case,
            "overview": overview,
            "address": case.household.address if overview.refused else None,
            "today": services.today(),
            "officer_user": current_user(request),
            "organisation": case.organisation,
        },
    )


@role_required(*OFFICER)
def refusals(request: HttpRequest) -> HttpResponse:
    offers = (
        Offer.objects.filter(status=Offer.Status.REFUSED)
        .select_related("case", "creditor__organisation")
        .order_by("responded_on")[:200]
    )
    return render(request, "debts/refusals.html", {"offers": offers})


@role_required(*OFFICER)
def sepa_export(request: HttpRequest) -> HttpResponse:
    instructions = list(
        PaymentInstruction.objects.filter(paid_on__isnull=True).order_by("pk")[:1000]
    )
    if not instructions:
        messages.info(request, _("Er zijn geen betaalopdrachten die nog betaald moeten worden."))
        return redirect("debts:fund")
    now = timezone.now()
    xml = sepa.pain001(
        instructions,
        message_id=f"LW-SF-{now:%Y%m%d%H%M%S}",
        created=timezone.localtime(now),
        execution_date=services.today(),
    )
    response = HttpResponse(xml, content_type="application/xml")
    response["Content-Disposition"] = 'attachment; filename="schuldenfonds-pain001.xml"'
    return response


# --- the fund's figures -------------------------------------------------------------------


ACCOUNT_LABELS = {
    "cash": _("Bankrekening van het fonds"),
    "capital": _("Inleg van de gemeente"),
    "receivable": _("Vorderingen op huishoudens"),
    "payable": _("Nog te betalen aan schuldeisers"),
    "forgiveness": _("Kwijtgescholden (kosten)"),
}


def summarised_trial_balance() -> tuple[list[dict[str, Any]], int, int]:
    """The trial balance per kind of account: no row is about one household."""
    sums: dict[str, int] = {}
    counts: dict[str, int] = {}
    for account, balance in services.account_balances().items():
        kind = account.split(":", 1)[0]
        sums[kind] = sums.get(kind, 0) + balance
        counts[kind] = counts.get(kind, 0) + 1
    rows = [
        {
            "label": ACCOUNT_LABELS.get(r.account, r.account),
            "accounts": counts[r.account],
            "debit": r.debit,
            "credit": r.credit,
        }
        for r in ledger.trial_balance(sums)
    ]
    return rows, sum(r["debit"] for r in rows), sum(r["credit"] for r in rows)


@role_required(*FIGURES)
def fund(request: HttpRequest) -> HttpResponse:
    rows, debit, credit = summarised_trial_balance()
    figures = economics.fund_economics()
    return render(
        request,
        "debts/fund.html",
        {
            "trial_balance": rows,
            "debit": debit,
            "credit": credit,
            "economics": figures,
            "chart": economics.chart_bars(figures),
            "contribution_form": forms.ContributionForm(initial={"on": services.today()}),
            "may_contribute": current_user(request).role
            in (Role.DEBT_OFFICER, Role.POLICY_OFFICER),
            "unpaid": PaymentInstruction.objects.filter(paid_on__isnull=True).count(),
        },
    )


@role_required(*FIGURES)
def fund_csv(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        economics.to_csv(economics.fund_economics()), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="schuldenfonds-cijfers.csv"'
    return response


@require_POST
@role_required(Role.DEBT_OFFICER, Role.POLICY_OFFICER)
def fund_contribute(request: HttpRequest) -> HttpResponse:
    form = forms.ContributionForm(request.POST)
    if form.is_valid() and form.cleaned_data["amount"] > 0:
        d = form.cleaned_data
        if services.contribute(current_user(request), d["amount"], d["on"], d["reference"]):
            messages.success(request, _("De inleg is geboekt."))
        else:
            messages.info(request, _("Deze inleg was al geboekt."))
    else:
        messages.error(request, _("Vul een bedrag, een datum en een kenmerk in."))
    return redirect("debts:fund")


# --- the signal partner -------------------------------------------------------------------


def _partner_creditors(request: HttpRequest) -> list[Creditor]:
    user = current_user(request)
    organisations = Membership.objects.filter(user=user).values("organisation_id")
    return list(Creditor.objects.filter(organisation_id__in=organisations))


@role_required(Role.PROFESSIONAL, Role.TEAM_LEAD, Role.POLICY_OFFICER, Role.ADMINISTRATOR)
def partner_status(request: HttpRequest) -> HttpResponse:
    """A signal partner sees only *that* each signal was picked up; never why or how."""
    creditors = _partner_creditors(request)
    if not creditors:
        raise PermissionDenied
    rows = (
        Signal.objects.filter(partner__in=creditors)
        .select_related("outreach")
        .order_by("-signal_date", "reference")[:500]
    )
    return render(request, "debts/partner.html", {"creditors": creditors, "rows": rows})


# --- the resident -------------------------------------------------------------------------


@role_required(Role.RESIDENT)
def my_debts(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    own = vault.own_resident(user)
    if own is None or own.household_id is None:
        return render(request, "debts/resident.html", {"case": None, "outreach": None})
    outreach = (
        OutreachCase.objects.filter(
            household_id=own.household_id,
            status__in=[OutreachCase.Status.OPEN, OutreachCase.Status.REACHED],
        )
        .order_by("-opened_on")
        .first()
    )
    case = (
        DebtCase.objects.filter(household_id=own.household_id)
        .select_related("client")
        .order_by("-registered_on")
        .first()
    )
    context: dict[str, Any] = {"case": case, "outreach": outreach, "officer": False}
    if case is not None:
        context.update(_case_context(request, case))
    return render(request, "debts/resident.html", context)


@require_POST
@role_required(Role.RESIDENT)
def decline(request: HttpRequest, pk: int) -> HttpResponse:
    outreach = get_object_or_404(OutreachCase, pk=pk)
    services.decline_help(current_user(request), outreach, services.today())
    messages.success(
        request,
        _("Wij nemen geen contact meer op over dit signaal. U kunt altijd later nog hulp vragen."),
    )
    return redirect("debts:mine")
