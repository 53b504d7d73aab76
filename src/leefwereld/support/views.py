"""Support pages: thin views over services.py; every personal text via the vault."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from leefwereld.core import timeline
from leefwereld.core.access import role_required
from leefwereld.core.actor import actor_of
from leefwereld.core.domains import LifeDomain
from leefwereld.core.models import Organisation, Resident, User
from leefwereld.core.numbers import NumberError, parse_int
from leefwereld.core.pdf import pdf_response
from leefwereld.core.policy import RESIDENTS
from leefwereld.core.refusals import as_messages, on_form
from leefwereld.core.timeline_display import grouped
from leefwereld.core.versioning import STALE_MESSAGE, is_stale
from leefwereld.socialmap.models import Offer
from leefwereld.vault import access as vault
from leefwereld.vault import registration

from . import authorisation as auth
from . import services
from .authorisation import COACH_CHOOSERS, PLAN_READERS, PROFESSIONALS, SIGNERS
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
from .models import Decision, Intake, Measurement, Melding
from .services import POSITIVE_HEALTH, DecisionInput

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

CLIENTS_SHOWN = 50


# --- professionals: the deadlines dashboard and the case ----------------------------------


@role_required(*PROFESSIONALS)
def deadlines(request: HttpRequest) -> HttpResponse:
    """Every running legal term of the cases the professional may see, late ones first."""
    actor = actor_of(request)
    today = timezone.localdate()
    meldingen = list(
        auth.visible_meldingen(actor)
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
        vault.caseload(actor)
        .exclude(pk__in=[m.resident_id for m in meldingen])
        .order_by("surname", "pk")[:CLIENTS_SHOWN]
    )
    registration.show(actor, [*(by_id[r.melding_id].resident for r in rows), *clients])
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
    actor = actor_of(request)
    resident = get_object_or_404(Resident, pk=resident_pk)
    if not auth.may_see(actor, resident):
        raise PermissionDenied
    form = MeldingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            melding = services.register_melding(
                actor,
                resident,
                question=form.cleaned_data["question"],
                urgent=form.cleaned_data["urgent"],
            )
        except ValidationError as error:
            on_form(form, error)
        else:
            messages.success(request, _("De melding is ontvangen. De inwoner ziet de bevestiging."))
            return redirect("support:case", melding.pk)
    registration.show(actor, [resident])
    return render(request, "support/melding_form.html", {"form": form, "resident": resident})


@role_required(*PROFESSIONALS)
def case(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    melding = auth.access_melding(actor, pk)
    support_form = ClientSupportForm(prefix="cs")
    temporary_form = TemporaryProvisionForm(prefix="tmp")
    if request.method == "POST":
        try:
            if "cs-answer" in request.POST:
                support_form = ClientSupportForm(request.POST, prefix="cs")
                if support_form.is_valid():
                    services.record_client_support(
                        actor, melding, answer=support_form.cleaned_data["answer"]
                    )
                    messages.success(
                        request, _("Het aanbod van cliëntondersteuning is vastgelegd.")
                    )
                    return redirect("support:case", melding.pk)
            elif "tmp-what" in request.POST:
                temporary_form = TemporaryProvisionForm(request.POST, prefix="tmp")
                if temporary_form.is_valid():
                    services.start_temporary_provision(
                        actor, melding, what=temporary_form.cleaned_data["what"]
                    )
                    messages.success(request, _("De tijdelijke hulp is vastgelegd."))
                    return redirect("support:case", melding.pk)
        except ValidationError as error:
            on_form(temporary_form, error)
    question = services.read(actor, melding.question_record) if melding.question_record else {}
    registration.show(actor, [melding.resident])
    applications = list(melding.applications.select_related("decision"))
    plan = auth.visible_plans(actor).filter(household_id=melding.household_id).first()
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
    actor = actor_of(request)
    melding = auth.access_melding(actor, pk)
    form = IntakeForm(request.POST or None, initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.hold_intake(
                actor,
                melding,
                answers={key: data[key] for key, _l in services.GUIDE_ITEMS},
                network=form.network_rows(),
                carer_load=data["carer_load"],
                carer_notes=data["carer_notes"],
                offers=[o.pk for o in data["offers"]],
                contribution_cents=data["contribution_amount"],
                pgb_explained=data["pgb_explained"],
                held_on=data["held_on"],
            )
        except ValidationError as error:
            on_form(form, error)
        else:
            messages.success(request, _("Het verslag staat klaar voor de inwoner."))
            return redirect("support:report", melding.pk)
    registration.show(actor, [melding.resident])
    return render(request, "support/intake_form.html", {"form": form, "melding": melding})


def _report_context(request: HttpRequest, melding: Melding) -> dict[str, Any]:
    actor = actor_of(request)
    intake = get_object_or_404(Intake, melding=melding)
    report = services.read(actor, intake.report_record)
    annotation = (
        services.read(actor, intake.annotation_record) if intake.annotation_record else None
    )
    registration.show(actor, [melding.resident])
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


@role_required(*PLAN_READERS)
def report(request: HttpRequest, pk: int) -> HttpResponse:
    """The written report in the portal: the resident reads it and adds remarks."""
    actor = actor_of(request)
    melding = auth.access_melding(actor, pk)
    context = _report_context(request, melding)
    own = auth.is_own(actor, melding.resident_id)
    form = AnnotationForm(request.POST or None) if own else None
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            services.annotate_report(actor, context["intake"], text=form.cleaned_data["text"])
        except ValidationError as error:
            on_form(form, error)
        else:
            messages.success(request, _("Uw opmerkingen staan bij het verslag."))
            return redirect("support:report", melding.pk)
    return render(request, "support/report.html", {**context, "form": form, "own": own})


@role_required(*PLAN_READERS)
def report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    melding = auth.access_melding(actor_of(request), pk)
    context = _report_context(request, melding)
    return pdf_response("support/report_pdf.html", context, request, f"verslag-{melding.pk}.pdf")


@role_required(*PROFESSIONALS)
def application_new(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    melding = auth.access_melding(actor, pk)
    form = ApplicationForm(request.POST or None, initial={"received_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            application = services.register_application(actor, melding, **form.cleaned_data)
        except ValidationError as error:
            on_form(form, error)
        else:
            messages.success(request, _("De aanvraag is vastgelegd. Besluit binnen twee weken."))
            return redirect("support:decide", application.pk)
    registration.show(actor, [melding.resident])
    return render(request, "support/application_form.html", {"form": form, "melding": melding})


@role_required(*PROFESSIONALS)
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    application = auth.access_application(actor, pk)
    melding = application.melding
    if hasattr(application, "decision"):
        return redirect("support:decision", application.decision.pk)
    asked = services.read(actor, application.record)
    form = DecisionForm(request.POST or None, initial={"sent_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            decision = services.decide(
                actor,
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
            )
        except ValidationError as error:
            on_form(form, error)
        else:
            messages.success(request, _("Het besluit is vastgelegd. De brief staat klaar."))
            return redirect("support:decision", decision.pk)
    registration.show(actor, [melding.resident])
    return render(
        request,
        "support/decision_form.html",
        {"form": form, "application": application, "melding": melding, "asked": asked},
    )


def _decision_context(request: HttpRequest, pk: int) -> dict[str, Any]:
    actor = actor_of(request)
    decision = auth.access_decision(actor, pk)
    melding = decision.application.melding
    content = services.read(actor, decision.record)
    registration.show(actor, [melding.resident])
    return {
        "decision": decision,
        "melding": melding,
        "resident": melding.resident,
        "content": content,
        "contribution": content.get("contribution_cents"),
    }


@role_required(*PLAN_READERS)
def decision(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "support/decision.html", _decision_context(request, pk))


@role_required(*PLAN_READERS)
def letter_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The decision letter in plain Dutch (B1), with the reasons and the bezwaar clause."""
    context = _decision_context(request, pk)
    return pdf_response("support/letter_pdf.html", context, request, f"besluit-{pk}.pdf")


