"""Pages of the help routes. Thin: parse input, call services.py, render.

Residents: 'Waar sta ik?' (their requests, what happens next), asking for help, reporting
being sent from pillar to post, and which organisations registered involvement.
Case workers: the worklist (incoming handovers, own requests, escalations for the regie
team), a request's route, referring, and the involvement signal. Council members and
policy officers: the figures. Objects are found only through routes/authorisation.py;
every page that shows a resident's name to someone other than the resident passes them to
`vault.registration.show` (which logs them); the question itself is read only through the
vault's audited read.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from leefwereld.core import timeline
from leefwereld.core.access import role_required
from leefwereld.core.actor import Actor, actor_of
from leefwereld.core.models import NeighbourhoodTeam, Organisation, Resident
from leefwereld.core.refusals import act, on_form
from leefwereld.vault import access as vault
from leefwereld.vault import registration
from leefwereld.vault.models import Category

from . import explain, figures, services
from .authorisation import (
    CASEWORK,
    COUNCIL,
    RESIDENTS,
    TEAM_LEADS,
    access_escalation,
    access_involvement,
    access_request,
    access_signal,
    organisation_ids,
    resident_by_bsn,
    subjects,
    team_signals,
    visible_involvements,
    visible_requests,
    visible_signals,
    works_for,
)
from .forms import (
    CloseForm,
    EndInvolvementForm,
    HelpRequestForm,
    InvolvementForm,
    NoteForm,
    OpenForResidentForm,
    ReferForm,
)
from .models import Escalation, HelpRequest

LIST_LIMIT = 100
# What 'Waar sta ik?' and the worklist need of a request, in one query.
WITH_NOW = (
    "resident",
    "current_organisation",
    "responsible_user",
    "current_handover__from_organisation",
)


def _open_escalations(requests: list[HelpRequest]) -> dict[int, Escalation]:
    ids = [r.pk for r in requests if r.status == HelpRequest.Status.ESCALATED]
    if not ids:
        return {}
    rows = Escalation.objects.filter(
        request_id__in=ids, owner__isnull=True, cancelled_at__isnull=True
    ).order_by("opened_at", "pk")
    return {e.request_id: e for e in rows}


def _timeline(help_request: HelpRequest):
    events = help_request.events.select_related(
        "organisation", "actor", "handover__from_organisation"
    ).order_by("occurred_at", "pk")
    return [(event, explain.event_sentence(event)) for event in events]


# --- residents ------------------------------------------------------------------------------


@role_required(*RESIDENTS)
def where_am_i(request: HttpRequest) -> HttpResponse:
    """'Waar sta ik?': every request of the resident (and children they represent)."""
    actor = actor_of(request)
    own = visible_requests(actor)
    services.catch_up(requests=own)
    rows = list(own.select_related(*WITH_NOW).order_by("closed_at", "-opened_at"))
    mine = subjects(actor)
    escalations = _open_escalations(rows)
    today = timezone.localdate()
    items = [(r, explain.now_for(r, today, escalations.get(r.pk))) for r in rows]
    # The names of represented children are shown (and logged); the resident's own is not.
    registration.show(actor, [r.resident for r in rows if mine and r.resident_id != mine[0].pk])
    # "Mijn hulp" is the one page for everything the resident asked for or receives: the
    # help requests above, and what the other apps do for the household (Wmo meldingen and
    # decisions, debt help, youth help, work) from the household timeline.
    household_id = mine[0].household_id if mine else None
    other_help = []
    if household_id is not None:
        other_help = [
            item
            for item in timeline.collect(actor, household_id).items
            if item.app != "routes" and item.kind not in ("goal", "action")
        ]
    return render(
        request,
        "routes/where_am_i.html",
        {
            "subjects": mine,
            "household_id": household_id,
            "open_items": [i for i in items if i[0].is_open],
            "closed_items": [i for i in items if not i[0].is_open],
            "other_help": other_help,
        },
    )


@role_required(*RESIDENTS)
def ask(request: HttpRequest) -> HttpResponse:
    """'Hulp vragen': what is your question about? Each answer leads to the right form."""
    return render(request, "routes/ask.html", {})


@role_required(*RESIDENTS)
def my_request(request: HttpRequest, pk: int) -> HttpResponse:
    """One request: what happens now, the whole route as a timeline, and the question."""
    actor = actor_of(request)
    services.catch_up(requests=visible_requests(actor).filter(pk=pk))
    help_request = access_request(actor, pk, *WITH_NOW)
    content = {}
    if help_request.record_id is not None:
        try:
            content = services.read_content(actor, help_request)
        except (vault.AccessDenied, vault.RecordErased):
            content = {}
    escalation = services.open_escalation(help_request)
    today = timezone.localdate()
    shared = services.shared_with(help_request, help_request.current_organisation_id)
    return render(
        request,
        "routes/my_request.html",
        {
            "help_request": help_request,
            "now": explain.now_for(help_request, today, escalation),
            "timeline": _timeline(help_request),
            "content": content,
            "may_share": help_request.is_open
            and help_request.record_id is not None
            and help_request.current_organisation_id is not None
            and not shared,
            "shared": shared,
        },
    )


@role_required(*RESIDENTS)
def request_new(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    mine = subjects(actor)
    if not mine:
        raise Http404(_("Uw account is nog niet gekoppeld aan een inwoner."))
    hood = (
        Resident.objects.filter(pk=mine[0].pk)
        .values_list("household__address__neighbourhood_id", flat=True)
        .first()
    )
    teams = (
        list(
            NeighbourhoodTeam.objects.filter(neighbourhoods=hood).values_list(
                "organisation_id", flat=True
            )
        )
        if hood
        else []
    )
    form = HelpRequestForm(request.POST or None, subjects=mine, first=teams)
    # "Hulp vragen" (routes:ask) sends the topic the resident chose along.
    if request.GET.get("onderwerp") in dict(Category.choices):
        form.fields["category"].initial = request.GET["onderwerp"]
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            help_request = services.open_request(
                actor,
                data["subject"],
                organisation=get_object_or_404(Organisation, pk=data["organisation"]),
                category=data["category"],
                question=data["question"],
                share=data["share"],
            )
        except ValidationError as error:
            on_form(form, error)
        else:
            messages.success(
                request,
                _("Uw vraag is verstuurd. Hieronder ziet u wat er nu gebeurt."),
            )
            return redirect("routes:my_request", pk=help_request.pk)
    return render(request, "routes/request_new.html", {"form": form})


def _resident_action(request: HttpRequest, pk: int, verb, success: str) -> HttpResponse:
    actor = actor_of(request)
    help_request = access_request(actor, pk, *WITH_NOW)
    act(request, lambda: verb(actor, help_request), success)
    return redirect("routes:my_request", pk=pk)


@require_POST
@role_required(*RESIDENTS)
def pillar_to_post(request: HttpRequest, pk: int) -> HttpResponse:
    """'Ik word van het kastje naar de muur gestuurd': the request escalates at once."""
    return _resident_action(
        request,
        pk,
        services.report_pillar_to_post,
        _("Dank u voor uw melding. Het regieteam van de gemeente neemt uw vraag over en belt u."),
    )


@require_POST
@role_required(*RESIDENTS)
def share(request: HttpRequest, pk: int) -> HttpResponse:
    return _resident_action(
        request,
        pk,
        services.share_with_current_organisation,
        _("De organisatie mag uw vraag nu lezen. U kunt dit intrekken bij 'Mijn gegevens'."),
    )


@require_POST
@role_required(*RESIDENTS)
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    return _resident_action(
        request, pk, services.withdraw_request, _("Uw hulpvraag is ingetrokken.")
    )


@role_required(*RESIDENTS)
def my_involvements(request: HttpRequest) -> HttpResponse:
    """Which organisations registered involvement with the resident (or their children):
    only the organisation and since when — not who, not why."""
    actor = actor_of(request)
    rows = list(
        visible_involvements(actor)
        .select_related("organisation")
        .only("resident_id", "starts_on", "organisation__name", "organisation__phone")
        .order_by("organisation__name")
    )
    groups = [(s, [r for r in rows if r.resident_id == s.pk]) for s in subjects(actor)]
    return render(request, "routes/my_involvements.html", {"groups": groups})


# --- case workers -----------------------------------------------------------------------------


@role_required(*CASEWORK)
def worklist(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    orgs = organisation_ids(actor)
    services.catch_up(requests=visible_requests(actor))
    base = HelpRequest.objects.select_related(*WITH_NOW)
    incoming = list(
        base.filter(
            status=HelpRequest.Status.WAITING,
            current_handover__to_organisation_id__in=orgs,
            current_handover__status="pending",
        ).order_by("next_deadline", "pk")[:LIST_LIMIT]
    )
    mine = list(
        base.filter(responsible_user=actor.user)
        .exclude(status=HelpRequest.Status.CLOSED)
        .order_by("next_deadline", "pk")[:LIST_LIMIT]
    )
    regie = list(
        Escalation.objects.filter(
            regie_organisation_id__in=orgs, owner__isnull=True, cancelled_at__isnull=True
        )
        .select_related("request__resident", "from_organisation", "suggested_organisation")
        .order_by("own_by", "pk")[:LIST_LIMIT]
    )
    registration.show(
        actor,
        [r.resident for r in incoming]
        + [r.resident for r in mine]
        + [e.request.resident for e in regie],
    )
    return render(
        request,
        "routes/worklist.html",
        {
            "incoming": incoming,
            "mine": mine,
            "regie": regie,
            "today": timezone.localdate(),
            "max_referrals": services.MAX_REFERRALS,
        },
    )


def _my_organisations(actor: Actor) -> list[Organisation]:
    return list(Organisation.objects.filter(pk__in=organisation_ids(actor)).order_by("name"))


def _resident_by_bsn(actor: Actor, form) -> Resident | None:
    """The resident of the form's BSN if the case worker may reach them; otherwise the
    same form error whether the BSN exists or not."""
    resident = resident_by_bsn(actor, form.cleaned_data["bsn"])
    if resident is None:
        form.add_error("bsn", services.OUT_OF_REACH)
    return resident


@role_required(*CASEWORK)
def request_open_for(request: HttpRequest) -> HttpResponse:
    """A professional opens a request at their own organisation for a resident."""
    actor = actor_of(request)
    form = OpenForResidentForm(request.POST or None, organisations=_my_organisations(actor))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        resident = _resident_by_bsn(actor, form)
        if resident is not None:
            try:
                help_request = services.open_request(
                    actor,
                    resident,
                    organisation=get_object_or_404(Organisation, pk=data["organisation"]),
                    category=data["category"],
                    question=data["question"],
                )
            except ValidationError as error:
                on_form(form, error)
            else:
                registration.show(actor, [resident])
                messages.success(request, _("De hulpvraag is geopend. U bent verantwoordelijk."))
                return redirect("routes:request_detail", pk=help_request.pk)
    return render(request, "routes/request_open_for.html", {"form": form})


CASEWORK_RELATED = (*WITH_NOW, "resident__household__address")


@role_required(*CASEWORK)
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    services.catch_up(requests=visible_requests(actor).filter(pk=pk))
    help_request = access_request(actor, pk, *CASEWORK_RELATED)
    registration.show(actor, [help_request.resident])
    handover = help_request.current_handover
    escalations = list(
        help_request.escalations.select_related(
            "regie_organisation", "owner", "from_organisation", "suggested_organisation"
        )
    )
    open_escalation = next(
        (e for e in reversed(escalations) if e.owner_id is None and e.cancelled_at is None), None
    )
    regie = services.held_by_regie(help_request)
    holder = regie.regie_organisation_id if regie else help_request.current_organisation_id
    pending = handover is not None and handover.status == "pending"
    works_for_current = works_for(actor, help_request.current_organisation_id)
    content = None
    record_exists = help_request.record_id is not None
    if services.may_read_content(actor, help_request):
        try:
            content = services.read_content(actor, help_request)
        except vault.RecordErased:
            record_exists = False  # the resident erased the text

    actions = {
        "accept": pending
        and handover is not None
        and works_for(actor, handover.to_organisation_id),
        "refuse": pending
        and handover is not None
        and handover.kind == "referral"
        and works_for(actor, handover.to_organisation_id),
        "refer": help_request.status in ("waiting", "in_progress") and works_for(actor, holder),
        "escalate": help_request.status in ("waiting", "in_progress") and works_for_current,
        "take_ownership": open_escalation is not None
        and works_for(actor, open_escalation.regie_organisation_id),
        "close": help_request.status == "in_progress" and works_for_current,
        "note": help_request.is_open
        and works_for_current
        and services.may_write_content(actor, help_request),
    }
    today = timezone.localdate()
    return render(
        request,
        "routes/request_detail.html",
        {
            "help_request": help_request,
            "now": explain.now_for(help_request, today, open_escalation),
            "handovers": help_request.handovers.select_related(
                "from_organisation", "to_organisation", "sent_by", "decided_by"
            ),
            "escalations": escalations,
            "open_escalation": open_escalation,
            "timeline": _timeline(help_request),
            "content": content,
            "record_exists": record_exists,
            "may_ask_access": actor.role in CASEWORK,
            "actions": actions,
            "close_form": CloseForm(),
            "note_form": NoteForm(),
            "max_referrals": services.MAX_REFERRALS,
            "today": today,
        },
    )


@role_required(*CASEWORK)
def refer(request: HttpRequest, pk: int) -> HttpResponse:
    """Refer to another organisation; the second time with a warning, a third attempt goes
    to the regie team instead."""
    actor = actor_of(request)
    help_request = access_request(actor, pk, *CASEWORK_RELATED)
    regie = services.held_by_regie(help_request)
    holder = regie.regie_organisation_id if regie else help_request.current_organisation_id
    if help_request.status not in ("waiting", "in_progress") or not works_for(actor, holder):
        raise PermissionDenied
    third = regie is None and help_request.referral_count >= services.MAX_REFERRALS
    second = regie is None and help_request.referral_count + 1 == services.MAX_REFERRALS
    form = ReferForm(request.POST or None, exclude=help_request.current_organisation_id)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = services.refer(
                actor,
                help_request,
                to_organisation=get_object_or_404(Organisation, pk=data["to_organisation"]),
                note=data["note"],
            )
        except ValidationError as error:
            on_form(form, error)
        else:
            if result.escalation is not None:
                messages.warning(
                    request,
                    _(
                        "Een derde verwijzing kan niet. De vraag is nu bij het regieteam van de "
                        "gemeente (%(org)s). Zij nemen uiterlijk %(day)s de regie."
                    )
                    % {
                        "org": result.escalation.regie_organisation.name,
                        "day": result.escalation.own_by.strftime("%d-%m-%Y"),
                    },
                )
            else:
                assert result.handover is not None  # refer hands over when it does not escalate
                messages.success(
                    request,
                    _(
                        "De vraag is doorgestuurd. U blijft verantwoordelijk tot %(org)s hem "
                        "aanneemt."
                    )
                    % {"org": result.handover.to_organisation.name},
                )
                if result.warning:
                    messages.warning(request, result.warning)
            return redirect("routes:request_detail", pk=pk)
    registration.show(actor, [help_request.resident])
    return render(
        request,
        "routes/refer.html",
        {
            "help_request": help_request,
            "form": form,
            "second": second,
            "third": third,
            "regie": regie,
            "max_referrals": services.MAX_REFERRALS,
        },
    )


def _casework_action(request: HttpRequest, pk: int, verb, success: str) -> HttpResponse:
    actor = actor_of(request)
    help_request = access_request(actor, pk, *CASEWORK_RELATED)
    act(request, lambda: verb(actor, help_request), success)
    return redirect("routes:request_detail", pk=pk)


def _on_current_handover(verb):
    def run(actor: Actor, help_request: HelpRequest):
        if help_request.current_handover is None:
            raise ValidationError(_("Deze overdracht is niet meer open."))
        return verb(actor, help_request.current_handover)

    return run


@require_POST
@role_required(*CASEWORK)
def accept(request: HttpRequest, pk: int) -> HttpResponse:
    return _casework_action(
        request,
        pk,
        _on_current_handover(services.accept_handover),
        _("U heeft de vraag aangenomen. U bent nu verantwoordelijk."),
    )


@require_POST
@role_required(*CASEWORK)
def refuse(request: HttpRequest, pk: int) -> HttpResponse:
    return _casework_action(
        request,
        pk,
        _on_current_handover(services.refuse_handover),
        _("De vraag gaat terug naar de organisatie die hem stuurde."),
    )


@require_POST
@role_required(*CASEWORK)
def escalate(request: HttpRequest, pk: int) -> HttpResponse:
    return _casework_action(
        request,
        pk,
        services.escalate,
        _("De vraag is naar het regieteam van de gemeente gestuurd."),
    )


@require_POST
@role_required(*CASEWORK)
def take_ownership(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    escalation = access_escalation(actor, pk)
    act(
        request,
        lambda: services.take_ownership(actor, escalation),
        _("U heeft de regie. U bent nu verantwoordelijk voor deze vraag."),
    )
    return redirect("routes:request_detail", pk=escalation.request_id)


@require_POST
@role_required(*CASEWORK)
def close(request: HttpRequest, pk: int) -> HttpResponse:
    form = CloseForm(request.POST)
    outcome = form.cleaned_data["outcome"] if form.is_valid() else HelpRequest.Outcome.HELPED
    return _casework_action(
        request,
        pk,
        lambda actor, help_request: services.close_request(actor, help_request, outcome=outcome),
        _("De hulpvraag is afgerond."),
    )


@require_POST
@role_required(*CASEWORK)
def add_note(request: HttpRequest, pk: int) -> HttpResponse:
    form = NoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Schrijf eerst iets op."))
        return redirect("routes:request_detail", pk=pk)
    return _casework_action(
        request,
        pk,
        lambda actor, help_request: services.add_note(
            actor, help_request, form.cleaned_data["note"]
        ),
        _("De aantekening staat veilig in de kluis van de inwoner."),
    )


# --- the involvement signal -------------------------------------------------------------------

SIGNAL_RELATED = (
    "recipient__resident",
    "recipient__organisation",
    "other__organisation",
    "other_archive__organisation",
    "contact_made_by",
)
SIGNAL_ORDER = ("-contact_made_at", "-created_at", "pk")


@role_required(*CASEWORK)
def involvements(request: HttpRequest) -> HttpResponse:
    actor = actor_of(request)
    registrations = list(
        visible_involvements(actor)
        .select_related("resident", "organisation", "professional")
        .order_by("-registered_at", "pk")[:LIST_LIMIT]
    )
    signals = list(
        visible_signals(actor).select_related(*SIGNAL_RELATED).order_by(*SIGNAL_ORDER)[:LIST_LIMIT]
    )
    registration.show(
        actor, [i.resident for i in registrations] + [s.recipient.resident for s in signals]
    )
    return render(
        request,
        "routes/involvements.html",
        {
            "registrations": registrations,
            "signals": signals,
            "end_form": EndInvolvementForm(),
            "is_team_lead": actor.role in TEAM_LEADS,
        },
    )


@role_required(*CASEWORK)
def involvement_new(request: HttpRequest) -> HttpResponse:
    """Register involvement: only for a resident within reach (work area or a basis), and
    for an adult only with their consent (services.check_may_register)."""
    actor = actor_of(request)
    form = InvolvementForm(request.POST or None, organisations=_my_organisations(actor))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        resident = _resident_by_bsn(actor, form)
        if resident is not None:
            try:
                involvement, signals = services.register_involvement(
                    actor,
                    resident,
                    organisation=get_object_or_404(Organisation, pk=data["organisation"]),
                    starts_on=data["starts_on"],
                    contact_phone=data["contact_phone"] or None,
                )
            except ValidationError as error:
                on_form(form, error)
            else:
                registration.show(actor, [resident])
                mine = [s for s in signals if s.recipient_id == involvement.pk]
                if mine:
                    messages.warning(
                        request,
                        ngettext(
                            "Betrokkenheid gemeld. Er is %(n)s signaal: een andere organisatie "
                            "is ook betrokken. Neem contact op.",
                            "Betrokkenheid gemeld. Er zijn %(n)s signalen: andere organisaties "
                            "zijn ook betrokken. Neem contact met ze op.",
                            len(mine),
                        )
                        % {"n": len(mine)},
                    )
                else:
                    messages.success(
                        request, _("Betrokkenheid gemeld. Er is geen andere organisatie betrokken.")
                    )
                return redirect("routes:involvements")
    return render(request, "routes/involvement_new.html", {"form": form})


@require_POST
@role_required(*CASEWORK)
def involvement_end(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    involvement = access_involvement(actor, pk)
    form = EndInvolvementForm(request.POST)
    unjustified = form.is_valid() and form.cleaned_data["reason"] == "unjustified"
    act(
        request,
        lambda: services.end_involvement(actor, involvement, unjustified=unjustified),
        _("De betrokkenheid is beëindigd en uit de verwijsindex gehaald."),
    )
    return redirect("routes:involvements")


@require_POST
@role_required(*CASEWORK)
def signal_contact(request: HttpRequest, pk: int) -> HttpResponse:
    actor = actor_of(request)
    signal = access_signal(actor, pk)
    act(
        request,
        lambda: services.mark_contact_made(actor, signal),
        _("Genoteerd: u heeft contact opgenomen."),
    )
    return redirect("routes:involvements")


@role_required(*TEAM_LEADS)
def involvement_team(request: HttpRequest) -> HttpResponse:
    """The team lead sees, per signal of their organisations, whether contact was made."""
    actor = actor_of(request)
    signals = list(
        team_signals(actor)
        .select_related(*SIGNAL_RELATED, "recipient__professional")
        .order_by(*SIGNAL_ORDER)[: LIST_LIMIT * 2]
    )
    registration.show(actor, [s.recipient.resident for s in signals])
    return render(
        request,
        "routes/involvement_team.html",
        {
            "signals": signals,
            "open_count": sum(1 for s in signals if s.contact_made_at is None),
        },
    )


# --- the monitor --------------------------------------------------------------------------------


@role_required(*COUNCIL)
def figures_page(request: HttpRequest) -> HttpResponse:
    """Hops, time to the right help and escalations per neighbourhood and organisation."""
    year = request.GET.get("jaar")
    year_int = int(year) if year and year.isdigit() else None
    return render(
        request,
        "routes/figures.html",
        {
            "year": year_int,
            "years": figures.years(),
            # Through disclosure control: no count below the threshold, none recoverable.
            **figures.published(year=year_int),
        },
    )
