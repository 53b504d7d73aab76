"""After the draw: the panel meets, writes and votes recommendations, the college answers
them within a term of working days, and the municipality reports how each adopted
recommendation is carried out (issue 19; Decidim's accountability module as the anchor).

Every state change is a verb here, in a transaction, checked against the pure tables of
`leefwereld.rules.advice`, and written to the panel's event log. Members are the drawn
volunteers (status "selected"); they vote online with the code from their letter, or the
secretary records the vote taken in the room.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from leefwereld.core.actor import Actor
from leefwereld.rules import advice as rules

from .events import log
from .models import (
    Attendance,
    ImplementationUpdate,
    Invitation,
    Meeting,
    Panel,
    Recommendation,
    Volunteer,
    Vote,
)
from .services import code_hash, require_manager

# Allowances per meeting are bounded so a typo (an amount in euros typed as cents times
# hundred) is caught: 500 euro per meeting per kind.
MAX_ALLOWANCE_CENTS = 50_000


def members(panel: Panel) -> QuerySet[Volunteer]:
    """The drawn members, by their anonymous code."""
    return panel.volunteers.filter(status=Volunteer.Status.SELECTED).order_by("public_id")


def _require_drawn(panel: Panel) -> None:
    if panel.status != Panel.Status.DRAWN:
        raise ValidationError(_("Dit kan pas als het panel getrokken is."))


def _check_documents(documents: str) -> str:
    """One document a line, "Titel | https://…"; refuses a line without a valid web address."""
    validate = URLValidator(schemes=["https"])
    lines = []
    for number, line in enumerate(documents.splitlines(), start=1):
        if not line.strip():
            continue
        _title, _sep, url = line.rpartition("|")
        try:
            validate(url.strip())
        except ValidationError:
            raise ValidationError(
                {
                    "documents": _(
                        "Regel %(line)d van de stukken heeft geen geldig webadres (https://…)."
                    )
                    % {"line": number}
                }
            ) from None
        lines.append(line.strip())
    return "\n".join(lines)


# --- meetings -----------------------------------------------------------------------------


@transaction.atomic
def plan_meeting(
    actor: Actor,
    panel: Panel,
    *,
    date: datetime.date,
    place: str,
    kind: str = Meeting.Kind.SESSION,
    start_time: datetime.time | None = None,
    agenda: str = "",
    experts: str = "",
    documents: str = "",
) -> Meeting:
    require_manager(actor)
    _require_drawn(panel)
    if kind == Meeting.Kind.HEARING and not experts.strip():
        raise ValidationError({"experts": _("Noem bij een expertsessie wie er spreekt.")})
    meeting = Meeting.objects.create(
        panel=panel,
        kind=kind,
        date=date,
        start_time=start_time,
        place=place.strip(),
        agenda=agenda.strip(),
        experts=experts.strip(),
        documents=_check_documents(documents),
    )
    log(
        panel,
        "meeting_planned",
        actor,
        meeting=meeting.pk,
        date=date.isoformat(),
        meeting_kind=kind,
    )
    return meeting


@dataclass(frozen=True)
class AttendanceLine:
    volunteer_pk: int
    present: bool
    travel_cents: int = 0
    care_cents: int = 0


@transaction.atomic
def record_attendance(actor: Actor, meeting: Meeting, lines: list[AttendanceLine]) -> int:
    """Who came and what each is paid (integer cents); all lines or none."""
    require_manager(actor)
    _require_drawn(meeting.panel)
    allowed = {v.pk: v for v in members(meeting.panel)}
    for line in lines:
        volunteer = allowed.get(line.volunteer_pk)
        if volunteer is None:
            raise ValidationError(_("Alleen leden van het panel kunnen aanwezig zijn."))
        for amount in (line.travel_cents, line.care_cents):
            if not 0 <= amount <= MAX_ALLOWANCE_CENTS:
                raise ValidationError(
                    _("Vergoeding voor %(code)s: tussen 0 en 500 euro per bijeenkomst.")
                    % {"code": volunteer.public_id}
                )
        if not line.present and (line.travel_cents or line.care_cents):
            raise ValidationError(
                _("%(code)s was er niet: dan is er geen vergoeding.")
                % {"code": volunteer.public_id}
            )
    for line in lines:
        Attendance.objects.update_or_create(
            meeting=meeting,
            volunteer_id=line.volunteer_pk,
            defaults={
                "present": line.present,
                "travel_cents": line.travel_cents,
                "care_cents": line.care_cents,
            },
        )
    present = sum(1 for line in lines if line.present)
    total = sum(line.travel_cents + line.care_cents for line in lines)
    log(
        meeting.panel,
        "attendance_recorded",
        actor,
        meeting=meeting.pk,
        present=present,
        total_cents=total,
    )
    return present


def next_meeting(panel: Panel, today: datetime.date) -> Meeting | None:
    return panel.meetings.filter(date__gte=today).order_by("date", "start_time", "pk").first()


# --- recommendations ----------------------------------------------------------------------


def _locked(recommendation: Recommendation) -> Recommendation:
    return (
        Recommendation.objects.select_for_update().select_related("panel").get(pk=recommendation.pk)
    )


def _move(actor: Actor | None, recommendation: Recommendation, to: str, **detail) -> None:
    if not rules.may_move(rules.RECOMMENDATION_TRANSITIONS, recommendation.status, to):
        raise ValidationError(
            _("Deze stap kan nu niet: de aanbeveling is %(status)s.")
            % {"status": recommendation.get_status_display().lower()}
        )
    old = recommendation.status
    recommendation.status = to
    log(
        recommendation.panel,
        "recommendation_status",
        actor,
        recommendation=recommendation.number,
        old=old,
        new=to,
        **detail,
    )


@transaction.atomic
def draft_recommendation(actor: Actor, panel: Panel, *, title: str, text: str) -> Recommendation:
    require_manager(actor)
    panel = Panel.objects.select_for_update().get(pk=panel.pk)  # numbers one at a time
    _require_drawn(panel)
    last = panel.recommendations.order_by("-number").values_list("number", flat=True).first()
    recommendation = Recommendation.objects.create(
        panel=panel, number=(last or 0) + 1, title=title.strip(), text=text.strip()
    )
    log(panel, "recommendation_drafted", actor, recommendation=recommendation.number)
    return recommendation


@transaction.atomic
def open_voting(actor: Actor, recommendation: Recommendation) -> Recommendation:
    require_manager(actor)
    recommendation = _locked(recommendation)
    _move(actor, recommendation, Recommendation.Status.VOTING)
    recommendation.save(update_fields=["status"])
    return recommendation


@transaction.atomic
def redraft(actor: Actor, recommendation: Recommendation) -> Recommendation:
    """A text the members voted down goes back to the drafting table; the old votes go."""
    require_manager(actor)
    recommendation = _locked(recommendation)
    old = support(recommendation)
    _move(actor, recommendation, Recommendation.Status.DRAFT, previous_support=old.as_dict())
    recommendation.votes.all().delete()
    recommendation.voting_closed_at = None
    recommendation.save(update_fields=["status", "voting_closed_at"])
    return recommendation


@transaction.atomic
def cast_vote(
    volunteer: Volunteer,
    recommendation: Recommendation,
    choice: str,
    *,
    recorded_by: Actor | None = None,
) -> Vote:
    """A member's vote (or the secretary's record of it); changeable while voting is open."""
    recommendation = _locked(recommendation)
    if recommendation.status != Recommendation.Status.VOTING:
        raise ValidationError(_("Over deze aanbeveling wordt nu niet gestemd."))
    if (
        volunteer.panel_id != recommendation.panel_id
        or volunteer.status != Volunteer.Status.SELECTED
    ):
        raise ValidationError(_("Alleen leden van dit panel kunnen stemmen."))
    if choice not in Vote.Choice.values:
        raise ValidationError({"choice": _("Kies voor, tegen of onthouding.")})
    vote, _created = Vote.objects.update_or_create(
        recommendation=recommendation,
        volunteer=volunteer,
        defaults={
            "choice": choice,
            "recorded_by": recorded_by.user if recorded_by is not None else None,
        },
    )
    return vote


@transaction.atomic
def record_votes(actor: Actor, recommendation: Recommendation, choices: dict[int, str]) -> int:
    """The secretary records a vote taken in the room: {volunteer pk: choice}, all or none."""
    require_manager(actor)
    allowed = {v.pk: v for v in members(recommendation.panel)}
    count = 0
    for volunteer_pk, choice in choices.items():
        if not choice:
            continue
        if volunteer_pk not in allowed:
            raise ValidationError(_("Alleen leden van dit panel kunnen stemmen."))
        cast_vote(allowed[volunteer_pk], recommendation, choice, recorded_by=actor)
        count += 1
    log(recommendation.panel, "votes_recorded", actor, recommendation=recommendation.number)
    return count


@dataclass(frozen=True)
class Support:
    for_: int = 0
    against: int = 0
    abstain: int = 0
    members: int = 0

    @property
    def cast(self) -> int:
        return self.for_ + self.against + self.abstain

    @property
    def adopted(self) -> bool:
        """A majority of the votes for or against (abstentions do not count)."""
        return self.for_ > self.against

    @property
    def percent_for(self) -> int:
        counted = self.for_ + self.against
        return round(100 * self.for_ / counted) if counted else 0

    def as_dict(self) -> dict[str, int]:
        return {"for": self.for_, "against": self.against, "abstain": self.abstain}


def support_from(choices: list[str], members: int) -> Support:
    counts = Counter(choices)
    return Support(
        for_=counts[Vote.Choice.FOR],
        against=counts[Vote.Choice.AGAINST],
        abstain=counts[Vote.Choice.ABSTAIN],
        members=members,
    )


def support(recommendation: Recommendation) -> Support:
    return support_from(
        list(recommendation.votes.values_list("choice", flat=True)),
        members(recommendation.panel).count(),
    )


@transaction.atomic
def close_voting(actor: Actor, recommendation: Recommendation) -> Recommendation:
    """The count decides: more votes for than against makes it the panel's recommendation."""
    require_manager(actor)
    recommendation = _locked(recommendation)
    result = support(recommendation)
    if result.cast == 0:
        raise ValidationError(_("Er is nog niet gestemd."))
    to = Recommendation.Status.FINAL if result.adopted else Recommendation.Status.REJECTED
    _move(actor, recommendation, to, support=result.as_dict())
    recommendation.voting_closed_at = timezone.now()
    recommendation.save(update_fields=["status", "voting_closed_at"])
    return recommendation