# --- the resident's own pages -------------------------------------------------------------


@role_required(*RESIDENTS)
def my_support(request: HttpRequest) -> HttpResponse:
    """The old "Mijn hulp": one way in now (issue 21). GET goes to the one "Mijn hulp"
    (routes:where_am_i); a POST from an old form still files the melding."""
    if request.method != "POST":
        return redirect("routes:where_am_i")
    return ask(request)


@role_required(*RESIDENTS)
def ask(request: HttpRequest) -> HttpResponse:
    """A melding for support (Wmo): the form "Hulp vragen" sends care questions to."""
    actor = actor_of(request)
    resident = vault.own_resident(actor)
    if resident is None:
        raise PermissionDenied
    form = MeldingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            melding = services.register_melding(
                actor,
                resident,
                question=form.cleaned_data["question"],
                urgent=form.cleaned_data["urgent"],
            )
        except ValidationError as error:
            on_form(form, error)
        else:
            return redirect("support:receipt", melding.pk)
    return render(request, "support/ask.html", {"form": form, "resident": resident})


@role_required(*RESIDENTS)
def receipt(request: HttpRequest, pk: int) -> HttpResponse:
    """The receipt confirmation, with the 7-day own-plan window and cliëntondersteuning."""
    actor = actor_of(request)
    melding = auth.access_own_melding(actor, pk)
    form = OwnPlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.receive_own_plan(actor, melding, text=form.cleaned_data["text"])
        messages.success(request, _("Wij hebben uw eigen plan ontvangen."))
        return redirect("support:receipt", melding.pk)
    report_shared = Intake.objects.filter(melding=melding, report_shared_on__isnull=False).exists()
    decisions = Decision.objects.filter(application__melding=melding).order_by("decided_on")
    return render(
        request,
        "support/receipt.html",
        {"melding": melding, "form": form, "report_shared": report_shared, "decisions": decisions},
    )


