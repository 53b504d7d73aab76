"""The debt fund's pages: the officer's work, the signal partner's status page, the fund's
figures, and the resident's own page. Thin: parse, call a service, render."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Min, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from leefwereld.core.access import role_required
from leefwereld.core.actor import actor_of
from leefwereld.core.models import Resident
from leefwereld.core.policy import RESIDENTS
from leefwereld.core.refusals import act, as_messages, on_form
from leefwereld.core.versioning import STALE_MESSAGE, is_stale
from leefwereld.rules import fund_promise
from leefwereld.vault import registration
from leefwereld.vault.access import AccessDenied
from leefwereld.vault.models import Record

from . import authorisation as authz
from . import bank, economics, forms, ledger, sepa, services, signals
from .authorisation import (
    CONTRIBUTORS,
    ESCALATION_READERS,
    FIGURES,
    OFFICER,
    SIGNAL_PARTNERS,
)
from .models import (
    AftercareCheck,
    BankLine,
    BankStatement,
    DebtCase,
    Offer,
    OutreachCase,
    PaymentInstruction,
    Phase,
    Signal,
)
from .policy import current_policy

# The phases of the fund's promise, as the officer reads them (rules.fund_promise).
PROMISE_PHASES = {
    fund_promise.FIRST_CONVERSATION: gettext_lazy("eerste gesprek"),
    fund_promise.INVENTORY: gettext_lazy("schulden op een rij"),
    fund_promise.OFFER: gettext_lazy("aanbod aan schuldeisers"),
    fund_promise.TAKEOVER: gettext_lazy("overname"),
}

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# --- the officer's pages ------------------------------------------------------------------


@role_required(*OFFICER)
def dashboard(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    today = services.today()
    cases = authz.running_cases(actor)
    outreach = authz.visible_outreach(actor)
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
        "crisis": outreach.filter(status=OutreachCase.Status.OPEN, signals__crisis=True)
        .distinct()
        .count(),
        "open_outreach": outreach.filter(status=OutreachCase.Status.OPEN).count(),
        "review": authz.visible_signals(actor).filter(match=Signal.Match.REVIEW).count(),
        "refused": authz.visible_refusals(actor).count(),
        "escalations": authz.visible_escalations(actor)[:50],
    }
    return render(request, "debts/dashboard.html", context)


@role_required(*ESCALATION_READERS)
def escalations(request: HttpRequest) -> HttpResponse:
    """Cases past the four weeks, as reported to the officer and the team lead.

    Case references, dates and the officer's name only; no resident's name.
    """
    actor = actor_of(request)
    return render(
        request,
        "debts/escalations.html",
        {
            "escalations": list(authz.visible_escalations(actor)[:200]),
            "today": services.today(),
            "officer": authz.is_officer(actor),
        },
    )


@role_required(*OFFICER)
def signal_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    review = list(
        authz.visible_signals(actor)
        .filter(match=Signal.Match.REVIEW)
        .select_related("partner__organisation", "candidate__household__address")
        .order_by("signal_date")[:100]
    )
    candidates = [s.candidate for s in review if s.candidate]
    if candidates:
        registration.show(actor, candidates)
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
                actor_of(request),
                rows,
                partner,
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
        # An ErrorList yields its messages as str; the stubs type its items as ValidationError too.
        problems = [cast(str, e) for errors in form.errors.values() for e in errors]
    return render(request, "debts/import_errors.html", {"problems": problems}, status=400)


@require_POST
@role_required(*OFFICER)
def signal_review(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    signal = authz.access_signal(actor, pk)
    resident = None
    if request.POST.get("decision") == "confirm" and signal.candidate_id:
        resident = signal.candidate
    signals.review_signal(actor, signal, resident, services.today())
    messages.success(request, _("Het signaal is gecontroleerd."))
    return redirect("debts:signals")


@role_required(*OFFICER)
def outreach_list(request: HttpRequest) -> HttpResponse:
    cases = (
        authz.visible_outreach(actor_of(request))
        .filter(status__in=[OutreachCase.Status.OPEN, OutreachCase.Status.REACHED])
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
    actor = actor_of(request)
    outreach = authz.access_outreach(actor, pk)
    members = registration.show(
        actor, Resident.objects.filter(household_id=outreach.household_id).order_by("pk")
    )
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
    actor = actor_of(request)
    outreach = authz.access_outreach(actor, pk)
    form = forms.ContactForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        services.record_contact_attempt(
            actor,
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
    actor = actor_of(request)
    outreach = authz.access_outreach(actor, pk)
    form = forms.CloseOutreachForm(request.POST)
    if form.is_valid():
        services.close_outreach(actor, outreach, form.cleaned_data["end_result"], services.today())
        messages.success(request, _("De vroegsignaalzaak is afgesloten."))
        return redirect("debts:outreach")
    return redirect("debts:outreach_detail", pk=pk)


@require_POST
@role_required(*OFFICER)
def outreach_open_case(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    outreach = authz.access_outreach(actor, pk)
    form = forms.OpenCaseForm(
        request.POST, residents=Resident.objects.filter(household_id=outreach.household_id)
    )
    if not form.is_valid():
        messages.error(request, _("Kies wie de hulp aanvraagt en vul de datum in."))
        return redirect("debts:outreach_detail", pk=pk)
    d = form.cleaned_data
    try:
        case = services.open_case(
            actor,
            d["client"],
            registered_on=d["registered_on"],
            threatening=d["threatening"],
            outreach=outreach,
        )
    except ValidationError as error:
        as_messages(request, error)
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
                actor_of(request),
                bsn=d["bsn"],
                birth_date=d["birth_date"],
                registered_on=d["registered_on"],
                threatening=d["threatening"],
            )
        except ValidationError as error:
            on_form(form, error)
        else:
            messages.success(
                request, _("De schuldzaak %(ref)s is geopend.") % {"ref": case.reference}
            )
            return redirect("debts:case_detail", pk=case.pk)
    return render(request, "debts/walk_in.html", {"form": form}, status=400 if form.errors else 200)


@role_required(*OFFICER)
def case_list(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    cases = list(
        authz.running_cases(actor)
        .select_related("client")
        .annotate(first_offer_on=Min("offers__sent_on"))
        .order_by("-registered_on")[:200]
    )
    registration.show(actor, [c.client for c in cases])
    today = services.today()
    policy = current_policy()
    rows = [
        (
            c,
            services.takeover_clock(c, today),
            # The first offer's day comes annotated: no query per row.
            fund_promise.current(
                services.promise(c, today, c.first_offer_on, policy, look_up_offer=False)
            ),
        )
        for c in cases
    ]
    return render(request, "debts/case_list.html", {"rows": rows, "phase_names": PROMISE_PHASES})


def _aftercare_rows(case: DebtCase) -> list[tuple[str, StrOrPromise, Any]]:
    """(kind, label, the check or None) for every item of the aftercare checklist."""
    if case.phase not in (Phase.AFTERCARE, Phase.EXIT):
        return []
    done = {c.kind: c for c in case.aftercare.all()}
    return [(kind, label, done.get(kind)) for kind, label in AftercareCheck.Kind.choices]


def _erased(record_ids: list[Any]) -> set[Any]:
    """Which of these vault records the resident had erased (tombstones, no content)."""
    if not record_ids:
        return set()
    return set(
        Record.objects.filter(pk__in=record_ids, erased_at__isnull=False).values_list(
            "pk", flat=True
        )
    )


def _unavailable_notes(
    case: DebtCase, items: list[tuple[Any, Any]], records: dict[Any, Any]
) -> tuple[str, str]:
    """Plain-Dutch notes for the sections whose vault records cannot be shown.

    A page never drops a section silently: when a record it needs was erased, or there is
    no basis (any more) to read it, the section says so.
    """
    missing_items = [item.record_id for item, payload in items if payload is None]
    missing_capacity = (
        case.capacity_record_id
        if case.capacity_record_id and case.capacity_record_id not in records
        else None
    )
    erased = _erased([*missing_items, *([missing_capacity] if missing_capacity else [])])
    capacity_note = ""
    if missing_capacity is not None:
        capacity_note = (
            _(
                "De berekening van de afloscapaciteit is uit de kluis verwijderd en is daarom "
                "niet meer te zien."
            )
            if missing_capacity in erased
            else _(
                "De berekening van de afloscapaciteit staat in de kluis, maar is niet te zien: "
                "er is geen toegang (meer) tot de gegevens over geld en inkomen."
            )
        )
    notes = []
    gone = sum(1 for r in missing_items if r in erased)
    hidden = len(missing_items) - gone
    if gone:
        notes.append(
            ngettext(
                "Eén schuld op de lijst is uit de kluis verwijderd; de bedragen zijn niet meer "
                "te zien.",
                "%(n)s schulden op de lijst zijn uit de kluis verwijderd; de bedragen zijn niet "
                "meer te zien.",
                gone,
            )
            % {"n": gone}
        )
    if hidden:
        notes.append(
            ngettext(
                "Van één schuld op de lijst zijn de bedragen niet te zien: er is geen toegang "
                "(meer) tot de gegevens over geld.",
                "Van %(n)s schulden op de lijst zijn de bedragen niet te zien: er is geen "
                "toegang (meer) tot de gegevens over geld.",
                hidden,
            )
            % {"n": hidden}
        )
    return " ".join(notes), capacity_note


def _case_context(request: HttpRequest, case: DebtCase) -> dict[str, Any]:
    actor = actor_of(request)
    today = services.today()
    try:
        records = services.case_records(actor, case)
        denied = False
    except AccessDenied:
        records, denied = {}, True
    items = [
        (item, records.get(item.record_id))
        for item in case.items.select_related("creditor__organisation")
    ]
    capacity = records.get(case.capacity_record_id) if case.capacity_record_id else None
    items_note, capacity_note = _unavailable_notes(case, items, records)
    offers = list(case.offers.select_related("creditor__organisation", "instruction"))
    arrangement = getattr(case, "arrangement", None)
    totals = services.household_totals(case.household_id)
    return {
        "case": case,
        "denied": denied,
        "items": items,
        "items_total": sum(services.debt_total(p) for _i, p in items if p),
        "capacity": capacity,
        "items_note": items_note,
        "capacity_note": capacity_note,
        "offers": offers,
        "refused": [o for o in offers if o.status == Offer.Status.REFUSED or o.court_decision],
        "arrangement": arrangement,
        "arrears": services.arrears(arrangement, today) if arrangement else 0,
        "goals": list(case.goals.all()),
        "versions": list(arrangement.versions.all()) if arrangement else [],
        # What the fund received, newest first: the resident sees a repayment arrive as
        # soon as the bank statement is read.
        "received": list(arrangement.payments.order_by("-paid_on", "-pk")[:6])
        if arrangement
        else [],
        "promise": services.promise(case, today),
        "phase_names": PROMISE_PHASES,
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


def _case_page(
    request: HttpRequest, case: DebtCase, status: int = 200, **bound: Any
) -> HttpResponse:
    """The officer's case page; `bound` replaces a form by one holding what was typed."""
    actor = actor_of(request)
    registration.show(actor, [case.client])
    context = _case_context(request, case)
    today = context["today"]
    version = {"version": case.version}
    context.update(
        officer=True,
        next_phases=[(p, Phase(p).label) for p in services.allowed_next(case)],
        moratorium_form=forms.MoratoriumForm(initial={"start": today, **version}),
        debt_form=forms.DebtForm(),
        capacity_form=forms.CapacityForm(initial=version),
        repayment_form=forms.RepaymentForm(initial={"paid_on": today}),
        goal_form=forms.GoalForm(),
        change_form=forms.ArrangementChangeForm(initial=version),
    )
    context.update(bound)
    return render(request, "debts/case_detail.html", context, status=status)