@transaction.atomic
def publish_recommendation(
    actor: Actor, recommendation: Recommendation, today: datetime.date
) -> Recommendation:
    """Offered to the college and published: the answer term starts the next working day."""
    require_manager(actor)
    recommendation = _locked(recommendation)
    _move(actor, recommendation, Recommendation.Status.PUBLISHED)
    recommendation.published_on = today
    recommendation.answer_due = rules.answer_due(today, recommendation.panel.answer_working_days)
    recommendation.save(update_fields=["status", "published_on", "answer_due"])
    return recommendation


@transaction.atomic
def answer_recommendation(
    actor: Actor,
    recommendation: Recommendation,
    *,
    decision: str,
    reasons: str,
    today: datetime.date,
) -> Recommendation:
    """The college's answer: adopted, adopted with changes or not adopted — with reasons."""
    require_manager(actor)
    recommendation = _locked(recommendation)
    if decision not in Recommendation.Decision.values:
        raise ValidationError({"decision": _("Kies een besluit.")})
    if decision in rules.DECISIONS_WITH_REASONS and len(reasons.strip()) < 20:
        raise ValidationError(
            {
                "reasons": _(
                    "Leg uit waarom het college de aanbeveling niet of anders overneemt "
                    "(minstens 20 tekens)."
                )
            }
        )
    _move(actor, recommendation, Recommendation.Status.ANSWERED, decision=decision)
    recommendation.decision = decision
    recommendation.reasons = reasons.strip()
    recommendation.answered_on = today
    recommendation.answered_by = actor.user
    recommendation.save(
        update_fields=["status", "decision", "reasons", "answered_on", "answered_by"]
    )
    late = recommendation.is_late(today)
    log(
        recommendation.panel,
        "recommendation_answered",
        actor,
        recommendation=recommendation.number,
        decision=decision,
        late=late,
    )
    if decision in rules.IMPLEMENTED_DECISIONS:
        ImplementationUpdate.objects.create(
            recommendation=recommendation,
            status=ImplementationUpdate.Status.PLANNED,
            progress=0,
            date=today,
            note="",
            created_by=actor.user,
        )
    return recommendation