# --- the household plan -------------------------------------------------------------------


def _series(measurements) -> list[dict[str, Any]]:
    """Per instrument and person: a chart of the average and a table of all scores."""
    groups: dict[tuple[str, str], list] = {}
    for m, payload in measurements:
        who = m.resident.full_name if m.resident_id else _("Het hele huishouden")
        groups.setdefault((m.instrument, who), []).append((m, payload))
    result = []
    for (instrument, who), items in groups.items():
        zrm = instrument == Measurement.Instrument.ZRM
        columns: list[tuple[str, StrOrPromise]] = (
            list(LifeDomain.choices) if zrm else [(k, _(v)) for k, v in POSITIVE_HEALTH]
        )
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


@role_required(*PLAN_READERS)
def plan(request: HttpRequest, household_pk: int) -> HttpResponse:
    actor = actor_of(request)
    household, plan = auth.household_plan(actor, household_pk)
    content = services.current_content(actor, plan) if plan else None
    version = plan.versions.get(number=plan.current_version) if plan else None
    signatures = list(version.signatures.select_related("user")) if version else []
    signed = any(s.user_id == actor.user.pk for s in signatures)
    measurements = services.measurement_series(actor, household)
    # One timeline over every app (core/timeline.py), per member and life domain; only
    # the members an item is about are named (and their names logged).
    everything = timeline.collect(actor, household.pk)
    about = {item.member_id for item in everything.items}
    residents = list(
        Resident.objects.filter(household=household, pk__in=about).order_by("birth_date", "pk")
    )
    registration.show(
        actor, [*residents, *(m.resident for m, _p in measurements if m.resident is not None)]
    )
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
    own = vault.own_resident(actor)
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
            "may_sign": plan is not None and auth.may_sign(actor, plan) and not signed,
            "may_edit": auth.can_write_household(actor, household),
            "may_choose_coach": plan is not None and auth.may_choose_coach(actor, household),
            "cosigner_form": cosigner_form,
            "cosigners": cosigners,
            "start_form": StartPlanForm(),
            "series": _series(measurements),
            "decisions": decisions,
            "owner_labels": dict(_owner_labels()),
            "status_labels": dict(_status_labels()),
            "timeline_sections": grouped(everything, residents),
            "timeline_hidden": everything.hidden,
        },
    )


