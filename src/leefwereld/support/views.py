"""Support pages: thin views over services.py; every personal text via the vault."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from leefwereld.core.access import current_user, role_required
from leefwereld.core.domains import LifeDomain
from leefwereld.core.models import Household, Organisation, Resident, User
from leefwereld.core.roles import Role
from leefwereld.socialmap.models import Offer
from leefwereld.vault import access as vault

from . import services
from .charts import line_chart
from .deadlines import CaseDates, dashboard
from .forms import (
    AnnotationForm,
    ApplicationForm,
    ClientSupportForm,
    CoachForm,
    CosignerForm,
    DecisionForm,
    IntakeForm,
    MeasurementForm,
    MeldingForm,
    OwnPlanForm,
    PlanForm,
    StartPlanForm,
    TemporaryProvisionForm,
)
from .models import Application, Decision, Intake, Measurement, Melding, Plan
from .services import POSITIVE_HEALTH, DecisionInput

PROFESSIONALS = (Role.PROFESSIONAL, Role.TEAM_LEAD)
CLIENTS_SHOWN = 50
HOUSEHOLD_ROLES = (Role.RESIDENT, Role.NETWORK_MEMBER, Role.PROFESSIONAL, Role.TEAM_LEAD)


def _errors_to_form(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errs in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errs)
    else:
        form.add_error(None, error)


def _pdf(html: str, request: HttpRequest, filename: str) -> HttpResponse:
    from weasyprint import HTML  # loading Pango is slow: only when a PDF is asked for

    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _case(request: HttpRequest, pk: int) -> Melding:
    """A melding the professional has a basis for (else 403, refusal logged by the vault)."""
    melding = get_object_or_404(
        Melding.objects.select_related("resident", "household__address", "team"), pk=pk
    )
    if not services.may_see(current_user(request), melding.resident):
        raise PermissionDenied
    return melding


def _household(request: HttpRequest, pk: int) -> Household:
    household = get_object_or_404(Household.objects.select_related("address"), pk=pk)
    if not services.may_see_household(current_user(request), household):
        raise PermissionDenied
    return household


# --- professionals: the deadlines dashboard and the case ----------------------------------


@role_required(*PROFESSIONALS)
def deadlines(request: HttpRequest) -> HttpResponse:
    """Every running legal term of the cases the professional may see, late ones first."""
    user = current_user(request)
    today = timezone.localdate()
    meldingen = list(
        Melding.objects.filter(resident__in=vault.caseload(user))
        .exclude(status=Melding.Status.CLOSED)
        .select_related("resident", "intake")
        .prefetch_related("applications__decision")
    )
    cases = []
    for m in meldingen:
        intake = getattr(m, "intake", None)
        apps = list(m.applications.all())
        app = apps[0] if apps else None
        decision = getattr(app, "decision", None) if app else None
        cases.append(
            CaseDates(
                melding_id=m.pk,
                received_on=m.received_on,
                report_shared_on=intake.report_shared_on if intake else None,
                own_plan_received_on=m.own_plan_received_on,
                application_id=app.pk if app else None,
                application_received_on=app.received_on if app else None,
                decision_sent_on=decision.sent_on if decision else None,
                objection_received_on=decision.objection_received_on if decision else None,
            )
        )
    rows = dashboard(cases, today)
    by_id = {m.pk: m for m in meldingen}
    # Clients without a melding yet: a melding or a plan starts from here.
    clients = list(
        vault.caseload(user)
        .exclude(pk__in=[m.resident_id for m in meldingen])
        .order_by("surname", "pk")[:CLIENTS_SHOWN]
    )
    shown = {by_id[r.melding_id].resident for r in rows} | set(clients)
    vault.log_basic_registration_read(user, shown, "support:deadlines")
    return render(
        request,
        "support/deadlines.html",
        {
            "rows": [(r, by_id[r.melding_id]) for r in rows],
            "today": today,
            "late": sum(r.overdue for r in rows),
            "clients": clients,
        },
    )


@role_required(*PROFESSIONALS)
def melding_new(request: HttpRequest, resident_pk: int) -> HttpResponse:
    """A professional files a melding on the resident's behalf."""
    user = current_user(request)
    resident = get_object_or_404(Resident, pk=resident_pk)
    if not services.may_see(user, resident):
        raise PermissionDenied
    form = MeldingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            melding = services.register_melding(
                user,
                resident,
                question=form.cleaned_data["question"],
                urgent=form.cleaned_data["urgent"],
                access_point="support:melding_new",
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("De melding is ontvangen. De inwoner ziet de bevestiging."))
            return redirect("support:case", melding.pk)
    return render(request, "support/melding_form.html", {"form": form, "resident": resident})