@transaction.atomic
def update_implementation(
    actor: Actor,
    recommendation: Recommendation,
    *,
    status: str,
    progress: int,
    date: datetime.date,
    note: str = "",
) -> ImplementationUpdate:
    require_manager(actor)
    recommendation = _locked(recommendation)
    last = recommendation.updates.order_by("-date", "-pk").first()
    if last is None:
        raise ValidationError(_("Alleen een overgenomen aanbeveling wordt uitgevoerd."))
    if not rules.may_move(rules.IMPLEMENTATION_TRANSITIONS, last.status, status):
        raise ValidationError(
            {
                "status": _("Van '%(old)s' kan de uitvoering niet naar '%(new)s'.")
                % {
                    "old": last.get_status_display(),
                    "new": ImplementationUpdate.Status(status).label
                    if status in ImplementationUpdate.Status.values
                    else status,
                }
            }
        )
    if date < last.date:
        raise ValidationError({"date": _("De datum ligt vóór de vorige stand van uitvoering.")})
    if status in rules.IMPLEMENTATION_NEEDS_NOTE and not note.strip():
        raise ValidationError({"note": _("Leg uit waarom de uitvoering vertraagd of gestopt is.")})
    update = ImplementationUpdate.objects.create(
        recommendation=recommendation,
        status=status,
        progress=rules.progress_after(status, progress),
        date=date,
        note=note.strip(),
        created_by=actor.user,
    )
    log(
        recommendation.panel,
        "implementation_update",
        actor,
        recommendation=recommendation.number,
        status=status,
    )
    return update