def _owner_labels():
    from .forms import OWNER_CHOICES

    return OWNER_CHOICES


def _status_labels():
    from .forms import STATUS_CHOICES

    return STATUS_CHOICES


@require_POST
@role_required(*PLAN_READERS)
def plan_start(request: HttpRequest, household_pk: int) -> HttpResponse:
    actor = actor_of(request)
    household = auth.access_household(actor, household_pk)
    form = StartPlanForm(request.POST)
    template = form.cleaned_data["template"] if form.is_valid() else ""
    _plan, created = services.start_plan(actor, household, template=template)
    if created:
        messages.success(request, _("Het plan is gestart. Schrijf de doelen samen op."))
    else:
        messages.info(
            request, _("Dit huishouden heeft al een plan. Er is maar één plan per huishouden.")
        )
    return redirect("support:plan_edit", household.pk)


@role_required(*PLAN_READERS)
def plan_edit(request: HttpRequest, household_pk: int) -> HttpResponse:
    """Goals in the resident's own words and actions; saving makes a new version."""
    actor = actor_of(request)
    household, plan = auth.household_plan(actor, household_pk)
    if plan is None:
        return redirect("support:plan", household.pk)
    if not auth.can_write_household(actor, household):
        raise PermissionDenied
    content = services.current_content(actor, plan)
    form = PlanForm(
        request.POST or None, content=content, initial={"version": plan.current_version}
    )
    stale_from = None
    if request.method == "POST" and form.is_valid():
        try:
            version = services.change_plan(
                actor,
                plan,
                form.plan_content(),
                note=form.cleaned_data["note"],
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            if not is_stale(error):
                on_form(form, error)
            else:
                # Someone saved a newer version: show the form again as it was typed, on
                # the version it was made from (it stays refused; nothing is overwritten).
                stale_from = form.cleaned_data["version"]
                messages.error(request, str(STALE_MESSAGE))
                old = plan.versions.filter(number=stale_from).first()
                if old is not None:
                    form = PlanForm(request.POST, content=services.read(actor, old.record))
                    form.is_valid()
        else:
            messages.success(
                request, _("Opgeslagen als versie %(n)s van het plan.") % {"n": version.number}
            )
            return redirect("support:plan", household.pk)
    return render(
        request,
        "support/plan_edit.html",
        {"form": form, "plan": plan, "household": household, "stale_from": stale_from},
        status=409 if stale_from is not None else 200,
    )


@require_POST
@role_required(*SIGNERS)
def plan_sign(request: HttpRequest, household_pk: int) -> HttpResponse:
    actor = actor_of(request)
    plan = auth.access_plan(actor, household_pk)
    try:
        number = int(request.POST.get("version", "0"))
    except ValueError:
        number = 0
    try:
        services.sign_plan(actor, plan, version_number=number)
    except ValidationError as error:  # a refusal to sign (PermissionDenied) stays a 403
        as_messages(request, error)
    else:
        messages.success(request, _("U heeft versie %(n)s van het plan getekend.") % {"n": number})
    return redirect("support:plan", household_pk)


@require_POST
@role_required(*RESIDENTS)
def plan_cosigners(request: HttpRequest, household_pk: int) -> HttpResponse:
    """The household chooses which network members sign the plan too."""
    actor = actor_of(request)
    plan = auth.access_plan(actor, household_pk)
    form = CosignerForm(request.POST, members=services.network_members(plan.household))
    if not form.is_valid():
        messages.error(request, _("Kies alleen mensen uit de lijst."))
        return redirect("support:plan", household_pk)
    users = list(User.objects.filter(pk__in=form.cleaned_data["users"]))
    try:
        chosen = services.set_cosigners(actor, plan, users=users)
    except ValidationError as error:
        as_messages(request, error)
    else:
        if chosen:
            messages.success(
                request,
                _("Deze mensen kunnen het plan nu mee tekenen: %(names)s.")
                % {"names": ", ".join(c.user.display_name for c in chosen)},
            )
        else:
            messages.success(request, _("Alleen uw huishouden tekent het plan."))
    return redirect("support:plan", household_pk)


@role_required(*COACH_CHOOSERS)
def plan_coach(request: HttpRequest, household_pk: int) -> HttpResponse:
    """Choose or change the coach (regisseur): from the organisation most involved."""
    actor = actor_of(request)
    plan = auth.access_plan(actor, household_pk)
    household = plan.household
    if not auth.may_choose_coach(actor, household):
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
                actor,
                plan,
                coach=get_object_or_404(User, pk=coach_id),
                organisation=get_object_or_404(Organisation, pk=organisation_id),
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            on_form(form, error)
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


@role_required(*PLAN_READERS)
def plan_compare(request: HttpRequest, household_pk: int) -> HttpResponse:
    """Two versions side by side: what was added, changed or removed."""
    actor = actor_of(request)
    plan = auth.access_plan(actor, household_pk)
    versions = list(plan.versions.select_related("created_by").prefetch_related("signatures"))
    try:
        new_n = parse_int(request.GET.get("nieuw", plan.current_version), "nieuw", minimum=1)
        old_n = parse_int(request.GET.get("oud", max(new_n - 1, 1)), "oud", minimum=1)
    except NumberError:
        new_n, old_n = plan.current_version, max(plan.current_version - 1, 1)
    by_number = {v.number: v for v in versions}
    if old_n not in by_number or new_n not in by_number:
        new_n, old_n = plan.current_version, max(plan.current_version - 1, 1)
    old = services.read(actor, by_number[old_n].record)
    new = services.read(actor, by_number[new_n].record)
    return render(
        request,
        "support/plan_compare.html",
        {
            "household": plan.household,
            "plan": plan,
            "versions": versions,
            "old_n": old_n,
            "new_n": new_n,
            "diff": services.compare(old, new),
            "domain_labels": dict(LifeDomain.choices),
            "note": new.get("note", ""),
        },
    )


@role_required(*PLAN_READERS)
def plan_pdf(request: HttpRequest, household_pk: int) -> HttpResponse:
    actor = actor_of(request)
    plan = auth.access_plan(actor, household_pk)
    content = services.current_content(actor, plan)
    labels = dict(LifeDomain.choices)
    context = {
        "plan": plan,
        "household": plan.household,
        "goals": [{**g, "domain_label": labels.get(g["domain"], "")} for g in content["goals"]],
        "actions": content["actions"],
        "signatures": plan.versions.get(number=plan.current_version).signatures.select_related(
            "user"
        ),
        "owner_labels": dict(_owner_labels()),
        "status_labels": dict(_status_labels()),
    }
    return pdf_response("support/plan_pdf.html", context, request, f"plan-{household_pk}.pdf")


@role_required(*PLAN_READERS)
def measure(request: HttpRequest, household_pk: int) -> HttpResponse:
    """Record scores; a resident's own entry counts as a self-assessment."""
    actor = actor_of(request)
    household = auth.writable_household(actor, household_pk)
    members = list(Resident.objects.filter(household=household).order_by("birth_date"))
    form = MeasurementForm(request.POST or None, members=members)
    if request.method == "POST" and form.is_valid():
        person = form.cleaned_data["person"]
        resident = next((m for m in members if str(m.pk) == person), None)
        try:
            services.record_measurement(
                actor,
                household,
                instrument=form.cleaned_data["instrument"],
                scores=form.scores(),
                note=form.cleaned_data["note"],
                resident=resident,
            )
        except ValidationError as error:
            on_form(form, error)
        else:
            messages.success(request, _("De meting is opgeslagen."))
            return redirect("support:plan", household.pk)
    registration.show(actor, members)
    return render(request, "support/measure.html", {"form": form, "household": household})