@role_required(*OFFICER)
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _case_page(request, authz.access_case(actor_of(request), pk))


def _posted_version(request: HttpRequest) -> int | None:
    form = forms.CaseVersionForm(request.POST)
    return form.cleaned_data["version"] if form.is_valid() else None


def _edit_case(
    request: HttpRequest,
    case: DebtCase,
    action: Any,
    success: str,
    form_name: str = "",
    form: Any = None,
) -> HttpResponse:
    """Run an edit of the case. A stale edit (someone else saved the case since this page
    was made) is refused: the page comes back (409) with the message and, in the form,
    what was typed and the case's new version, so saving again is a deliberate choice."""
    try:
        action()
    except (ValidationError, PermissionDenied) as error:
        if isinstance(error, ValidationError) and is_stale(error):
            messages.error(request, str(STALE_MESSAGE))
            case.refresh_from_db()
            bound: dict[str, Any] = {}
            if form_name and form is not None:
                data = request.POST.copy()
                data["version"] = str(case.version)
                bound[form_name] = type(form)(data)
            return _case_page(request, case, status=409, **bound)
        as_messages(request, error)
    else:
        messages.success(request, success)
    return redirect("debts:case_detail", pk=case.pk)


@require_POST
@role_required(*OFFICER)
def case_advance(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    case = authz.access_case(actor, pk)
    to = request.POST.get("to", "")
    version = _posted_version(request)
    return _edit_case(
        request,
        case,
        lambda: services.advance(actor, case, to, services.today(), expected_version=version),
        _("De zaak is verder gezet."),
    )


@require_POST
@role_required(*OFFICER)
def case_moratorium(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    case = authz.access_case(actor, pk)
    form = forms.MoratoriumForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Vul het begin van het moratorium in."))
        return redirect("debts:case_detail", pk=pk)
    d = form.cleaned_data
    return _edit_case(
        request,
        case,
        lambda: services.set_moratorium(
            actor, case, d["start"], d["end"], expected_version=d["version"]
        ),
        _("Het moratorium is vastgelegd."),
        "moratorium_form",
        form,
    )


@require_POST
@role_required(*OFFICER)
def case_children(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    case = authz.access_case(actor, pk)
    act(
        request,
        lambda: services.flag_children(
            actor, case, request.POST.get("reason", ""), services.today()
        ),
        _("De zaak gaat nu met voorrang: de klok van het fonds is gehalveerd."),
    )
    return redirect("debts:case_detail", pk=pk)


@require_POST
@role_required(*OFFICER)
def case_add_debt(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    case = authz.access_case(actor, pk)
    form = forms.DebtForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            for error in errors:
                label = form.fields[field].label if field in form.fields else field
                messages.error(request, f"{label}: {error}")
        return redirect("debts:case_detail", pk=pk)
    d = form.cleaned_data
    act(
        request,
        lambda: services.add_debt(
            actor,
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
    actor = actor_of(request)
    case = authz.access_case(actor, pk)
    form = forms.CapacityForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            for error in errors:
                messages.error(request, f"{form.fields[field].label}: {error}")
        return redirect("debts:case_detail", pk=pk)
    d = form.cleaned_data
    inputs = _capacity_inputs(d)
    return _edit_case(
        request,
        case,
        lambda: services.set_capacity(
            actor,
            case,
            inputs,
            peildatum=services.today(),
            allow_stale=d["allow_stale"],
            expected_version=d["version"],
        ),
        _("De afloscapaciteit is berekend."),
        "capacity_form",
        form,
    )


@require_POST
@role_required(*OFFICER)
def case_offers(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    case = authz.access_case(actor, pk)
    act(
        request,
        lambda: services.make_offers(actor, case, services.today()),
        _("Alle schuldeisers hebben een aanbod gekregen."),
    )
    return redirect("debts:case_detail", pk=pk)


@require_POST
@role_required(*OFFICER)
def offer_respond(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    offer = authz.access_offer(actor, pk)
    accepted = request.POST.get("decision") == "accept"
    act(
        request,
        lambda: services.respond(actor, offer, accepted=accepted, on=services.today()),
        _("Het antwoord van de schuldeiser is vastgelegd."),
    )
    return redirect("debts:case_detail", pk=offer.case_id)


@require_POST
@role_required(*OFFICER)
def offer_court(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    offer = authz.access_offer(actor, pk)
    granted = request.POST.get("decision") == "granted"
    act(
        request,
        lambda: services.record_court_decision(
            actor,
            offer,
            granted=granted,
            on=services.today(),
        ),
        _("De uitspraak van de rechter is vastgelegd."),
    )
    return redirect("debts:case_detail", pk=offer.case_id)


@require_POST
@role_required(*OFFICER)
def instruction_paid(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    instruction = authz.access_instruction(actor, pk)
    try:
        booking = services.mark_paid(actor, instruction, services.today())
    except (ValidationError, PermissionDenied) as error:
        as_messages(request, error)
    else:
        if booking:
            messages.success(request, _("De betaling is geboekt."))
        else:
            messages.info(request, _("Deze betaling was al geboekt; er is niets dubbel betaald."))
    return redirect("debts:case_detail", pk=instruction.offer.case_id)


@require_POST
@role_required(*OFFICER)
def case_takeover(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    case = authz.access_case(actor, pk)
    act(
        request,
        lambda: services.complete_takeover(actor, case, services.today()),
        _("Het fonds is nu de enige schuldeiser. De regeling is gemaakt."),
    )
    return redirect("debts:case_detail", pk=pk)


@require_POST
@role_required(*OFFICER)
def case_repayment(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    case = authz.access_case(actor, pk)
    arrangement = getattr(case, "arrangement", None)
    form = forms.RepaymentForm(request.POST)
    if arrangement is None:
        messages.error(request, _("Er loopt nog geen regeling; er is niets geboekt."))
        return redirect("debts:case_detail", pk=pk)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("debts:case_detail", pk=pk)
    d = form.cleaned_data
    try:
        booking = services.record_repayment(
            actor,
            arrangement,
            d["amount"],
            d["paid_on"],
            d["reference"],
            idempotency_key=d["submission"],
        )
    except (ValidationError, PermissionDenied) as error:
        as_messages(request, error)
    else:
        _tell_booking(request, booking, _("De aflossing is geboekt."), REPAYMENT_AGAIN)
    return redirect("debts:case_detail", pk=pk)


REPAYMENT_AGAIN = {
    "retry": gettext_lazy(
        "Deze aflossing was al geboekt: hetzelfde formulier is nog een keer verstuurd. "
        "Er is niets dubbel geboekt."
    ),
    "reference": gettext_lazy(
        "Deze aflossing was al geboekt: er is al een aflossing met bankkenmerk %(ref)s. "
        "Er is niets dubbel geboekt."
    ),
}
CONTRIBUTION_AGAIN = {
    "retry": gettext_lazy(
        "Deze inleg was al geboekt: hetzelfde formulier is nog een keer verstuurd. "
        "Er is niets dubbel geboekt."
    ),
}


def _tell_booking(
    request: HttpRequest, booking: services.Booking, booked: str, again: dict[str, Any]
) -> None:
    """Say exactly what happened: booked now, or booked before and why we know."""
    if booking:
        messages.success(request, booked)
    else:
        messages.info(request, again[booking.why] % {"ref": booking.reference})


def _form_errors(request: HttpRequest, form: Any) -> None:
    """A form's errors as messages, each naming its field (hidden fields speak for
    themselves)."""
    for field, errors in form.errors.items():
        bound = form.fields.get(field)
        for error in errors:
            if bound is None or bound.widget.is_hidden:
                messages.error(request, error)
            else:
                messages.error(request, f"{bound.label}: {error}")


@require_POST
@role_required(*OFFICER)
def case_change_arrangement(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    case = authz.access_case(actor, pk)
    form = forms.ArrangementChangeForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            for error in errors:
                messages.error(request, f"{form.fields[field].label}: {error}")
        return redirect("debts:case_detail", pk=pk)
    d = form.cleaned_data
    return _edit_case(
        request,
        case,
        lambda: services.change_arrangement(
            actor,
            case,
            _capacity_inputs(d),
            reason=d["reason"],
            on=services.today(),
            allow_stale=d["allow_stale"],
            expected_version=d["version"],
        ),
        _("De regeling is aangepast. De nieuwe versie staat hieronder."),
        "change_form",
        form,
    )


@require_POST
@role_required(*OFFICER)
def case_aftercare(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    case = authz.access_case(actor, pk)
    act(
        request,
        lambda: services.check_aftercare(
            actor, case, request.POST.get("kind", ""), services.today()
        ),
        _("Afgevinkt."),
    )
    return redirect("debts:case_detail", pk=pk)


@require_POST
@role_required(*OFFICER)
def case_goal(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    case = authz.access_case(actor, pk)
    form = forms.GoalForm(request.POST)
    if form.is_valid():
        act(
            request,
            lambda: services.agree_goal(actor, case, form.cleaned_data["kind"], services.today()),
            _("Het doel is afgesproken."),
        )
    return redirect("debts:case_detail", pk=pk)


@require_POST
@role_required(*OFFICER)
def goal_reached(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    goal = authz.access_goal(actor, pk)
    if act(
        request,
        lambda: services.reach_goal(actor, goal, services.today()),
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
    actor = actor_of(request)
    case = authz.access_case(actor, pk)
    overview = services.compulsory_overview(case)
    if overview.refused:
        registration.show(actor, [case.client])
    return render(
        request,
        "debts/compulsory.html",
        {
            "case": case,
            "overview": overview,
            "address": case.household.address if overview.refused else None,
            "today": services.today(),
            "officer_user": actor.user,
            "organisation": case.organisation,
        },
    )


@role_required(*OFFICER)
def refusals(request: HttpRequest) -> HttpResponse:
    offers = (
        authz.visible_refusals(actor_of(request))
        .select_related("case", "creditor__organisation")
        .order_by("responded_on")[:200]
    )
    return render(request, "debts/refusals.html", {"offers": offers})


@role_required(*OFFICER)
def sepa_export(request: HttpRequest) -> HttpResponse:
    instructions = list(
        authz.visible_instructions(actor_of(request))
        .filter(paid_on__isnull=True)
        .order_by("pk")[:1000]
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
    rows: list[dict[str, Any]] = [
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
            "months": economics.published(figures),  # through disclosure control
            "chart": economics.chart_bars(economics.chart_economics(figures)),
            "contribution_form": forms.ContributionForm(initial={"on": services.today()}),
            "may_contribute": actor_of(request).role in CONTRIBUTORS,
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
@role_required(*CONTRIBUTORS)
def fund_contribute(request: HttpRequest) -> HttpResponse:
    form = forms.ContributionForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("debts:fund")
    d = form.cleaned_data
    try:
        booking = services.contribute(
            actor_of(request), d["amount"], d["on"], d["reference"], idempotency_key=d["submission"]
        )
    except (ValidationError, PermissionDenied) as error:
        as_messages(request, error)
    else:
        _tell_booking(request, booking, _("De inleg is geboekt."), CONTRIBUTION_AGAIN)
    return redirect("debts:fund")


# --- the signal partner -------------------------------------------------------------------


@role_required(*SIGNAL_PARTNERS)
def partner_status(request: HttpRequest) -> HttpResponse:
    """A signal partner sees only *that* each signal was picked up; never why or how."""
    actor = actor_of(request)
    creditors = list(authz.partner_creditors(actor))
    if not creditors:
        raise PermissionDenied
    rows = (
        authz.partner_signals(actor)
        .select_related("outreach")
        .order_by("-signal_date", "reference")[:500]
    )
    return render(request, "debts/partner.html", {"creditors": creditors, "rows": rows})


# --- the resident -------------------------------------------------------------------------


@role_required(*RESIDENTS)
def my_debts(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    outreach = (
        authz.visible_outreach(actor)
        .filter(status__in=[OutreachCase.Status.OPEN, OutreachCase.Status.REACHED])
        .order_by("-opened_on")
        .first()
    )
    case = authz.visible_cases(actor).select_related("client").order_by("-registered_on").first()
    context: dict[str, Any] = {"case": case, "outreach": outreach, "officer": False}
    if case is not None:
        context.update(_case_context(request, case))
    return render(request, "debts/resident.html", context)


@require_POST
@role_required(*RESIDENTS)
def decline(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    outreach = authz.access_outreach(actor, pk)
    services.decline_help(actor, outreach, services.today())
    messages.success(
        request,
        _("Wij nemen geen contact meer op over dit signaal. U kunt altijd later nog hulp vragen."),
    )
    return redirect("debts:mine")


# --- repayments from the bank (CAMT.053) --------------------------------------------------


@role_required(*OFFICER)
def bank_statements(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    form = forms.BankStatementForm()
    status = 200
    if request.method == "POST":
        form = forms.BankStatementForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = bank.import_statement(actor, upload.read(), upload.name or "")
            except ValidationError as error:
                on_form(form, error)
            else:
                if result.already:
                    messages.info(
                        request, _("Dit afschrift was al ingelezen; er is niets dubbel geboekt.")
                    )
                else:
                    messages.success(
                        request,
                        _(
                            "%(new)s bijschrijvingen ingelezen: %(matched)s geboekt als aflossing,"
                            " %(open)s om uit te zoeken. %(skipped)s stonden al in een eerder"
                            " afschrift."
                        )
                        % {
                            "new": result.new_lines,
                            "matched": result.matched,
                            "open": result.open,
                            "skipped": result.skipped,
                        },
                    )
                return redirect("debts:bank")
        status = 400
    authz.require(actor, authz.OFFICER)
    open_lines = list(
        BankLine.objects.filter(status=BankLine.Status.OPEN).order_by("booking_date", "pk")[:200]
    )
    for line in open_lines:
        line.reason_text = bank.REASONS.get(line.reason, "")  # type: ignore[attr-defined]
    context = {
        "form": form,
        "open_lines": open_lines,
        "resolve_form": forms.BankResolveForm(),
        "statements": BankStatement.objects.order_by("-imported_at")[:10],
        "recent": BankLine.objects.exclude(status=BankLine.Status.OPEN)
        .select_related("arrangement__case")
        .order_by("-booking_date", "-pk")[:20],
    }
    return render(request, "debts/bank.html", context, status=status)


@require_POST
@role_required(*OFFICER)
def bank_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    authz.require(actor, authz.OFFICER)
    line = authz.access_bank_line(actor, pk)
    form = forms.BankResolveForm(request.POST)
    if not form.is_valid():
        as_messages(request, ValidationError(_("Vul het zaaknummer of een toelichting in.")))
        return redirect("debts:bank")
    today = services.today()
    note = form.cleaned_data["note"]
    try:
        if request.POST.get("decision") == "set_aside":
            bank.set_aside(actor, line, today, note)
            messages.success(request, _("De bijschrijving staat apart: geen aflossing."))
        else:
            arrangement = authz.arrangement_by_reference(actor, form.cleaned_data["case"])
            bank.resolve(actor, line, arrangement, today, note)
            messages.success(
                request,
                _("De bijschrijving is geboekt als aflossing van %(ref)s.")
                % {"ref": arrangement.case.reference},
            )
    except (ValidationError, PermissionDenied) as error:
        as_messages(request, error)
    return redirect("debts:bank")
