"""Pages of the ombudsman desk. Thin: parse input, call services.py, render.

Objects are found only through authorisation.py. A complaint's contact details appear
only on the ombudsman's case page; the council's pages show counts (disclosed) and
signals, never a complaint's text.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from leefwereld.core.access import role_required
from leefwereld.core.actor import actor_of
from leefwereld.core.pdf import pdf_response
from leefwereld.core.refusals import act, on_form
from leefwereld.core.roles import Role

from . import figures, services
from .authorisation import (
    CASEWORK,
    OMBUDSMAN,
    POLICY_OFFICERS,
    POLICY_READERS,
    REGISTRARS,
    RESIDENTS,
    access_desk,
    access_own,
    access_signal,
    access_team,
    desk_complaints,
    own_complaints,
    team_complaints,
    visible_signals,
)
from .forms import (
    CategoryForm,
    CauseForm,
    ComplaintForm,
    FeedbackForm,
    FollowForm,
    FollowUpForm,
    ResolveForm,
    SignalForm,
    StepForm,
)
from .models import Category, Complaint, ComplaintEvent
from .transitions import Event, allowed_events

LIST_LIMIT = 200
RECEIPT = "ombudsman_receipt"


def _filed(request: HttpRequest, form: ComplaintForm, actor, channel=None) -> HttpResponse | None:
    data = form.cleaned_data
    contact = {k: data.get(k, "") for k in ("name", "email", "phone")}
    try:
        filed = services.file_complaint(
            actor,
            about=data["about"],
            category=data["category"],
            summary=data["summary"],
            description=data["description"],
            organisation=data.get("organisation"),
            neighbourhood=data.get("neighbourhood"),
            contact=contact,
            channel=channel,
        )
    except ValidationError as error:
        on_form(form, error)
        return None
    request.session[RECEIPT] = {"number": filed.complaint.number, "code": filed.code}
    return redirect("ombudsman:receipt")


def file(request: HttpRequest) -> HttpResponse:
    """Anyone files a complaint; a logged-in resident about themself, without contact form."""
    user = request.user
    resident = user.is_authenticated and user.role == Role.RESIDENT
    staff = user.is_authenticated and not resident
    form = ComplaintForm(request.POST or None, anonymous=not user.is_authenticated)
    if request.method == "POST" and not staff and form.is_valid():
        actor = actor_of(request) if resident else None
        try:
            done = _filed(request, form, actor)
        except PermissionDenied as error:
            messages.error(request, str(error))
            done = None
        if done is not None:
            return done
    return render(request, "ombudsman/file.html", {"form": form, "staff": staff})


def receipt(request: HttpRequest) -> HttpResponse:
    """The receipt, shown once: the case number, the secret code and the deadline."""
    data = request.session.pop(RECEIPT, None)
    if not data:
        return redirect("ombudsman:file")
    complaint = Complaint.objects.select_related("category__parent").get(number=data["number"])
    return render(request, "ombudsman/receipt.html", {"complaint": complaint, "code": data["code"]})


def _history(complaint: Complaint) -> list[ComplaintEvent]:
    return list(complaint.events.order_by("at", "pk"))


def follow(request: HttpRequest) -> HttpResponse:
    """Follow a complaint with its number and code; give feedback once it is answered."""
    form = FollowForm(request.POST or None)
    complaint = None
    feedback = None
    if request.method == "POST" and form.is_valid():
        complaint = services.find_by_code(form.cleaned_data["number"], form.cleaned_data["code"])
        if complaint is None:
            form.add_error(None, _("Wij vinden geen klacht met dit zaaknummer en deze code."))
        elif "satisfied" in request.POST:
            feedback = FeedbackForm(request.POST)
            if feedback.is_valid():
                answer = feedback.cleaned_data
                act(
                    request,
                    lambda: services.give_feedback(
                        None, complaint, satisfied=answer["satisfied"], note=answer["note"]
                    ),
                    _("Dank u voor uw reactie."),
                )
                complaint.refresh_from_db()
                feedback = None
    return render(
        request,
        "ombudsman/follow.html",
        {
            "form": form,
            "complaint": complaint,
            "history": _history(complaint) if complaint else [],
            "feedback": feedback or FeedbackForm(),
        },
    )


@role_required(*RESIDENTS)
def mine(request: HttpRequest) -> HttpResponse:
    """'Waar sta ik?' for complaints."""
    rows = list(
        own_complaints(actor_of(request))
        .select_related("category__parent", "organisation")
        .order_by("-received_on", "-pk")
    )
    return render(request, "ombudsman/mine.html", {"complaints": rows})


@role_required(*RESIDENTS)
def my_complaint(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = access_own(actor_of(request), pk)
    return render(
        request,
        "ombudsman/my_complaint.html",
        {"complaint": complaint, "history": _history(complaint), "feedback": FeedbackForm()},
    )


@require_POST
@role_required(*RESIDENTS)
def my_feedback(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    complaint = access_own(actor, pk)
    form = FeedbackForm(request.POST)
    if form.is_valid():
        act(
            request,
            lambda: services.give_feedback(
                actor,
                complaint,
                satisfied=form.cleaned_data["satisfied"],
                note=form.cleaned_data["note"],
            ),
            _("Dank u voor uw reactie."),
        )
    else:
        messages.error(request, _("Kies of u tevreden bent met het antwoord."))
    return redirect("ombudsman:my_complaint", pk=pk)


@require_POST
@role_required(*RESIDENTS)
def my_pillar_to_post(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    complaint = access_own(actor, pk)
    act(
        request,
        lambda: services.report_pillar_to_post(actor, complaint),
        _("Dank u. Het actieteam van de gemeente neemt uw klacht nu over."),
    )
    return redirect("ombudsman:my_complaint", pk=pk)


# --- the ombudsman --------------------------------------------------------------------------------


@role_required(*OMBUDSMAN)
def desk(request: HttpRequest) -> HttpResponse:
    """Open complaints first, the most urgent deadline on top; filter by state or lateness."""
    state = request.GET.get("status", "open")
    rows = desk_complaints(actor_of(request)).select_related(
        "category__parent", "organisation", "action_team"
    )
    if state == "open":
        rows = rows.filter(state__in=["received", "handling", "action_team"])
    elif state == "late":
        rows = rows.filter(times_late__gte=1, state__in=["received", "handling", "action_team"])
    elif state in Complaint.StateChoices.values:
        rows = rows.filter(state=state)
    rows = rows.order_by("deadline", "pk")[:LIST_LIMIT]
    return render(
        request,
        "ombudsman/desk.html",
        {
            "complaints": list(rows),
            "status": state,
            "states": Complaint.StateChoices.choices,
            "today": timezone.localdate(),
        },
    )


@role_required(*REGISTRARS)
def register(request: HttpRequest) -> HttpResponse:
    """Staff register a complaint that came in by phone, letter or at the counter."""
    form = ComplaintForm(request.POST or None, anonymous=True, staff=True)
    if request.method == "POST" and form.is_valid():
        done = _filed(request, form, actor_of(request), form.cleaned_data["channel"])
        if done is not None:
            return done
    return render(request, "ombudsman/register.html", {"form": form})


STEP_LABELS = {
    Event.TAKE_UP: gettext_lazy("In behandeling nemen"),
    Event.EXTEND: gettext_lazy("Termijn verdagen (4 weken, één keer)"),
    Event.HAND_OFF: gettext_lazy("Naar het actieteam"),
    Event.ANSWER: gettext_lazy("Antwoord versturen"),
    Event.CLOSE: gettext_lazy("Afsluiten (geen reactie van de inwoner)"),
    Event.WITHDRAW: gettext_lazy("Intrekken op verzoek van de inwoner"),
}


@role_required(*OMBUDSMAN)
def case(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = access_desk(actor_of(request), pk)
    steps = [(e.value, STEP_LABELS[e]) for e in allowed_events(complaint.state) if e in STEP_LABELS]
    contact = getattr(complaint, "contact", None) if complaint.resident_id is None else None
    return render(
        request,
        "ombudsman/case.html",
        {
            "complaint": complaint,
            "contact": contact,
            "history": list(complaint.events.select_related("actor").order_by("at", "pk")),
            "steps": steps,
            "step_form": StepForm(),
            "cause_form": CauseForm(initial={"cause": complaint.cause}),
            "today": timezone.localdate(),
        },
    )


@require_POST
@role_required(*OMBUDSMAN)
def step(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    complaint = access_desk(actor, pk)
    event = request.POST.get("event", "")
    if event not in {e.value for e in STEP_LABELS}:
        messages.error(request, _("Kies een stap."))
        return redirect("ombudsman:case", pk=pk)
    form = StepForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    act(
        request,
        lambda: services.transition(actor, complaint, event, note=note),
        _("De stap is vastgelegd."),
    )
    return redirect("ombudsman:case", pk=pk)


@require_POST
@role_required(*OMBUDSMAN)
def cause(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    complaint = access_desk(actor, pk)
    act(
        request,
        lambda: services.tag_cause(actor, complaint, request.POST.get("cause", "")),
        _("De beleidsoorzaak is vastgelegd."),
    )
    return redirect("ombudsman:case", pk=pk)


@role_required(*OMBUDSMAN)
def categories(request: HttpRequest) -> HttpResponse:
    """The ombudsman adds, renames and retires categories and sub-categories."""
    actor = actor_of(request)
    editing = None
    if request.GET.get("wijzig"):
        editing = Category.objects.filter(pk=request.GET["wijzig"]).first()
        if editing is None:
            raise Http404
    initial = (
        {"name": editing.name, "parent": editing.parent_id, "active": editing.active}
        if editing
        else {"active": True}
    )
    form = CategoryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_category(
                actor,
                name=form.cleaned_data["name"],
                parent=form.cleaned_data["parent"],
                active=form.cleaned_data["active"],
                category=editing,
            )
        except ValidationError as error:
            on_form(form, error)
        else:
            messages.success(request, _("De categorie is opgeslagen."))
            return redirect("ombudsman:categories")
    rows = Category.objects.select_related("parent").order_by("parent__name", "name")
    return render(
        request, "ombudsman/categories.html", {"form": form, "rows": rows, "editing": editing}
    )


# --- the action team ------------------------------------------------------------------------------


@role_required(*CASEWORK)
def team(request: HttpRequest) -> HttpResponse:
    rows = (
        team_complaints(actor_of(request))
        .select_related("category__parent", "organisation")
        .order_by("state", "deadline", "pk")[:LIST_LIMIT]
    )
    return render(request, "ombudsman/team.html", {"complaints": list(rows)})


@role_required(*CASEWORK)
def team_case(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = access_team(actor_of(request), pk)
    return render(
        request,
        "ombudsman/team_case.html",
        {"complaint": complaint, "history": _history(complaint), "form": ResolveForm()},
    )


@require_POST
@role_required(*CASEWORK)
def resolve(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    complaint = access_team(actor, pk)
    form = ResolveForm(request.POST)
    text = form.cleaned_data["resolution"] if form.is_valid() else ""
    act(
        request,
        lambda: services.resolve(actor, complaint, text),
        _("Vastgelegd. De ombudsman beantwoordt de klacht."),
    )
    return redirect("ombudsman:team_case", pk=pk)


# --- from complaints to policy --------------------------------------------------------------------


def _protect(request: HttpRequest) -> bool:
    """Everyone but the ombudsman sees disclosed counts only."""
    return actor_of(request).role != Role.OMBUDSMAN


@role_required(*POLICY_READERS)
def patterns(request: HttpRequest) -> HttpResponse:
    dimension = request.GET.get("naar", "category")
    if dimension not in figures.DIMENSIONS:
        dimension = "category"
    quarters = figures.last_quarters(timezone.localdate(), 4)
    protect = _protect(request)
    table = figures.pattern(dimension, quarters, protect=protect)
    return render(
        request,
        "ombudsman/patterns.html",
        {
            "table": table,
            "dimension": dimension,
            "dimensions": figures.DIMENSIONS.items(),
            "threshold": figures.THRESHOLD,
            "rounding_base": figures.ROUNDING_BASE,
            "protect": protect,
        },
    )


@role_required(*POLICY_READERS)
def signals(request: HttpRequest) -> HttpResponse:
    rows = (
        visible_signals(actor_of(request))
        .select_related("blocking_rule")
        .annotate(n=Count("complaints"))
        .order_by("closed_at", "-created_at")
    )
    return render(request, "ombudsman/signals.html", {"signals": list(rows)})


@role_required(*OMBUDSMAN)
def signal_new(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    initial = {}
    if request.GET.get("zaak"):
        initial["complaints"] = request.GET["zaak"]
        first = Complaint.objects.filter(number=request.GET["zaak"]).first()
        if first is not None:
            initial["cause"] = first.cause
    form = SignalForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            signal = services.send_signal(
                actor,
                title=form.cleaned_data["title"],
                recommendation=form.cleaned_data["recommendation"],
                complaints=form.cleaned_data["complaints"],
                cause=form.cleaned_data["cause"],
                blocking_rule=form.cleaned_data["blocking_rule"],
            )
        except ValidationError as error:
            on_form(form, error)
        else:
            messages.success(request, _("Het signaal is naar de gemeente en de raad gestuurd."))
            return redirect("ombudsman:signal", pk=signal.pk)
    return render(request, "ombudsman/signal_new.html", {"form": form})


@role_required(*POLICY_READERS)
def signal(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    item = access_signal(actor, pk)
    return render(
        request,
        "ombudsman/signal.html",
        {
            "signal": item,
            "numbers": list(item.complaints.order_by("number").values_list("number", flat=True)),
            "form": FollowUpForm()
            if actor.role in POLICY_OFFICERS and not item.closed_at
            else None,
        },
    )


@require_POST
@role_required(*POLICY_OFFICERS)
def signal_follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    item = access_signal(actor, pk)
    form = FollowUpForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Schrijf wat de gemeente met dit signaal doet."))
    else:
        act(
            request,
            lambda: services.respond_to_signal(
                actor,
                item,
                follow_up=form.cleaned_data["follow_up"],
                close=form.cleaned_data["close"],
            ),
            _("De opvolging is vastgelegd."),
        )
    return redirect("ombudsman:signal", pk=pk)


def _quarter(request: HttpRequest) -> figures.Quarter:
    current = figures.quarter_of(timezone.localdate())
    raw = request.GET.get("kwartaal", "")
    try:
        year, q = (int(p) for p in raw.split("-K"))
    except ValueError:
        return current
    if not (1 <= q <= 4 and 2000 <= year <= current[0]):
        return current
    return year, q


def _report_context(request: HttpRequest) -> dict:
    quarter = _quarter(request)
    protect = _protect(request)
    return {
        "report": figures.quarter_report(quarter, protect=protect),
        "quarters": [f"{y}-K{q}" for y, q in figures.last_quarters(timezone.localdate(), 8)][::-1],
        "protect": protect,
        "selected": f"{quarter[0]}-K{quarter[1]}",
        "threshold": figures.THRESHOLD,
        "rounding_base": figures.ROUNDING_BASE,
    }


@role_required(*POLICY_READERS)
def report(request: HttpRequest) -> HttpResponse:
    return render(request, "ombudsman/report.html", _report_context(request))


@role_required(*POLICY_READERS)
def report_pdf(request: HttpRequest) -> HttpResponse:
    context = _report_context(request)
    year, q = context["report"].quarter
    return pdf_response("ombudsman/report_pdf.html", context, request, f"klachten-{year}-K{q}.pdf")