# --- members online -----------------------------------------------------------------------


def member_by_code(panel: Panel, code: str) -> Volunteer:
    """A drawn member identified by the code from their letter (the only credential)."""
    invitation = (
        Invitation.objects.filter(panel=panel, code_hash=code_hash(code))
        .select_related("volunteer")
        .first()
    )
    volunteer = getattr(invitation, "volunteer", None) if invitation is not None else None
    if volunteer is None or volunteer.status != Volunteer.Status.SELECTED:
        raise ValidationError(
            {
                "code": _(
                    "Met deze code vinden we geen lid van dit panel. Kijk of u de code goed "
                    "heeft overgenomen uit uw brief."
                )
            }
        )
    return volunteer


# --- what the public and the council see --------------------------------------------------


@dataclass
class RecommendationView:
    recommendation: Recommendation
    support: Support
    late: bool
    working_days_left: int | None
    updates: list[ImplementationUpdate] = field(default_factory=list)

    @property
    def current(self) -> ImplementationUpdate | None:
        return self.updates[-1] if self.updates else None


PUBLIC_STATUSES = (Recommendation.Status.PUBLISHED, Recommendation.Status.ANSWERED)


def recommendation_views(
    recommendations: QuerySet[Recommendation], today: datetime.date
) -> list[RecommendationView]:
    """Recommendations with their support, lateness and implementation, in three queries."""
    rows = list(
        recommendations.select_related("panel").prefetch_related(
            Prefetch("votes", queryset=Vote.objects.only("choice", "recommendation_id")),
            Prefetch("updates", queryset=ImplementationUpdate.objects.order_by("date", "pk")),
        )
    )
    panel_ids = {r.panel_id for r in rows}
    sizes = Counter(
        Volunteer.objects.filter(
            panel_id__in=panel_ids, status=Volunteer.Status.SELECTED
        ).values_list("panel_id", flat=True)
    )
    views = []
    for r in rows:
        left = None
        if r.answer_due is not None and r.answered_on is None:
            left = rules.working_days_left(r.answer_due, today)
        views.append(
            RecommendationView(
                recommendation=r,
                support=support_from([v.choice for v in r.votes.all()], sizes[r.panel_id]),
                late=r.is_late(today),
                working_days_left=left,
                updates=list(r.updates.all()),
            )
        )
    return views


def public_recommendations(panel: Panel, today: datetime.date) -> list[RecommendationView]:
    return recommendation_views(panel.recommendations.filter(status__in=PUBLIC_STATUSES), today)
