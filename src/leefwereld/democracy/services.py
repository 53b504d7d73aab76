"""Every state change of the democracy app, as named verbs in transactions.

Views and the API only parse input and call these. A verb that cannot do what it is asked
raises `django.core.exceptions.ValidationError` with a plain-Dutch message (B1) and
changes nothing. Status changes go through the transition tables in `models.py` and
append a row to the object's history.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import re
import secrets
import uuid
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from leefwereld.algorithms.pb import PabulibError, parse_text, write_text
from leefwereld.core.actor import Actor
from leefwereld.core.bsn import is_valid_bsn
from leefwereld.core.models import Municipality, Neighbourhood, Organisation, Resident, User
from leefwereld.core.roles import Role
from leefwereld.core.versioning import check_version
from leefwereld.rules.calendar import add_working_days

from . import pb_bridge
from .authorisation import CONTACT_ROLES, HARDSHIP_ROLES, MANAGER_ROLES, may_edit_links
from .models import (
    CHALLENGE_TRANSITIONS,
    HARDSHIP_DESCRIPTION_MAX,
    INITIATIVE_TRANSITIONS,
    ROUND_TRANSITIONS,
    RULE_TRANSITIONS,
    Ballot,
    BlockingRule,
    BlockingRuleStatusChange,
    BlockingRuleSupport,
    BudgetRound,
    Challenge,
    ChallengeCriterion,
    ChallengeMember,
    ChallengeStatus,
    ChallengeStatusChange,
    EffectIndicator,
    HardshipDecision,
    HardshipLaw,
    Initiative,
    InitiativeContact,
    InitiativeStatus,
    InitiativeStatusChange,
    ParticipationSettings,
    Phase,
    Project,
    ProjectOutcome,
    ProjectSupport,
    RealisationStatus,
    RealisationUpdate,
    ReviewStatus,
    RoundCategory,
    RoundDistrict,
    RoundResult,
    RoundStatusChange,
    RuleStatus,
    StartupGrant,
    VoterRegisterEntry,
    VotingChannel,
    VotingCode,
)


def _today() -> datetime.date:
    return timezone.localdate()


def _refuse(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


# ---------------------------------------------------------------------------------------
# Rounds: creation and settings
# ---------------------------------------------------------------------------------------

EDITABLE_PHASES = frozenset({Phase.DRAFT, Phase.PROPOSALS, Phase.REVIEW})


@transaction.atomic
def create_round(
    actor: Actor,
    *,
    municipality: Municipality,
    title: str,
    budget: int,
    neighbourhoods: Sequence[Neighbourhood],
    description: str = "",
    **options: Any,
) -> BudgetRound:
    """A new round in draft, with one district per neighbourhood."""
    by = actor.user
    if not neighbourhoods:
        raise _refuse(_("Kies minstens één wijk."), "no_neighbourhood")
    if budget <= 0:
        raise _refuse(_("Het budget moet meer dan 0 euro zijn."), "no_budget")
    round_ = BudgetRound(
        municipality=municipality,
        title=title,
        description=description,
        budget=budget,
        created_by=by,
    )
    _apply_options(round_, options)
    round_.save()
    RoundDistrict.objects.bulk_create(
        RoundDistrict(round=round_, neighbourhood=n, name=n.name) for n in neighbourhoods
    )
    RoundStatusChange.objects.create(round=round_, to_phase=Phase.DRAFT, by=by)
    return round_


ROUND_OPTIONS = (
    "min_age",
    "max_projects",
    "max_total_cost",
    "rule",
    "completion",
    "utility",
    "tie_breaking",
    "proposals_close_on",
    "voting_closes_on",
    "title",
    "description",
    "budget",
)


def _apply_options(round_: BudgetRound, options: dict[str, Any]) -> list[str]:
    unknown = set(options) - set(ROUND_OPTIONS)
    if unknown:
        raise TypeError(f"unknown round options: {', '.join(sorted(unknown))}")
    if "tie_breaking" in options:
        try:
            options["tie_breaking"] = pb_bridge.check_tie_breaking(options["tie_breaking"])
        except ValueError as exc:
            raise _refuse(
                _("De volgorde bij gelijke stand klopt niet: %(error)s") % {"error": exc},
                "bad_tie_breaking",
            ) from exc
    for key, value in options.items():
        setattr(round_, key, value)
    return list(options)


@transaction.atomic
def update_round(
    actor: Actor, round_: BudgetRound, *, expected_version: int | None = None, **options: Any
) -> BudgetRound:
    """Change a round's settings; only before voting opens.

    Optimistic locking: the settings form carries the version it was shown from; a save
    against another version is refused (StaleEdit). The row is locked while comparing.
    """
    round_ = BudgetRound.objects.select_for_update().get(pk=round_.pk)
    check_version(round_.version, expected_version)
    if round_.phase not in EDITABLE_PHASES:
        raise _refuse(
            _("De instellingen kunnen niet meer veranderen: het stemmen is al begonnen."),
            "round_locked",
        )
    fields = _apply_options(round_, options)
    round_.version += 1
    round_.save(update_fields=[*fields, "version"])
    return round_


@transaction.atomic
def set_category(actor: Actor, round_: BudgetRound, *, name: str, cap: int | None) -> RoundCategory:
    """Add a theme to a round, or change its cap."""
    if round_.phase not in EDITABLE_PHASES:
        raise _refuse(_("Thema's kunnen niet meer veranderen."), "round_locked")
    name = name.strip()
    if not name:
        raise _refuse(_("Geef het thema een naam."), "no_name")
    category, _created = RoundCategory.objects.update_or_create(
        round=round_, name=name, defaults={"cap": cap}
    )
    return category


@transaction.atomic
def set_district_cap(actor: Actor, district: RoundDistrict, *, cap: int | None) -> RoundDistrict:
    if district.round.phase not in EDITABLE_PHASES:
        raise _refuse(_("Het maximum per gebied kan niet meer veranderen."), "round_locked")
    district.cap = cap
    district.save(update_fields=["cap"])
    return district


# ---------------------------------------------------------------------------------------
# Rounds: phases
# ---------------------------------------------------------------------------------------


def can_transition(round_: BudgetRound, to: str) -> bool:
    return to in ROUND_TRANSITIONS[round_.phase]


def _transition(round_: BudgetRound, to: str, by: User | None, note: str = "") -> None:
    """Move a locked round to `to` if the table allows it, and record it."""
    if to not in ROUND_TRANSITIONS[round_.phase]:
        raise _refuse(
            _("Van de fase '%(from)s' kan de ronde niet naar '%(to)s'.")
            % {"from": Phase(round_.phase).label, "to": Phase(to).label},
            "bad_transition",
        )
    RoundStatusChange.objects.create(
        round=round_, from_phase=round_.phase, to_phase=to, by=by, note=note
    )
    round_.phase = to
    round_.save(update_fields=["phase"])


def _locked(round_: BudgetRound) -> BudgetRound:
    return BudgetRound.objects.select_for_update().get(pk=round_.pk)


@transaction.atomic
def open_proposals(actor: Actor, round_: BudgetRound) -> BudgetRound:
    by = actor.user
    round_ = _locked(round_)
    _transition(round_, Phase.PROPOSALS, by)
    return round_


@transaction.atomic
def start_review(actor: Actor, round_: BudgetRound) -> BudgetRound:
    by = actor.user
    round_ = _locked(round_)
    if round_.phase == Phase.PROPOSALS and not round_.projects.exists():
        raise _refuse(_("Er is nog geen enkel idee ingediend."), "no_projects")
    _transition(round_, Phase.REVIEW, by)
    return round_


@transaction.atomic
def reopen_proposals(actor: Actor, round_: BudgetRound, *, note: str = "") -> BudgetRound:
    by = actor.user
    round_ = _locked(round_)
    if round_.phase != Phase.REVIEW:
        raise _refuse(_("Alleen tijdens de toets kan de ronde terug."), "bad_transition")
    _transition(round_, Phase.PROPOSALS, by, note)
    return round_


@transaction.atomic
def open_voting(actor: Actor, round_: BudgetRound) -> BudgetRound:
    """Voting starts when every idea has been reviewed and at least one is feasible."""
    by = actor.user
    round_ = _locked(round_)
    if round_.phase == Phase.REVIEW:
        pending = round_.projects.filter(review_status=ReviewStatus.PENDING).count()
        if pending:
            raise _refuse(
                _("Nog %(n)s idee(ën) wachten op de toets.") % {"n": pending}, "review_pending"
            )
        if not round_.projects.filter(review_status=ReviewStatus.FEASIBLE).exists():
            raise _refuse(_("Er is geen enkel haalbaar idee om over te stemmen."), "none_feasible")
    if voting_date_passed(round_, _today()):
        raise _refuse(
            _("De datum 'stemmen tot' is al voorbij. Kies eerst een nieuwe datum."),
            "voting_date_passed",
        )
    _transition(round_, Phase.VOTING, by)
    return round_


@transaction.atomic
def cancel_round(actor: Actor, round_: BudgetRound, *, note: str) -> BudgetRound:
    by = actor.user
    round_ = _locked(round_)
    if not note.strip():
        raise _refuse(_("Leg uit waarom de ronde stopt."), "no_reason")
    _transition(round_, Phase.CANCELLED, by, note.strip())
    return round_


def voting_date_passed(round_: BudgetRound, today: datetime.date) -> bool:
    """Voting runs up to and including `voting_closes_on`; the day after, it is over."""
    return round_.voting_closes_on is not None and today > round_.voting_closes_on


def voting_closed_reason(round_: BudgetRound, today: datetime.date | None = None) -> str:
    """Why nobody can vote in this round now ("" while voting is open)."""
    if round_.phase != Phase.VOTING:
        return _("Het stemmen is niet open.")
    closes = round_.voting_closes_on
    if closes is not None and voting_date_passed(round_, today or _today()):
        return _("Het stemmen is gesloten: het kon tot en met %(day)s.") % {
            "day": date_format(closes, "j F Y")
        }
    return ""


@transaction.atomic
def close_voting(actor: Actor | None, round_: BudgetRound, *, note: str = "") -> RoundResult:
    """Close voting: cut every link between ballots and voters, then compute the result.

    1. The register keeps who voted, but its ballot tokens are erased.
    2. Every ballot is deleted and written again with a fresh random id, without its
       token hash, in an order sorted by content, so neither ids nor the physical order
       of rows tell anything about who voted when.
    3. Unused voting codes are revoked.
    4. The rule runs and its outcome and explanations are stored.

    `actor` is None when the daily job closes the round (no person in the history).
    """
    by = actor.user if actor is not None else None
    round_ = _locked(round_)
    if round_.phase != Phase.VOTING:
        raise _refuse(_("Het stemmen is niet open."), "not_voting")
    VoterRegisterEntry.objects.filter(round=round_).update(ballot_token=None)
    contents = sorted(
        sorted(int(pk) for pk in choices)
        for choices in Ballot.objects.filter(round=round_).values_list("choices", flat=True)
    )
    Ballot.objects.filter(round=round_).delete()
    Ballot.objects.bulk_create(
        (Ballot(id=uuid.uuid4(), round=round_, choices=c, token_hash=None) for c in contents),
        batch_size=2000,
    )
    VotingCode.objects.filter(round=round_, used_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    result = compute_result(round_)
    _transition(round_, Phase.RESULT, by, note)
    return result


def close_due_rounds(today: datetime.date | None = None) -> list[BudgetRound]:
    """Close every round whose voting date has passed (the daily job `close_budget_rounds`).

    Each round closes in its own transaction, so one round's result is stored even when a
    later one fails. Closing outside the request also keeps a large round's rewrite of its
    ballots and its computation away from a web worker.
    """
    today = today or _today()
    due = BudgetRound.objects.filter(
        phase=Phase.VOTING, voting_closes_on__lt=today, is_analysis=False
    ).order_by("voting_closes_on", "pk")
    note = _("Vanzelf gesloten: de datum 'stemmen tot' is voorbij.")
    closed = []
    for round_ in due:
        close_voting(None, round_, note=note)
        closed.append(round_)
    return closed


@transaction.atomic
def start_realisation(actor: Actor, round_: BudgetRound) -> BudgetRound:
    by = actor.user
    round_ = _locked(round_)
    _transition(round_, Phase.REALISATION, by)
    funded = ProjectOutcome.objects.filter(result__round=round_, funded=True).values("project_id")
    Project.objects.filter(pk__in=funded).update(realisation_status=RealisationStatus.PLANNED)
    return round_


@transaction.atomic
def finish_round(actor: Actor, round_: BudgetRound) -> BudgetRound:
    by = actor.user
    round_ = _locked(round_)
    _transition(round_, Phase.FINISHED, by)
    return round_


# ---------------------------------------------------------------------------------------
# Eligibility
# ---------------------------------------------------------------------------------------


def years_before(day: datetime.date, years: int) -> datetime.date:
    """The same calendar day `years` earlier (28 February for a 29 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def round_neighbourhood_ids(round_: BudgetRound) -> list[int]:
    return [
        nid
        for nid in round_.districts.values_list("neighbourhood_id", flat=True)
        if nid is not None
    ]


def eligible_residents(round_: BudgetRound, on: datetime.date | None = None) -> QuerySet[Resident]:
    """Residents who live in the round's area and are old enough on `on`, in one query."""
    on = on or _today()
    return Resident.objects.filter(
        household__address__neighbourhood_id__in=round_neighbourhood_ids(round_),
        birth_date__lte=years_before(on, round_.min_age),
    )


def ineligibility(
    round_: BudgetRound, resident: Resident | None, on: datetime.date | None = None
) -> str | None:
    """Why this resident may not take part in the round, or None if they may."""
    on = on or _today()
    if round_.is_analysis:
        return _("Dit is een analyse van een ingelezen bestand; daarin kan niemand stemmen.")
    if resident is None:
        return _("Uw account is niet gekoppeld aan een inwoner. Neem contact op met de gemeente.")
    household = resident.household
    if household is None or household.address.neighbourhood_id not in round_neighbourhood_ids(
        round_
    ):
        return _("U woont niet in een wijk van deze buurtbegroting.")
    if resident.age_on(on) < round_.min_age:
        return _("U moet minstens %(age)s jaar zijn om mee te doen.") % {"age": round_.min_age}
    return None


def resident_of(user: User | Any) -> Resident | None:
    if not getattr(user, "is_authenticated", False) or user.role != Role.RESIDENT:
        return None
    return Resident.objects.filter(user=user).select_related("household__address").first()


def _require_eligible(round_: BudgetRound, user: User) -> Resident:
    resident = resident_of(user)
    reason = ineligibility(round_, resident)
    if reason:
        raise _refuse(reason, "not_eligible")
    assert resident is not None
    return resident


# ---------------------------------------------------------------------------------------
# Proposals, support and review
# ---------------------------------------------------------------------------------------


@transaction.atomic
def propose_project(
    actor: Actor,
    round_: BudgetRound,
    *,
    title: str,
    description: str,
    cost: int,
    categories: Iterable[RoundCategory] = (),
    district: RoundDistrict | None = None,
) -> Project:
    by = actor.user
    round_ = _locked(round_)
    if round_.phase != Phase.PROPOSALS:
        raise _refuse(_("Ideeën indienen kan nu niet."), "not_proposals")
    resident = _require_eligible(round_, by)
    if cost <= 0:
        raise _refuse(_("Een idee kost meer dan 0 euro."), "no_cost")
    if cost > round_.budget:
        raise _refuse(
            _("Een idee mag niet meer kosten dan het hele budget (€ %(budget)s).")
            % {"budget": round_.budget},
            "too_expensive",
        )
    districts = list(round_.districts.all())
    if district is None:
        own = resident.household.address.neighbourhood_id if resident.household else None
        district = next((d for d in districts if d.neighbourhood_id == own), None)
    elif district.round_id != round_.pk:
        raise _refuse(_("Dit gebied hoort niet bij deze ronde."), "bad_district")
    categories = list(categories)
    if any(c.round_id != round_.pk for c in categories):
        raise _refuse(_("Dit thema hoort niet bij deze ronde."), "bad_category")
    codes = [int(c) for c in round_.projects.values_list("code", flat=True) if c.isdigit()]
    project = Project.objects.create(
        round=round_,
        code=str(max(codes, default=0) + 1),
        title=title.strip(),
        description=description.strip(),
        cost=cost,
        proposed_cost=cost,
        district=district,
        proposed_by=by,
    )
    project.categories.set(categories)
    return project


@transaction.atomic
def support_project(actor: Actor, project: Project) -> ProjectSupport:
    by = actor.user
    round_ = project.round
    if round_.phase != Phase.PROPOSALS:
        raise _refuse(_("Steunen kan alleen zolang er ideeën worden ingediend."), "not_proposals")
    _require_eligible(round_, by)
    if project.proposed_by_id == by.pk:
        raise _refuse(_("Dit idee heeft u zelf ingediend."), "own_project")
    support, _created = ProjectSupport.objects.get_or_create(project=project, user=by)
    return support


@transaction.atomic
def withdraw_support(actor: Actor, project: Project) -> None:
    by = actor.user
    if project.round.phase != Phase.PROPOSALS:
        raise _refuse(_("Steun intrekken kan nu niet meer."), "not_proposals")
    ProjectSupport.objects.filter(project=project, user=by).delete()


@transaction.atomic
def review_project(
    actor: Actor, project: Project, *, feasible: bool, reason: str, cost: int | None = None
) -> Project:
    """The municipality's feasibility check. A rejection or a new cost needs a reason."""
    by = actor.user
    project = Project.objects.select_for_update().select_related("round").get(pk=project.pk)
    if project.round.phase != Phase.REVIEW:
        raise _refuse(_("Toetsen kan alleen in de fase 'toets'."), "not_review")
    reason = reason.strip()
    if not feasible and not reason:
        raise _refuse(
            _("Schrijf op waarom dit idee niet haalbaar is. Die uitleg wordt gepubliceerd."),
            "no_reason",
        )
    fields = ["review_status", "review_reason", "reviewed_at", "reviewed_by"]
    if cost is not None and cost != project.cost:
        if not reason:
            raise _refuse(_("Leg uit waarom de kosten anders zijn."), "no_reason")
        if cost <= 0 or cost > project.round.budget:
            raise _refuse(
                _("De kosten moeten tussen 1 euro en het budget van de ronde liggen."), "bad_cost"
            )
        project.cost = cost
        fields.append("cost")
    project.review_status = ReviewStatus.FEASIBLE if feasible else ReviewStatus.REJECTED
    project.review_reason = reason
    project.reviewed_at = timezone.now()
    project.reviewed_by = by
    project.save(update_fields=fields)
    return project


# ---------------------------------------------------------------------------------------
# Voting
# ---------------------------------------------------------------------------------------


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _clean_choices(round_: BudgetRound, choices: Iterable[int | str]) -> list[int]:
    try:
        chosen = sorted({int(c) for c in choices})
    except (TypeError, ValueError) as exc:
        raise _refuse(_("Deze keuze klopt niet."), "bad_choice") from exc
    if not chosen:
        raise _refuse(_("Kies minstens één project."), "empty_ballot")
    costs = dict(
        round_.projects.filter(review_status=ReviewStatus.FEASIBLE, pk__in=chosen).values_list(
            "pk", "cost"
        )
    )
    if len(costs) != len(chosen):
        raise _refuse(_("U kunt alleen kiezen uit de projecten op het stembiljet."), "bad_choice")
    if round_.max_projects and len(chosen) > round_.max_projects:
        raise _refuse(
            _("U kunt hoogstens %(n)s projecten kiezen.") % {"n": round_.max_projects},
            "too_many",
        )
    if round_.max_total_cost and sum(costs.values()) > round_.max_total_cost:
        raise _refuse(
            _("Samen mogen uw projecten hoogstens € %(max)s kosten; u koos voor € %(sum)s.")
            % {"max": round_.max_total_cost, "sum": sum(costs.values())},
            "too_costly",
        )
    return chosen


@dataclass(frozen=True)
class CastResult:
    changed: bool


@transaction.atomic
def cast_ballot(actor: Actor, round_: BudgetRound, *, choices: Iterable[int | str]) -> CastResult:
    """Vote online, or change an online ballot while voting is open."""
    by = actor.user
    round_ = _locked(round_)
    closed = voting_closed_reason(round_)
    if closed:
        raise _refuse(closed, "not_voting")
    resident = _require_eligible(round_, by)
    chosen = _clean_choices(round_, choices)
    entry = (
        VoterRegisterEntry.objects.select_for_update()
        .filter(round=round_, resident=resident)
        .first()
    )
    if entry is not None:
        if not entry.ballot_token:
            raise _refuse(
                _("U heeft al gestemd met een stemcode. Die stem kan niet meer veranderen."),
                "voted_with_code",
            )
        updated = Ballot.objects.filter(
            round=round_, token_hash=_token_hash(entry.ballot_token)
        ).update(choices=chosen)
        assert updated == 1, "a register entry without its ballot"
        return CastResult(changed=True)
    token = secrets.token_urlsafe(32)
    Ballot.objects.create(round=round_, choices=chosen, token_hash=_token_hash(token))
    VoterRegisterEntry.objects.create(
        round=round_, resident=resident, channel=VotingChannel.ONLINE, ballot_token=token
    )
    return CastResult(changed=False)


def current_choices(round_: BudgetRound, resident: Resident | None) -> list[int] | None:
    """The voter's own ballot while voting is open (None: not voted, or not changeable)."""
    if resident is None or round_.phase != Phase.VOTING:
        return None
    token = (
        VoterRegisterEntry.objects.filter(round=round_, resident=resident)
        .values_list("ballot_token", flat=True)
        .first()
    )
    if not token:
        return None
    ballot = Ballot.objects.filter(round=round_, token_hash=_token_hash(token)).first()
    return list(ballot.choices) if ballot else None


def has_voted(round_: BudgetRound, resident: Resident | None) -> VoterRegisterEntry | None:
    if resident is None:
        return None
    return VoterRegisterEntry.objects.filter(round=round_, resident=resident).first()


# Codes: 12 characters without look-alikes (no 0/O, 1/I/L), about 59 bits of chance.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12


def new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def normalise_code(text: str) -> str:
    return "".join(ch for ch in text.upper() if ch.isalnum())


def code_hash(code: str) -> str:
    """A keyed hash: a stolen table of hashes cannot be tried offline without the key."""
    key = f"leefwereld.democracy.voting-code:{settings.SECRET_KEY}".encode()
    return hmac.new(key, normalise_code(code).encode(), hashlib.sha256).hexdigest()


@transaction.atomic
def issue_voting_codes(
    actor: Actor,
    round_: BudgetRound,
    *,
    residents: Sequence[Resident] | None = None,
    today: datetime.date | None = None,
) -> list[tuple[Resident, str]]:
    """One-time codes for paper or offline voters; the codes are returned once, never stored.

    Without `residents`: every eligible resident without an account who has no code yet
    and has not voted. With `residents`: those (each must be eligible); an earlier code of
    theirs is revoked, so a lost letter can be replaced.
    """
    round_ = _locked(round_)
    if round_.phase not in (Phase.REVIEW, Phase.VOTING):
        raise _refuse(_("Stemcodes maakt u tijdens de toets of het stemmen."), "codes_not_now")
    today = today or _today()
    voted = VoterRegisterEntry.objects.filter(round=round_).values("resident_id")
    if residents is None:
        with_code = VotingCode.objects.filter(round=round_, revoked_at__isnull=True).values(
            "resident_id"
        )
        chosen = list(
            eligible_residents(round_, today)
            .filter(user__isnull=True)
            .exclude(pk__in=with_code)
            .exclude(pk__in=voted)
            .select_related("household__address")
            .order_by("household__address__postcode", "household__address__house_number", "pk")
        )
    else:
        ids = [r.pk for r in residents]
        eligible = set(
            eligible_residents(round_, today).filter(pk__in=ids).values_list("pk", flat=True)
        )
        refused = [r for r in residents if r.pk not in eligible]
        if refused:
            raise _refuse(
                _("%(name)s mag niet stemmen in deze ronde.") % {"name": refused[0].full_name},
                "not_eligible",
            )
        if VoterRegisterEntry.objects.filter(round=round_, resident_id__in=ids).exists():
            raise _refuse(_("Een van deze inwoners heeft al gestemd."), "already_voted")
        VotingCode.objects.filter(
            round=round_, resident_id__in=ids, revoked_at__isnull=True
        ).update(revoked_at=timezone.now())
        chosen = list(
            Resident.objects.filter(pk__in=ids)
            .select_related("household__address")
            .order_by("household__address__postcode", "household__address__house_number", "pk")
        )
    issued = [(resident, new_code()) for resident in chosen]
    VotingCode.objects.bulk_create(
        (VotingCode(round=round_, resident=r, code_hash=code_hash(c)) for r, c in issued),
        batch_size=2000,
    )
    return issued


def find_code(code: str) -> VotingCode | None:
    """The unused, unrevoked code of a round that is open for voting, or None."""
    if len(normalise_code(code)) != CODE_LENGTH:
        return None
    return (
        VotingCode.objects.filter(
            code_hash=code_hash(code),
            used_at__isnull=True,
            revoked_at__isnull=True,
            round__phase=Phase.VOTING,
        )
        .exclude(round__voting_closes_on__lt=_today())
        .select_related("round")
        .first()
    )


@transaction.atomic
def cast_ballot_with_code(code: str, *, choices: Iterable[int | str]) -> BudgetRound:
    """Vote with a one-time code. The code works once; the ballot cannot change later."""
    found = find_code(code)
    if found is None:
        raise _refuse(
            _("Deze stemcode klopt niet, is al gebruikt of het stemmen is gesloten."), "bad_code"
        )
    round_ = _locked(found.round)
    voting_code = VotingCode.objects.select_for_update().get(pk=found.pk)
    if voting_code.used_at is not None or voting_closed_reason(round_):
        raise _refuse(
            _("Deze stemcode klopt niet, is al gebruikt of het stemmen is gesloten."), "bad_code"
        )
    resident = Resident.objects.select_related("household__address").get(pk=voting_code.resident_id)
    reason = ineligibility(round_, resident)
    if reason:
        raise _refuse(reason, "not_eligible")
    if VoterRegisterEntry.objects.filter(round=round_, resident=resident).exists():
        raise _refuse(_("Met deze stemcode is al gestemd (online of op papier)."), "already_voted")
    chosen = _clean_choices(round_, choices)
    Ballot.objects.create(round=round_, choices=chosen, token_hash=None)
    VoterRegisterEntry.objects.create(round=round_, resident=resident, channel=VotingChannel.CODE)
    voting_code.used_at = timezone.now()
    voting_code.save(update_fields=["used_at"])
    return round_


# ---------------------------------------------------------------------------------------
# Result
# ---------------------------------------------------------------------------------------


def ballot_projects(round_: BudgetRound) -> list[Project]:
    return list(
        round_.projects.filter(review_status=ReviewStatus.FEASIBLE)
        .select_related("district")
        .prefetch_related("categories")
        .order_by("pk")
    )


def _round_with_caps(round_: BudgetRound) -> BudgetRound:
    return (
        BudgetRound.objects.select_related("municipality")
        .prefetch_related("districts", "categories")
        .get(pk=round_.pk)
    )


@transaction.atomic
def compute_result(round_: BudgetRound) -> RoundResult:
    """Run the round's rule on its ballots and store outcome and explanations."""
    round_ = _round_with_caps(round_)
    projects = ballot_projects(round_)
    ballots = list(Ballot.objects.filter(round=round_).values_list("choices", flat=True))
    instance = pb_bridge.build_instance(round_, projects, ballots)
    outcome, explanation = pb_bridge.compute(round_, instance)
    votes = Counter(pk for ballot in ballots for pk in ballot)
    by_code = {p.code: p for p in projects}
    position = {code: n for n, code in enumerate(outcome.funded, start=1)}
    greedy = set(explanation.greedy_funded)
    items = {i.project_id: pb_bridge.serialise(i) for i in explanation.funded}
    items.update({i.project_id: pb_bridge.serialise(i) for i in explanation.not_funded})
    lines = pb_bridge.sentences_by_language(explanation, [code for code, _n in settings.LANGUAGES])
    greedy_spent = sum(by_code[c].cost for c in greedy)
    RoundResult.objects.filter(round=round_).delete()
    result = RoundResult.objects.create(
        round=round_,
        rule=round_.rule,
        completion=outcome.completion,
        utility=round_.utility,
        tie_breaking=",".join(outcome.tie_breaking),
        budget=round_.budget,
        spent=outcome.spent,
        greedy_spent=greedy_spent,
        voters=len(ballots),
        per_voter=(
            f"{outcome.per_voter.numerator}/{outcome.per_voter.denominator}"
            if outcome.per_voter is not None
            else ""
        ),
    )
    ProjectOutcome.objects.bulk_create(
        ProjectOutcome(
            result=result,
            project=p,
            votes=votes.get(p.pk, 0),
            funded=p.code in position,
            position=position.get(p.code),
            greedy_funded=p.code in greedy,
            explanation=items.get(p.code, {}),
            sentences=lines.get(p.code, {}),
        )
        for p in projects
    )
    return result


def result_sentences(result: RoundResult, outcomes: Sequence[ProjectOutcome]) -> dict[int, str]:
    """project pk -> why it was (not) funded, in the active language (Dutch if missing)."""
    language = get_language() or settings.LANGUAGE_CODE
    fallback = settings.LANGUAGE_CODE
    return {
        o.project_id: o.sentences.get(language) or o.sentences.get(fallback) or "" for o in outcomes
    }


@dataclass(frozen=True)
class AreaSpending:
    """What the result spends in one district or theme, next to its cap."""

    kind: str  # "district" or "theme"
    name: str
    funded: int
    spent: int
    cap: int | None


def spending_per_area(
    round_: BudgetRound, outcomes: Sequence[ProjectOutcome]
) -> list[AreaSpending]:
    """Per district (when the round has several, or a cap) and per capped theme: how many
    funded projects and how much money. `outcomes` need `project__categories` prefetched."""
    districts = list(round_.districts.all())
    themes = [c for c in round_.categories.all() if c.cap is not None]
    count: Counter[tuple[str, int]] = Counter()
    spent: Counter[tuple[str, int]] = Counter()
    for outcome in outcomes:
        if not outcome.funded:
            continue
        project = outcome.project
        keys = [("theme", c.pk) for c in project.categories.all()]
        if project.district_id is not None:
            keys.append(("district", project.district_id))
        for key in keys:
            count[key] += 1
            spent[key] += project.cost
    shown: list[tuple[str, RoundDistrict | RoundCategory]] = [("theme", c) for c in themes]
    if len(districts) > 1 or any(d.cap is not None for d in districts):
        shown = [("district", d) for d in districts] + shown
    return [
        AreaSpending(kind, area.name, count[kind, area.pk], spent[kind, area.pk], area.cap)
        for kind, area in shown
    ]


def export_pabulib(round_: BudgetRound) -> str:
    """The round as a pabulib `.pb` file: projects, caps and the anonymous ballots."""
    round_ = _round_with_caps(round_)
    if not (round_.has_result or round_.is_analysis):
        raise _refuse(
            _("Een ronde kan pas na het sluiten van het stemmen worden uitgevoerd."), "not_closed"
        )
    projects = ballot_projects(round_)
    ballots = list(Ballot.objects.filter(round=round_).values_list("choices", flat=True))
    votes = Counter(pk for ballot in ballots for pk in ballot)
    selected = set(
        ProjectOutcome.objects.filter(result__round=round_, funded=True).values_list(
            "project_id", flat=True
        )
    )
    instance = pb_bridge.build_instance(round_, projects, ballots, selected, votes)
    return write_text(instance)


@transaction.atomic
def import_pabulib(
    actor: Actor,
    text: str,
    *,
    municipality: Municipality,
    title: str = "",
    **options: Any,
) -> BudgetRound:
    """An analysis round from a `.pb` file (approval ballots, whole euros); the result is
    computed at once. Nothing is written when the file has an error."""
    by = actor.user
    try:
        # Project codes keep 40 characters, district and category names 100: longer ones
        # are refused with their line rather than cut off (two codes could become one).
        instance = parse_text(text, max_id_length=40, max_name_length=100)
    except PabulibError as exc:
        raise _refuse(_("Het bestand klopt niet: %(error)s") % {"error": exc}, "bad_file") from exc
    if instance.vote_type not in ("approval", "choose-1"):
        raise _refuse(
            _("Alleen bestanden met goedkeuringsstemmen (approval) kunnen worden ingelezen."),
            "bad_vote_type",
        )
    unit = instance.unit
    amounts = [instance.budget, *(p.cost for p in instance.projects)]
    amounts += list(instance.category_caps.values()) + list(instance.district_caps.values())
    if any(a % unit for a in amounts):
        raise _refuse(
            _("Het bestand heeft bedragen met centen; alleen hele euro's worden ondersteund."),
            "cents",
        )
    if any(a // unit > 2_147_483_647 for a in amounts):  # what the euro columns hold
        raise _refuse(
            _("Het bestand heeft een bedrag boven € 2.147.483.647; dat past niet."),
            "too_large",
        )
    meta = instance.meta
    round_ = BudgetRound(
        municipality=municipality,
        title=(title or meta.get("description") or _("Ingelezen buurtbegroting"))[:150],
        description=meta.get("comment", ""),
        budget=instance.budget // unit,
        phase=Phase.VOTING,
        is_analysis=True,
        created_by=by,
        tie_breaking="id",
    )
    _apply_options(round_, options)
    round_.save()
    RoundStatusChange.objects.create(
        round=round_, to_phase=Phase.VOTING, by=by, note=_("Ingelezen uit een pabulib-bestand.")
    )
    district_names = {p.district for p in instance.projects if p.district} | set(
        instance.district_caps
    )
    districts = {
        name: RoundDistrict.objects.create(
            round=round_,
            name=name[:100],
            cap=(instance.district_caps[name] // unit if name in instance.district_caps else None),
        )
        for name in sorted(district_names)
    }
    category_names = {c for p in instance.projects for c in p.categories} | set(
        instance.category_caps
    )
    categories = {
        name: RoundCategory.objects.create(
            round=round_,
            name=name[:100],
            cap=(instance.category_caps[name] // unit if name in instance.category_caps else None),
        )
        for name in sorted(category_names)
    }
    projects = Project.objects.bulk_create(
        Project(
            round=round_,
            code=p.id[:40],
            title=(p.name or p.id)[:150],
            description=p.fields.get("description", ""),
            cost=p.cost // unit,
            proposed_cost=p.cost // unit,
            district=districts.get(p.district) if p.district else None,
            review_status=ReviewStatus.FEASIBLE,
        )
        for p in instance.projects
    )
    through = Project.categories.through
    through.objects.bulk_create(
        through(project_id=project.pk, roundcategory_id=categories[name].pk)
        for project, source in zip(projects, instance.projects, strict=True)
        for name in source.categories
    )
    pk_of = {p.code: p.pk for p in projects}
    Ballot.objects.bulk_create(
        (
            Ballot(round=round_, choices=sorted(pk_of[c] for c in vote.projects))
            for vote in instance.votes
        ),
        batch_size=5000,
    )
    compute_result(round_)
    _transition(round_, Phase.RESULT, by, _("Uitslag berekend na inlezen."))
    return round_


# ---------------------------------------------------------------------------------------
# Realisation
# ---------------------------------------------------------------------------------------


@transaction.atomic
def add_realisation_update(
    actor: Actor, project: Project, *, status: str, text: str
) -> RealisationUpdate:
    by = actor.user
    project = Project.objects.select_for_update().select_related("round").get(pk=project.pk)
    if project.round.phase != Phase.REALISATION:
        raise _refuse(_("De uitvoering is nog niet begonnen of al afgerond."), "not_realisation")
    if not project.outcomes.filter(funded=True).exists():
        raise _refuse(_("Alleen gekozen projecten worden uitgevoerd."), "not_funded")
    if status not in RealisationStatus.values:
        raise _refuse(_("Kies een stand van zaken."), "bad_status")
    if not text.strip():
        raise _refuse(_("Schrijf kort wat er is gebeurd."), "no_text")
    project.realisation_status = status
    project.save(update_fields=["realisation_status"])
    return RealisationUpdate.objects.create(
        project=project, status=status, text=text.strip(), by=by
    )


# ---------------------------------------------------------------------------------------
# Citizen initiatives
# ---------------------------------------------------------------------------------------


def participation_settings(municipality: Municipality) -> ParticipationSettings:
    found, _created = ParticipationSettings.objects.get_or_create(municipality=municipality)
    return found


def answer_due_date(municipality: Municipality, submitted: datetime.date) -> datetime.date:
    days = participation_settings(municipality).initiative_answer_days
    return add_working_days(submitted, days)


_STATUS_TRANSITIONS: dict[type, dict[str, frozenset[str]]] = {
    Initiative: INITIATIVE_TRANSITIONS,
    BlockingRule: RULE_TRANSITIONS,
    Challenge: CHALLENGE_TRANSITIONS,
}


def _change_status(
    obj: Initiative | BlockingRule | Challenge, to: str, by: User | None, note: str = ""
) -> None:
    """Move `obj` to `to` if its transition table allows it and append the change to its
    history; the caller saves `obj`."""
    if to not in _STATUS_TRANSITIONS[type(obj)][obj.status]:
        raise _refuse(_("Deze stap kan nu niet."), "bad_transition")
    obj.history.create(from_status=obj.status, to_status=to, by=by, note=note)
    obj.status = to


@transaction.atomic
def register_initiative(
    actor: Actor,
    *,
    municipality: Municipality,
    title: str,
    description: str,
    public_name: str,
    neighbourhood: Neighbourhood | None = None,
    needs_room: bool = False,
    needs_permit: bool = False,
    needs_money: bool = False,
    needs_contact: bool = False,
    needs_detail: str = "",
    today: datetime.date | None = None,
) -> Initiative:
    by = actor.user
    today = today or _today()
    if not title.strip() or not description.strip() or not public_name.strip():
        raise _refuse(_("Vul de naam, de beschrijving en wie u bent in."), "incomplete")
    initiative = Initiative.objects.create(
        municipality=municipality,
        neighbourhood=neighbourhood,
        title=title.strip(),
        description=description.strip(),
        public_name=public_name.strip(),
        initiator=by,
        needs_room=needs_room,
        needs_permit=needs_permit,
        needs_money=needs_money,
        needs_contact=needs_contact,
        needs_detail=needs_detail.strip(),
        answer_due=answer_due_date(municipality, today),
    )
    InitiativeStatusChange.objects.create(
        initiative=initiative, to_status=InitiativeStatus.SUBMITTED, by=by
    )
    return initiative


def answer_initiative(
    actor: Actor,
    initiative: Initiative,
    *,
    yes: bool,
    text: str = "",
    today: datetime.date | None = None,
) -> Initiative:
    """ "Ja, tenzij": a yes may have conditions; a no needs a written reason, which is
    published. After the deadline the yes has already been given: it is recorded, and an
    answer is refused."""
    by = actor.user
    today = today or _today()
    with transaction.atomic():
        initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
        if initiative.is_overdue(today):
            _change_status(
                initiative,
                InitiativeStatus.YES_BY_DEFAULT,
                None,
                _("De termijn voor een antwoord is voorbij."),
            )
            initiative.save(update_fields=["status"])
    # Outside the block above: the yes by default stays recorded when the answer is refused.
    if initiative.status != InitiativeStatus.SUBMITTED:
        raise _refuse(
            _("Dit initiatief heeft al een antwoord. Na de termijn geldt: ja."), "answered"
        )
    text = text.strip()
    if not yes and not text:
        raise _refuse(
            _("Schrijf op waarom het antwoord nee is. Die uitleg wordt gepubliceerd."),
            "no_reason",
        )
    with transaction.atomic():
        initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
        _change_status(initiative, InitiativeStatus.YES if yes else InitiativeStatus.NO, by, text)
        initiative.answer = text
        initiative.answered_at = timezone.now()
        initiative.answered_by = by
        initiative.save(update_fields=["status", "answer", "answered_at", "answered_by"])
    return initiative


@transaction.atomic
def settle_overdue_initiatives(today: datetime.date | None = None) -> int:
    """Initiatives without an answer after the deadline get their yes ("ja, tenzij")."""
    today = today or _today()
    overdue = list(
        Initiative.objects.select_for_update().filter(
            status=InitiativeStatus.SUBMITTED, answer_due__lt=today
        )
    )
    note = _("De termijn voor een antwoord is voorbij.")
    InitiativeStatusChange.objects.bulk_create(
        InitiativeStatusChange(
            initiative=i,
            from_status=InitiativeStatus.SUBMITTED,
            to_status=InitiativeStatus.YES_BY_DEFAULT,
            note=note,
        )
        for i in overdue
    )
    Initiative.objects.filter(pk__in=[i.pk for i in overdue]).update(
        status=InitiativeStatus.YES_BY_DEFAULT
    )
    return len(overdue)


@transaction.atomic
def withdraw_initiative(actor: Actor, initiative: Initiative) -> Initiative:
    by = actor.user
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    if initiative.initiator_id != by.pk:
        raise _refuse(_("Alleen wie het initiatief indiende, kan het intrekken."), "not_initiator")
    _change_status(initiative, InitiativeStatus.WITHDRAWN, by)
    initiative.save(update_fields=["status"])
    return initiative


@transaction.atomic
def link_initiatives(actor: Actor, initiative: Initiative, other: Initiative) -> None:
    if not may_edit_links(actor, initiative):
        raise _refuse(_("Alleen de initiatiefnemer of de gemeente kan koppelen."), "not_allowed")
    if initiative.pk == other.pk:
        raise _refuse(_("Een initiatief kan niet aan zichzelf worden gekoppeld."), "self_link")
    initiative.related.add(other)


@transaction.atomic
def unlink_initiatives(actor: Actor, initiative: Initiative, other: Initiative) -> None:
    if not may_edit_links(actor, initiative):
        raise _refuse(_("Alleen de initiatiefnemer of de gemeente kan ontkoppelen."), "not_allowed")
    initiative.related.remove(other)


@transaction.atomic
def add_initiative_contact(
    actor: Actor, initiative: Initiative, *, professional: User | None = None, note: str = ""
) -> InitiativeContact:
    """A professional offers help (themself), or a policy officer links one."""
    by = actor.user
    professional = professional or by
    if professional.pk != by.pk and by.role not in MANAGER_ROLES:
        raise _refuse(
            _("Alleen de gemeente kan een ander als contactpersoon koppelen."), "not_allowed"
        )
    if professional.role not in CONTACT_ROLES:
        raise _refuse(_("Alleen professionals kunnen contactpersoon zijn."), "not_professional")
    contact, created = InitiativeContact.objects.get_or_create(
        initiative=initiative, user=professional, defaults={"note": note.strip()}
    )
    if not created and note.strip():
        contact.note = note.strip()
        contact.save(update_fields=["note"])
    return contact


@transaction.atomic
def award_startup_grant(
    actor: Actor,
    initiative: Initiative,
    *,
    amount: int,
    purpose: str,
    report_due: datetime.date,
    indicators: Sequence[tuple[str, int, str]],
) -> StartupGrant:
    """A start-up grant, with its effect indicators (what, target number, unit) agreed now."""
    by = actor.user
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    if initiative.effective_status not in (InitiativeStatus.YES, InitiativeStatus.YES_BY_DEFAULT):
        raise _refuse(_("Een startsubsidie kan alleen voor een initiatief met een ja."), "not_yes")
    if amount <= 0:
        raise _refuse(_("Het bedrag moet meer dan 0 euro zijn."), "no_amount")
    cleaned = [(d.strip(), t, u.strip()) for d, t, u in indicators if d.strip()]
    if not cleaned:
        raise _refuse(
            _("Spreek minstens één effect af dat het initiatief wil bereiken."), "no_indicators"
        )
    if any(t <= 0 for _d, t, _u in cleaned):
        raise _refuse(_("Een doel is een aantal groter dan 0."), "bad_target")
    grant = StartupGrant.objects.create(
        initiative=initiative,
        amount=amount,
        purpose=purpose.strip(),
        granted_by=by,
        report_due=report_due,
    )
    EffectIndicator.objects.bulk_create(
        EffectIndicator(grant=grant, description=d, target=t, unit=u) for d, t, u in cleaned
    )
    return grant


@transaction.atomic
def report_effects(
    actor: Actor, grant: StartupGrant, *, results: dict[int, tuple[int, str]]
) -> StartupGrant:
    """The initiative reports what it reached for every agreed indicator."""
    by = actor.user
    grant = StartupGrant.objects.select_for_update().select_related("initiative").get(pk=grant.pk)
    if grant.initiative.initiator_id != by.pk and by.role not in MANAGER_ROLES:
        raise _refuse(_("Alleen de initiatiefnemer kan resultaten melden."), "not_initiator")
    indicators = {i.pk: i for i in grant.indicators.all()}
    if set(results) != set(indicators):
        raise _refuse(_("Vul voor elk afgesproken effect in wat er is bereikt."), "incomplete")
    for pk, (value, note) in results.items():
        indicator = indicators[pk]
        indicator.result = value
        indicator.note = note.strip()
    EffectIndicator.objects.bulk_update(indicators.values(), ["result", "note"])
    grant.reported_at = timezone.now()
    grant.save(update_fields=["reported_at"])
    return grant


# ---------------------------------------------------------------------------------------
# Blocking rules
# ---------------------------------------------------------------------------------------


@transaction.atomic
def report_blocking_rule(
    actor: Actor,
    *,
    municipality: Municipality,
    title: str,
    blocked: str,
    reference: str = "",
    place: str = "",
    neighbourhood: Neighbourhood | None = None,
    initiative: Initiative | None = None,
) -> BlockingRule:
    by = actor.user
    if not title.strip() or not blocked.strip():
        raise _refuse(_("Schrijf op welke regel het is en wat die tegenhield."), "incomplete")
    rule = BlockingRule.objects.create(
        municipality=municipality,
        title=title.strip(),
        blocked=blocked.strip(),
        reference=reference.strip(),
        place=place.strip(),
        neighbourhood=neighbourhood,
        initiative=initiative,
        reported_by=by,
    )
    BlockingRuleStatusChange.objects.create(rule=rule, to_status=RuleStatus.REPORTED, by=by)
    # Whoever reports a rule supports it: the count is "how many people run into this".
    BlockingRuleSupport.objects.create(rule=rule, user=by)
    return rule


@transaction.atomic
def support_blocking_rule(actor: Actor, rule: BlockingRule) -> bool:
    """Add one's support; True if it is new (supporting twice counts once)."""
    by = actor.user
    rule = BlockingRule.objects.get(pk=rule.pk)
    if rule.status == RuleStatus.REMOVED:
        raise _refuse(_("Deze regel is al geschrapt."), "removed")
    try:
        with transaction.atomic():
            BlockingRuleSupport.objects.create(rule=rule, user=by)
    except IntegrityError:
        return False
    return True


@transaction.atomic
def withdraw_blocking_rule_support(actor: Actor, rule: BlockingRule) -> None:
    by = actor.user
    BlockingRuleSupport.objects.filter(rule=rule, user=by).delete()


@transaction.atomic
def set_blocking_rule_status(
    actor: Actor, rule: BlockingRule, *, status: str, reason: str
) -> BlockingRule:
    """A policy officer decides: keep (with a reason), change or remove the rule."""
    by = actor.user
    rule = BlockingRule.objects.select_for_update().get(pk=rule.pk)
    if status not in RULE_TRANSITIONS[rule.status]:
        raise _refuse(_("Deze stap kan nu niet."), "bad_transition")
    reason = reason.strip()
    if not reason:
        raise _refuse(
            _("Leg uit wat de gemeente met deze regel doet. Die uitleg wordt gepubliceerd."),
            "no_reason",
        )
    _change_status(rule, status, by, reason)
    rule.status_reason = reason
    rule.status_set_at = timezone.now()
    rule.save(update_fields=["status", "status_reason", "status_set_at"])
    return rule


def blocking_rules_with_counts(municipality: Municipality | None = None) -> QuerySet[BlockingRule]:
    rules = BlockingRule.objects.annotate(support_count=Count("supports", distinct=True))
    if municipality is not None:
        rules = rules.filter(municipality=municipality)
    return rules.select_related("neighbourhood", "initiative")


# ---------------------------------------------------------------------------------------
# Hardship decisions under a blocking rule
# ---------------------------------------------------------------------------------------


# Personal data a published description must not hold and that a pattern can recognise:
# a BSN (nine digits passing the 11-proef, optionally grouped), a Dutch phone number
# (ten digits starting with 0, optionally +31) and an e-mail address. Names and addresses
# cannot be recognised reliably; the form's help text asks for them to be left out.
_NINE_DIGITS = re.compile(r"(?<![\d])\d(?:[ .-]?\d){8}(?![\d])")
_PHONE = re.compile(r"(?<![\d+])(?:\+31[ -]?|0)\d(?:[ -]?\d){8}(?![\d])")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def may_record_hardship(actor: Actor | None) -> bool:
    return actor is not None and actor.role in HARDSHIP_ROLES


def hardship_organisations(actor: Actor, rule: BlockingRule) -> QuerySet[Organisation]:
    """The organisations the actor may name as the one that decided: those of the rule's
    municipality; a manager may name any of them, other staff their own organisations
    and the municipality itself (which decides at their request)."""
    organisations = Organisation.objects.filter(municipality_id=rule.municipality_id)
    if actor.role not in MANAGER_ROLES:
        own = Organisation.objects.filter(memberships__user=actor.user).values("pk")
        organisations = organisations.filter(Q(pk__in=own) | Q(kind=Organisation.Kind.MUNICIPALITY))
    return organisations.order_by("name")


def personal_data_in(text: str) -> bool:
    """True when `text` holds a BSN, a phone number or an e-mail address."""
    if _EMAIL.search(text) or _PHONE.search(text):
        return True
    return any(is_valid_bsn(re.sub(r"\D", "", m)) for m in _NINE_DIGITS.findall(text))


@transaction.atomic
def record_hardship_decision(
    actor: Actor,
    rule: BlockingRule,
    *,
    decided_on: datetime.date,
    law: str,
    organisation: Organisation,
    description: str,
) -> HardshipDecision:
    """Record that `organisation` used a hardship clause on `decided_on` because `rule`
    did not fit: an anonymous fact for the register, never linked to a resident."""
    if actor.role not in HARDSHIP_ROLES:
        raise _refuse(
            _("Alleen medewerkers die hardheidsbesluiten nemen kunnen er een vastleggen."),
            "not_allowed",
        )
    if decided_on > _today():
        raise _refuse(_("De datum van het besluit ligt in de toekomst."), "future")
    if law not in HardshipLaw.values:
        raise _refuse(_("Kies de wet waaronder het besluit viel."), "bad_law")
    description = " ".join(description.split())
    if not description:
        raise _refuse(_("Schrijf kort op waarvan is afgeweken."), "no_description")
    if len(description) > HARDSHIP_DESCRIPTION_MAX:
        raise _refuse(
            _("Schrijf het korter: hoogstens %(n)s tekens.") % {"n": HARDSHIP_DESCRIPTION_MAX},
            "too_long",
        )
    if personal_data_in(description):
        raise _refuse(
            _(
                "Haal de persoonsgegevens uit de tekst, want die komt op de website. "
                "Geen BSN, telefoonnummer of e-mailadres."
            ),
            "personal_data",
        )
    if not hardship_organisations(actor, rule).filter(pk=organisation.pk).exists():
        raise _refuse(
            _("U kunt alleen een besluit van uw eigen organisatie of de gemeente vastleggen."),
            "bad_organisation",
        )
    return HardshipDecision.objects.create(
        rule=rule,
        decided_on=decided_on,
        law=law,
        organisation=organisation,
        description=description,
        recorded_by=actor.user,
    )


def hardship_counts(rule_ids: Sequence[int]) -> dict[int, int]:
    """Blocking-rule id -> number of hardship decisions under it, in one grouped query
    (the provider this app registers in `democracy/hooks.py`)."""
    if not rule_ids:
        return {}
    rows = (
        HardshipDecision.objects.filter(rule_id__in=rule_ids)
        .values_list("rule_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return dict(rows)


# ---------------------------------------------------------------------------------------
# Right to challenge
# ---------------------------------------------------------------------------------------


@transaction.atomic
def submit_challenge(
    actor: Actor,
    *,
    municipality: Municipality,
    title: str,
    task: str,
    plan: str,
    group_name: str,
    bid_amount: int,
    neighbourhood: Neighbourhood | None = None,
) -> Challenge:
    by = actor.user
    if by.role != Role.RESIDENT:
        raise _refuse(_("Een bod doen kunnen alleen inwoners."), "not_resident")
    if bid_amount <= 0:
        raise _refuse(_("Het gevraagde budget moet meer dan 0 euro zijn."), "no_amount")
    challenge = Challenge.objects.create(
        municipality=municipality,
        neighbourhood=neighbourhood,
        title=title.strip(),
        task=task.strip(),
        plan=plan.strip(),
        group_name=group_name.strip(),
        bid_amount=bid_amount,
        initiator=by,
    )
    ChallengeMember.objects.create(challenge=challenge, user=by)
    ChallengeStatusChange.objects.create(
        challenge=challenge, to_status=ChallengeStatus.SUBMITTED, by=by
    )
    return challenge


@transaction.atomic
def join_challenge(actor: Actor, challenge: Challenge) -> ChallengeMember:
    by = actor.user
    if by.role != Role.RESIDENT:
        raise _refuse(_("Alleen inwoners kunnen meedoen met een bod."), "not_resident")
    if challenge.status not in (ChallengeStatus.SUBMITTED, ChallengeStatus.ASSESSING):
        raise _refuse(_("Aansluiten kan niet meer: er is al een besluit."), "decided")
    member, _created = ChallengeMember.objects.get_or_create(challenge=challenge, user=by)
    return member


@transaction.atomic
def publish_criteria(
    actor: Actor,
    challenge: Challenge,
    *,
    criteria: Sequence[tuple[str, str]],
    current_budget: int | None = None,
) -> Challenge:
    """Publish how the bid will be judged (before judging it)."""
    by = actor.user
    challenge = Challenge.objects.select_for_update().get(pk=challenge.pk)
    cleaned = [(t.strip(), d.strip()) for t, d in criteria if t.strip()]
    if not cleaned:
        raise _refuse(_("Publiceer minstens één criterium."), "no_criteria")
    _change_status(challenge, ChallengeStatus.ASSESSING, by)
    ChallengeCriterion.objects.bulk_create(
        ChallengeCriterion(challenge=challenge, title=t, description=d) for t, d in cleaned
    )
    challenge.current_budget = current_budget
    challenge.save(update_fields=["status", "current_budget"])
    return challenge


@transaction.atomic
def decide_challenge(
    actor: Actor,
    challenge: Challenge,
    *,
    granted: bool,
    reasons: str,
    assessments: dict[int, tuple[bool, str]],
) -> Challenge:
    """The decision with its reasons, and how the bid did on every published criterion."""
    by = actor.user
    challenge = Challenge.objects.select_for_update().get(pk=challenge.pk)
    if challenge.status != ChallengeStatus.ASSESSING:
        raise _refuse(_("Eerst de criteria publiceren, dan beslissen."), "not_assessing")
    if not reasons.strip():
        raise _refuse(_("Schrijf de redenen van het besluit op."), "no_reason")
    criteria = {c.pk: c for c in challenge.criteria.all()}
    if set(assessments) != set(criteria):
        raise _refuse(_("Beoordeel het bod op elk gepubliceerd criterium."), "incomplete")
    for pk, (met, text) in assessments.items():
        criteria[pk].met = met
        criteria[pk].assessment = text.strip()
    ChallengeCriterion.objects.bulk_update(criteria.values(), ["met", "assessment"])
    to = ChallengeStatus.GRANTED if granted else ChallengeStatus.REFUSED
    _change_status(challenge, to, by, reasons.strip())
    challenge.decision = reasons.strip()
    challenge.decided_at = timezone.now()
    challenge.decided_by = by
    challenge.save(update_fields=["status", "decision", "decided_at", "decided_by"])
    return challenge


def public_projects(round_: BudgetRound) -> QuerySet[Project]:
    """Projects as residents see them: every proposal with its review and support count."""
    return (
        round_.projects.annotate(support_count=Count("supports", distinct=True))
        .select_related("district")
        .prefetch_related("categories")
        .order_by("pk")
    )


def open_rounds_for(resident: Resident | None) -> QuerySet[BudgetRound]:
    """Rounds the resident can act in now (propose or vote) in their neighbourhood."""
    if resident is None or resident.household is None:
        return BudgetRound.objects.none()
    return (
        BudgetRound.objects.filter(
            is_analysis=False,
            phase__in=[Phase.PROPOSALS, Phase.VOTING],
            districts__neighbourhood_id=resident.household.address.neighbourhood_id,
        )
        .distinct()
        .order_by("-pk")
    )


def initiative_overview(municipality: Municipality | None = None) -> dict[str, int]:
    """Counts for the council: answered in time, by default, refused."""
    rows = Initiative.objects.all()
    if municipality is not None:
        rows = rows.filter(municipality=municipality)
    counts = rows.aggregate(
        total=Count("pk"),
        yes=Count("pk", filter=Q(status=InitiativeStatus.YES)),
        yes_by_default=Count("pk", filter=Q(status=InitiativeStatus.YES_BY_DEFAULT)),
        no=Count("pk", filter=Q(status=InitiativeStatus.NO)),
        waiting=Count("pk", filter=Q(status=InitiativeStatus.SUBMITTED)),
    )
    return {k: int(v or 0) for k, v in counts.items()}