@role_required(*PROFESSIONALS)
def case(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    melding = _case(request, pk)
    support_form = ClientSupportForm(prefix="cs")
    temporary_form = TemporaryProvisionForm(prefix="tmp")
    if request.method == "POST":
        try:
            if "cs-answer" in request.POST:
                support_form = ClientSupportForm(request.POST, prefix="cs")
                if support_form.is_valid():
                    services.record_client_support(
                        user, melding, answer=support_form.cleaned_data["answer"]
                    )
                    messages.success(
                        request, _("Het aanbod van cliëntondersteuning is vastgelegd.")
                    )
                    return redirect("support:case", melding.pk)
            elif "tmp-what" in request.POST:
                temporary_form = TemporaryProvisionForm(request.POST, prefix="tmp")
                if temporary_form.is_valid():
                    services.start_temporary_provision(
                        user,
                        melding,
                        what=temporary_form.cleaned_data["what"],
                        access_point="support:case",
                    )
                    messages.success(request, _("De tijdelijke hulp is vastgelegd."))
                    return redirect("support:case", melding.pk)
        except ValidationError as error:
            _errors_to_form(temporary_form, error)
    question = (
        services.read(user, melding.question_record, "support:case")
        if melding.question_record
        else {}
    )
    vault.log_basic_registration_read(user, [melding.resident], "support:case")
    applications = list(melding.applications.select_related("decision"))
    plan = Plan.objects.filter(household_id=melding.household_id).first()
    return render(
        request,
        "support/case.html",
        {
            "melding": melding,
            "question": question,
            "intake": Intake.objects.filter(melding=melding).first(),
            "applications": applications,
            "plan": plan,
            "support_form": support_form,
            "temporary_form": temporary_form,
        },
    )


@role_required(*PROFESSIONALS)
def intake(request: HttpRequest, pk: int) -> HttpResponse:
    """The kitchen-table conversation guide (Wmo 2015 art. 2.3.2 lid 4 a–g, lid 6)."""
    user = current_user(request)
    melding = _case(request, pk)
    form = IntakeForm(request.POST or None, initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.hold_intake(
                user,
                melding,
                answers={key: data[key] for key, _l in services.GUIDE_ITEMS},
                network=form.network_rows(),
                carer_load=data["carer_load"],
                carer_notes=data["carer_notes"],
                offers=[o.pk for o in data["offers"]],
                contribution_cents=data["contribution_amount"],
                pgb_explained=data["pgb_explained"],
                held_on=data["held_on"],
                access_point="support:intake",
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("Het verslag staat klaar voor de inwoner."))
            return redirect("support:report", melding.pk)
    return render(request, "support/intake_form.html", {"form": form, "melding": melding})


def _report_context(request: HttpRequest, melding: Melding) -> dict[str, Any]:
    user = current_user(request)
    intake = get_object_or_404(Intake, melding=melding)
    report = services.read(user, intake.report_record, "support:report")
    annotation = (
        services.read(user, intake.annotation_record, "support:report")
        if intake.annotation_record
        else None
    )
    offers = Offer.objects.filter(pk__in=report.get("offers", [])).select_related("organisation")
    labels = dict(IntakeForm.base_fields.items())
    answers = [
        (labels[key].label, report["answers"].get(key, "")) for key, _l in services.GUIDE_ITEMS
    ]
    return {
        "melding": melding,
        "intake": intake,
        "report": report,
        "answers": answers,
        "annotation": annotation,
        "offers": offers,
    }


@role_required(*HOUSEHOLD_ROLES)
def report(request: HttpRequest, pk: int) -> HttpResponse:
    """The written report in the portal: the resident reads it and adds remarks."""
    user = current_user(request)
    melding = _case(request, pk)
    context = _report_context(request, melding)
    own = melding.resident_id in {r.pk for r in vault.subjects_of(user)}
    form = AnnotationForm(request.POST or None) if own else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            services.annotate_report(
                user,
                context["intake"],
                text=form.cleaned_data["text"],
                access_point="support:report",
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("Uw opmerkingen staan bij het verslag."))
            return redirect("support:report", melding.pk)
    return render(request, "support/report.html", {**context, "form": form, "own": own})


@role_required(*HOUSEHOLD_ROLES)
def report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    melding = _case(request, pk)
    html = render_to_string("support/report_pdf.html", _report_context(request, melding), request)
    return _pdf(html, request, f"verslag-{melding.pk}.pdf")


@role_required(*PROFESSIONALS)
def application_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    melding = _case(request, pk)
    form = ApplicationForm(request.POST or None, initial={"received_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            application = services.register_application(
                user, melding, access_point="support:application_new", **form.cleaned_data
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("De aanvraag is vastgelegd. Besluit binnen twee weken."))
            return redirect("support:decide", application.pk)
    return render(request, "support/application_form.html", {"form": form, "melding": melding})


@role_required(*PROFESSIONALS)
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    application = get_object_or_404(Application.objects.select_related("melding"), pk=pk)
    melding = _case(request, application.melding_id)
    if hasattr(application, "decision"):
        return redirect("support:decision", application.decision.pk)
    asked = services.read(user, application.record, "support:decide")
    form = DecisionForm(request.POST or None, initial={"sent_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            decision = services.decide(
                user,
                application,
                DecisionInput(
                    outcome=data["outcome"],
                    provision=data["provision"] or asked.get("text", ""),
                    reasons=data["reasons"],
                    starts_on=data["starts_on"],
                    ends_on=data["ends_on"],
                    contribution_cents=data["contribution"],
                ),
                sent_on=data["sent_on"],
                access_point="support:decide",
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("Het besluit is vastgelegd. De brief staat klaar."))
            return redirect("support:decision", decision.pk)
    return render(
        request,
        "support/decision_form.html",
        {"form": form, "application": application, "melding": melding, "asked": asked},
    )


def _decision_context(request: HttpRequest, pk: int) -> dict[str, Any]:
    decision = get_object_or_404(
        Decision.objects.select_related("application__melding__resident__household__address"),
        pk=pk,
    )
    melding = _case(request, decision.application.melding_id)
    content = services.read(current_user(request), decision.record, "support:decision")
    return {
        "decision": decision,
        "melding": melding,
        "resident": melding.resident,
        "content": content,
        "contribution": content.get("contribution_cents"),
    }


@role_required(*HOUSEHOLD_ROLES)
def decision(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "support/decision.html", _decision_context(request, pk))


@role_required(*HOUSEHOLD_ROLES)
def letter_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The decision letter in plain Dutch (B1), with the reasons and the bezwaar clause."""
    context = _decision_context(request, pk)
    html = render_to_string("support/letter_pdf.html", context, request)
    return _pdf(html, request, f"besluit-{pk}.pdf")


# --- the resident's own pages -------------------------------------------------------------


@role_required(Role.RESIDENT)
def my_support(request: HttpRequest) -> HttpResponse:
    """The resident's support: their requests, reports, plan and decisions; a new melding."""
    user = current_user(request)
    resident = vault.own_resident(user)
    if resident is None:
        raise PermissionDenied
    form = MeldingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            melding = services.register_melding(
                user,
                resident,
                question=form.cleaned_data["question"],
                urgent=form.cleaned_data["urgent"],
                access_point="support:my_support",
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            return redirect("support:receipt", melding.pk)
    meldingen = list(
        Melding.objects.filter(resident__in=vault.subjects_of(user))
        .select_related("intake")
        .prefetch_related("applications__decision")
    )
    plan = Plan.objects.filter(household_id=resident.household_id).first()
    return render(
        request,
        "support/my_support.html",
        {"form": form, "meldingen": meldingen, "plan": plan, "resident": resident},
    )


@role_required(Role.RESIDENT)
def receipt(request: HttpRequest, pk: int) -> HttpResponse:
    """The receipt confirmation, with the 7-day own-plan window and cliëntondersteuning."""
    user = current_user(request)
    melding = get_object_or_404(Melding, pk=pk, resident__in=vault.subjects_of(user))
    form = OwnPlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.receive_own_plan(
            user, melding, text=form.cleaned_data["text"], access_point="support:receipt"
        )
        messages.success(request, _("Wij hebben uw eigen plan ontvangen."))
        return redirect("support:receipt", melding.pk)
    return render(request, "support/receipt.html", {"melding": melding, "form": form})


# --- the household plan -------------------------------------------------------------------


def _plan_or_none(household: Household) -> Plan | None:
    return (
        Plan.objects.filter(household=household)
        .select_related("coach", "coach_organisation")
        .first()
    )


def _series(measurements) -> list[dict[str, Any]]:
    """Per instrument and person: a chart of the average and a table of all scores."""
    groups: dict[tuple[str, str], list] = {}
    for m, payload in measurements:
        who = m.resident.full_name if m.resident_id else _("Het hele huishouden")
        groups.setdefault((m.instrument, who), []).append((m, payload))
    result = []
    for (instrument, who), items in groups.items():
        zrm = instrument == Measurement.Instrument.ZRM
        columns = list(LifeDomain.choices) if zrm else [(k, _(v)) for k, v in POSITIVE_HEALTH]
        used = [c for c in columns if any(c[0] in p["scores"] for _m, p in items)]
        series = [
            (m.measured_on, sum(p["scores"].values()) / len(p["scores"]))
            for m, p in items
            if p["scores"]
        ]
        result.append(
            {
                "title": (_("Zelfredzaamheid (1–5)") if zrm else _("Positieve Gezondheid (0–10)")),
                "who": who,
                "chart": line_chart(series, 1, 5) if zrm else line_chart(series, 0, 10),
                "columns": used,
                "rows": [
                    (
                        m,
                        [p["scores"].get(code, "–") for code, _l in used],
                        p.get("text", ""),
                    )
                    for m, p in items
                ],
            }
        )
    return result


@role_required(*HOUSEHOLD_ROLES)
def plan(request: HttpRequest, household_pk: int) -> HttpResponse:
    user = current_user(request)
    household = _household(request, household_pk)
    plan = _plan_or_none(household)
    content = services.current_content(user, plan, "support:plan") if plan else None
    version = plan.versions.get(number=plan.current_version) if plan else None
    signatures = list(version.signatures.select_related("user")) if version else []
    signed = any(s.user_id == user.pk for s in signatures)
    measurements = services.measurement_series(user, household, "support:plan")
    decisions = Decision.objects.filter(application__melding__household=household).select_related(
        "application"
    )
    domain_labels = dict(LifeDomain.choices)
    cosigners = (
        list(plan.cosigners.filter(withdrawn_at__isnull=True).select_related("user"))
        if plan
        else []
    )
    cosigner_form = None
    own = vault.own_resident(user)
    if plan is not None and own is not None and own.household_id == household.pk:
        members = services.network_members(household)
        if members:
            cosigner_form = CosignerForm(
                members=members, initial={"users": [str(c.user_id) for c in cosigners]}
            )
    goals = []
    if content:
        for goal in content["goals"]:
            actions = [a for a in content["actions"] if a.get("goal") == goal["id"]]
            goals.append(
                {**goal, "domain_label": domain_labels.get(goal["domain"], ""), "actions": actions}
            )
        loose = [a for a in content["actions"] if not a.get("goal")]
    else:
        loose = []
    return render(
        request,
        "support/plan.html",
        {
            "household": household,
            "plan": plan,
            "version": version,
            "goals": goals,
            "loose_actions": loose,
            "signatures": signatures,
            "signed": signed,
            "may_sign": plan is not None and services.may_sign(user, plan) and not signed,
            "may_edit": services.can_write_household(user, household),
            "may_choose_coach": plan is not None and services.may_choose_coach(user, household),
            "cosigner_form": cosigner_form,
            "cosigners": cosigners,
            "start_form": StartPlanForm(),
            "series": _series(measurements),
            "decisions": decisions,
            "owner_labels": dict(_owner_labels()),
            "status_labels": dict(_status_labels()),
        },
    )


def _owner_labels():
    from .forms import OWNER_CHOICES

    return OWNER_CHOICES


def _status_labels():
    from .forms import STATUS_CHOICES

    return STATUS_CHOICES


@require_POST
@role_required(*HOUSEHOLD_ROLES)
def plan_start(request: HttpRequest, household_pk: int) -> HttpResponse:
    user = current_user(request)
    household = _household(request, household_pk)
    form = StartPlanForm(request.POST)
    template = form.cleaned_data["template"] if form.is_valid() else ""
    _plan, created = services.start_plan(
        user, household, template=template, access_point="support:plan_start"
    )
    if created:
        messages.success(request, _("Het plan is gestart. Schrijf de doelen samen op."))
    else:
        messages.info(
            request, _("Dit huishouden heeft al een plan. Er is maar één plan per huishouden.")
        )
    return redirect("support:plan_edit", household.pk)


@role_required(*HOUSEHOLD_ROLES)
def plan_edit(request: HttpRequest, household_pk: int) -> HttpResponse:
    """Goals in the resident's own words and actions; saving makes a new version."""
    user = current_user(request)
    household = _household(request, household_pk)
    plan = _plan_or_none(household)
    if plan is None:
        return redirect("support:plan", household.pk)
    if not services.can_write_household(user, household):
        raise PermissionDenied
    content = services.current_content(user, plan, "support:plan_edit")
    form = PlanForm(request.POST or None, content=content)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.change_plan(
                user,
                plan,
                form.plan_content(),
                note=form.cleaned_data["note"],
                access_point="support:plan_edit",
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(
                request, _("Opgeslagen als versie %(n)s van het plan.") % {"n": version.number}
            )
            return redirect("support:plan", household.pk)
    return render(
        request, "support/plan_edit.html", {"form": form, "plan": plan, "household": household}
    )


@require_POST
@role_required(Role.RESIDENT, Role.NETWORK_MEMBER)
def plan_sign(request: HttpRequest, household_pk: int) -> HttpResponse:
    user = current_user(request)
    household = _household(request, household_pk)
    plan = get_object_or_404(Plan, household=household)
    try:
        number = int(request.POST.get("version", "0"))
    except ValueError:
        number = 0
    try:
        services.sign_plan(user, plan, version_number=number)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("U heeft versie %(n)s van het plan getekend.") % {"n": number})
    return redirect("support:plan", household.pk)


@require_POST
@role_required(Role.RESIDENT)
def plan_cosigners(request: HttpRequest, household_pk: int) -> HttpResponse:
    """The household chooses which network members sign the plan too."""
    user = current_user(request)
    household = _household(request, household_pk)
    plan = get_object_or_404(Plan, household=household)
    form = CosignerForm(request.POST, members=services.network_members(household))
    if not form.is_valid():
        messages.error(request, _("Kies alleen mensen uit de lijst."))
        return redirect("support:plan", household.pk)
    users = list(User.objects.filter(pk__in=form.cleaned_data["users"]))
    try:
        chosen = services.set_cosigners(user, plan, users=users)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if chosen:
            messages.success(
                request,
                _("Deze mensen kunnen het plan nu mee tekenen: %(names)s.")
                % {"names": ", ".join(c.user.display_name for c in chosen)},
            )
        else:
            messages.success(request, _("Alleen uw huishouden tekent het plan."))
    return redirect("support:plan", household.pk)


@role_required(Role.RESIDENT, *PROFESSIONALS)
def plan_coach(request: HttpRequest, household_pk: int) -> HttpResponse:
    """Choose or change the coach (regisseur): from the organisation most involved."""
    user = current_user(request)
    household = _household(request, household_pk)
    plan = get_object_or_404(
        Plan.objects.select_related("coach", "coach_organisation"), household=household
    )
    if not services.may_choose_coach(user, household):
        raise PermissionDenied
    candidates = services.coach_candidates(household)
    top = services.most_involved([i for i, _u in candidates])
    initial = {}
    if plan.coach_id and plan.coach_organisation_id:
        initial["coach"] = f"{plan.coach_organisation_id}-{plan.coach_id}"
    form = CoachForm(request.POST or None, candidates=candidates, initial=initial)
    if request.method == "POST" and form.is_valid():
        organisation_id, coach_id = form.choice()
        try:
            services.choose_coach(
                user,
                plan,
                coach=get_object_or_404(User, pk=coach_id),
                organisation=get_object_or_404(Organisation, pk=organisation_id),
                reason=form.cleaned_data["reason"],
                access_point="support:plan_coach",
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(
                request,
                _("De regisseur is gekozen. Dit staat in een nieuwe versie van het plan."),
            )
            return redirect("support:plan", household.pk)
    return render(
        request,
        "support/plan_coach.html",
        {
            "form": form,
            "plan": plan,
            "household": household,
            "involvements": [i for i, _u in candidates],
            "top": top,
            "household_size": Resident.objects.filter(household=household).count(),
        },
    )


@role_required(*HOUSEHOLD_ROLES)
def plan_compare(request: HttpRequest, household_pk: int) -> HttpResponse:
    """Two versions side by side: what was added, changed or removed."""
    user = current_user(request)
    household = _household(request, household_pk)
    plan = get_object_or_404(Plan, household=household)
    versions = list(plan.versions.select_related("created_by").prefetch_related("signatures"))
    try:
        new_n = int(request.GET.get("nieuw", plan.current_version))
        old_n = int(request.GET.get("oud", max(new_n - 1, 1)))
    except ValueError:
        new_n, old_n = plan.current_version, max(plan.current_version - 1, 1)
    by_number = {v.number: v for v in versions}
    if old_n not in by_number or new_n not in by_number:
        new_n, old_n = plan.current_version, max(plan.current_version - 1, 1)
    old = services.read(user, by_number[old_n].record, "support:plan_compare")
    new = services.read(user, by_number[new_n].record, "support:plan_compare")
    return render(
        request,
        "support/plan_compare.html",
        {
            "household": household,
            "plan": plan,
            "versions": versions,
            "old_n": old_n,
            "new_n": new_n,
            "diff": services.compare(old, new),
            "domain_labels": dict(LifeDomain.choices),
            "note": new.get("note", ""),
        },
    )


@role_required(*HOUSEHOLD_ROLES)
def plan_pdf(request: HttpRequest, household_pk: int) -> HttpResponse:
    user = current_user(request)
    household = _household(request, household_pk)
    plan = get_object_or_404(Plan, household=household)
    content = services.current_content(user, plan, "support:plan_pdf")
    labels = dict(LifeDomain.choices)
    html = render_to_string(
        "support/plan_pdf.html",
        {
            "plan": plan,
            "household": household,
            "goals": [{**g, "domain_label": labels.get(g["domain"], "")} for g in content["goals"]],
            "actions": content["actions"],
            "signatures": plan.versions.get(number=plan.current_version).signatures.select_related(
                "user"
            ),
            "owner_labels": dict(_owner_labels()),
            "status_labels": dict(_status_labels()),
        },
        request,
    )
    return _pdf(html, request, f"plan-{household.pk}.pdf")


@role_required(*HOUSEHOLD_ROLES)
def measure(request: HttpRequest, household_pk: int) -> HttpResponse:
    """Record scores; a resident's own entry counts as a self-assessment."""
    user = current_user(request)
    household = _household(request, household_pk)
    if not services.can_write_household(user, household):
        raise PermissionDenied
    members = list(Resident.objects.filter(household=household).order_by("birth_date"))
    form = MeasurementForm(request.POST or None, members=members)
    if request.method == "POST" and form.is_valid():
        person = form.cleaned_data["person"]
        resident = next((m for m in members if str(m.pk) == person), None)
        try:
            services.record_measurement(
                user,
                household,
                instrument=form.cleaned_data["instrument"],
                scores=form.scores(),
                note=form.cleaned_data["note"],
                resident=resident,
                access_point="support:measure",
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("De meting is opgeslagen."))
            return redirect("support:plan", household.pk)
    return render(request, "support/measure.html", {"form": form, "household": household})
