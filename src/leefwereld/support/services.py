"""State changes of support: the verbs views and the API call.

Every personal text goes into the vault through ``leefwereld.vault.access``: the access
layer decides whether the actor may write or read it (their own data, a grant or a legal
basis) and logs it. These verbs add the procedure: dates, statuses and versions.
"""

from __future__ import annotations

import datetime
import os
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from leefwereld.core.actor import Actor
from leefwereld.core.domains import LifeDomain
from leefwereld.core.models import (
    Household,
    Membership,
    NetworkMembership,
    Organisation,
    Resident,
    User,
)
from leefwereld.core.roles import Role
from leefwereld.core.versioning import check_version
from leefwereld.rules import consent
from leefwereld.vault import access as vault
from leefwereld.vault.models import Grant, LegalBasis, Mode

from .authorisation import (
    CATEGORY,
    PROFESSIONALS,
    can_write_household,
    is_own,
    may_choose_coach,
    may_see,
    may_sign,
)
from .models import (
    Application,
    Decision,
    Intake,
    Measurement,
    Melding,
    Plan,
    PlanCosigner,
    PlanSignature,
    PlanVersion,
)

# Support content is filed under one vault category (`authorisation.CATEGORY`, "Overig").
SOURCE = "support"

POSITIVE_HEALTH = [
    ("lichaamsfuncties", "Lichaamsfuncties"),
    ("mentaal_welbevinden", "Mentaal welbevinden"),
    ("zingeving", "Zingeving"),
    ("kwaliteit_van_leven", "Kwaliteit van leven"),
    ("meedoen", "Meedoen"),
    ("dagelijks_functioneren", "Dagelijks functioneren"),
]

ACTION_OWNERS = ["resident", "network", "professional", "provider"]
ACTION_STATUSES = ["open", "busy", "done", "stopped"]

# Starter plans for common situations. The texts are prompts the resident rewrites in
# their own words, never a diagnosis.
TEMPLATES: dict[str, dict[str, Any]] = {
    "schulden_werk": {
        "goals": [
            (LifeDomain.FINANCES, "Ik wil overzicht over mijn geld en schulden."),
            (LifeDomain.WORK_EDUCATION, "Ik wil werk vinden dat bij mij past."),
        ],
        "actions": [
            (0, "Alle brieven van schuldeisers verzamelen", "resident"),
            (0, "Aanmelden bij het schuldenfonds", "professional"),
            (1, "Gesprek met de werkcoach plannen", "professional"),
        ],
    },
    "ouder_kind": {
        "goals": [
            (LifeDomain.DOMESTIC_RELATIONS, "Ik wil rust in huis voor mij en mijn kind."),
            (LifeDomain.TIME_USE, "Ik wil tijd voor mezelf naast de zorg."),
            (LifeDomain.SOCIAL_NETWORK, "Ik wil mensen om mij heen die kunnen helpen."),
        ],
        "actions": [
            (0, "Afspraak met de school over extra steun", "professional"),
            (1, "Oppas regelen op één middag in de week", "network"),
        ],
    },
}


class SupportError(ValidationError):
    pass


# --- vault helpers ------------------------------------------------------------------------


def _subjects(owner: Resident | Household) -> list[Resident]:
    if isinstance(owner, Resident):
        return [owner]
    return list(Resident.objects.filter(household=owner).order_by("pk"))


def purpose_for(actor: Actor, owner: Resident | Household) -> str:
    """The purpose of the actor's writing basis (purpose binding in the vault)."""
    for subject in _subjects(owner):
        purpose = vault.writable_purposes(actor, subject).get(CATEGORY)
        if purpose:
            return purpose
    return str(_("Wmo-ondersteuning"))


def _write(
    actor: Actor, owner: Resident | Household, kind: str, payload: dict[str, Any], **extra: Any
) -> uuid.UUID:
    record = vault.write_record(
        actor,
        owner,
        category=CATEGORY,
        payload=payload,
        purpose=purpose_for(actor, owner),
        kind=kind,
        source=SOURCE,
        **extra,
    )
    return record.pk


def read(actor: Actor, record_id: Any) -> dict[str, Any]:
    """Open one support record through the vault (logged); AccessDenied when not allowed."""
    return vault.read_record(actor, record_id).payload


# --- melding ------------------------------------------------------------------------------


def _team_for(household: Household) -> Organisation | None:
    team = (
        Organisation.objects.filter(team__neighbourhoods=household.address.neighbourhood_id)
        .order_by("pk")
        .first()
    )
    return team


@transaction.atomic
def register_melding(
    actor: Actor,
    resident: Resident,
    *,
    question: str,
    urgent: bool = False,
    received_on: datetime.date | None = None,
) -> Melding:
    """A melding by the resident (online) or by a professional on their behalf.

    The question is stored in the resident's vault; a professional needs a writing basis
    (a grant or the Wmo legal basis) for that, so nobody files a melding about a stranger.
    """
    if resident.household_id is None:
        raise SupportError({"resident": _("Deze inwoner heeft geen huishouden.")})
    question = question.strip()
    if not question:
        raise SupportError({"question": _("Vertel in een paar woorden waar u hulp bij zoekt.")})
    own = vault.own_resident(actor)
    channel = Melding.Channel.ONLINE if own is not None else Melding.Channel.PROFESSIONAL
    today = received_on or timezone.localdate()
    record = _write(
        actor,
        resident,
        "wmo-melding",
        {"title": _("Mijn hulpvraag"), "text": question},
    )
    melding = Melding.objects.create(
        resident=resident,
        household_id=resident.household_id,
        team=_team_for(resident.household),  # type: ignore[arg-type]
        channel=channel,
        received_on=today,
        registered_by=actor.user,
        receipt_sent_at=timezone.now(),  # the confirmation page and the portal show it
        question_record=record,
        urgent=urgent,
    )
    return melding


def _require_professional(actor: Actor) -> None:
    if actor.role not in PROFESSIONALS:
        raise PermissionDenied(_("Alleen een professional van het wijkteam mag dit."))


def _require_case(actor: Actor, melding: Melding) -> None:
    _require_professional(actor)
    if not may_see(actor, melding.resident):
        raise PermissionDenied(_("U heeft geen toegang tot deze inwoner."))


@transaction.atomic
def record_client_support(actor: Actor, melding: Melding, *, answer: str) -> Melding:
    """Wmo 2015 art. 2.3.2 lid 3: the offer of free cliëntondersteuning, and the answer."""
    _require_case(actor, melding)
    if answer not in (Melding.ClientSupport.ACCEPTED, Melding.ClientSupport.DECLINED):
        raise SupportError({"answer": _("Kies of de inwoner cliëntondersteuning wil.")})
    melding.client_support_offered_on = timezone.localdate()
    melding.client_support = answer
    melding.save(update_fields=["client_support_offered_on", "client_support"])
    return melding


@transaction.atomic
def start_temporary_provision(actor: Actor, melding: Melding, *, what: str) -> Melding:
    """Wmo 2015 art. 2.3.3: in an urgent situation a temporary provision right away."""
    _require_case(actor, melding)
    if not what.strip():
        raise SupportError({"what": _("Schrijf op welke tijdelijke hulp de inwoner krijgt.")})
    _write(
        actor,
        melding.resident,
        "wmo-tijdelijke-voorziening",
        {"title": _("Tijdelijke hulp bij spoed"), "text": what.strip()},
    )
    melding.urgent = True
    melding.temporary_provision_on = timezone.localdate()
    melding.save(update_fields=["urgent", "temporary_provision_on"])
    return melding


@transaction.atomic
def receive_own_plan(actor: Actor, melding: Melding, *, text: str) -> Melding:
    """Wmo 2015 art. 2.3.2 lid 2: the resident hands in their own persoonlijk plan."""
    if not text.strip():
        raise SupportError({"text": _("Schrijf uw plan op.")})
    _write(
        actor,
        melding.resident,
        "wmo-persoonlijk-plan",
        {"title": _("Mijn eigen plan"), "text": text.strip()},
    )
    melding.own_plan_received_on = timezone.localdate()
    melding.save(update_fields=["own_plan_received_on"])
    return melding


# --- the kitchen-table conversation -------------------------------------------------------

# Wmo 2015 art. 2.3.2 lid 4 a–g and lid 6: the items the report must cover.
GUIDE_ITEMS = [
    ("needs", "a"),
    ("own_strength", "b"),
    ("network", "c"),
    ("carer_support", "d"),
    ("general_provisions", "e"),
    ("coordination", "f"),
    ("contribution", "g"),
]


def _clean_network(rows: Iterable[dict[str, str]]) -> list[dict[str, str]]:
    return [
        {k: (row.get(k) or "").strip() for k in ("name", "helps_with", "how_often")}
        for row in rows
        if (row.get("name") or "").strip()
    ]


@transaction.atomic
def hold_intake(
    actor: Actor,
    melding: Melding,
    *,
    answers: dict[str, str],
    network: Iterable[dict[str, str]] = (),
    carer_load: int | None = None,
    carer_notes: str = "",
    offers: Iterable[int] = (),
    contribution_cents: int | None = None,
    pgb_explained: bool = False,
    held_on: datetime.date | None = None,
    share: bool = True,
) -> Intake:
    """Record the conversation and its report; share it with the resident."""
    _require_case(actor, melding)
    missing = [key for key, _letter in GUIDE_ITEMS if not (answers.get(key) or "").strip()]
    if missing:
        raise SupportError({key: _("Vul dit onderdeel van het gesprek in.") for key in missing})
    if not pgb_explained:
        raise SupportError(
            {"pgb_explained": _("Leg het persoonsgebonden budget uit (Wmo art. 2.3.2 lid 6).")}
        )
    if carer_load is not None and not 0 <= carer_load <= 10:
        raise SupportError({"carer_load": _("Kies een getal van 0 tot en met 10.")})
    if contribution_cents is not None and contribution_cents < 0:
        raise SupportError({"contribution": _("Het bedrag kan niet negatief zijn.")})
    held_on = held_on or timezone.localdate()
    payload = {
        "title": _("Verslag van het keukentafelgesprek"),
        "text": answers.get("needs", "").strip(),
        "answers": {key: (answers.get(key) or "").strip() for key, _l in GUIDE_ITEMS},
        "network": _clean_network(network),
        # Recorded as what it is: a short check of the informal carer's load, not a test.
        "carer_load_check": {"score": carer_load, "notes": carer_notes.strip()},
        "offers": sorted({int(o) for o in offers}),
        "expected_contribution_cents": contribution_cents,
        "pgb_explained": True,
        "held_on": held_on.isoformat(),
    }
    record = _write(actor, melding.resident, "wmo-verslag", payload)
    intake, _created = Intake.objects.update_or_create(
        melding=melding,
        defaults={
            "held_on": held_on,
            "professional": actor.user,
            "report_record": record,
            "report_shared_on": held_on if share else None,
        },
    )
    melding.status = Melding.Status.REPORTED if share else Melding.Status.INVESTIGATING
    melding.save(update_fields=["status"])
    return intake


@transaction.atomic
def annotate_report(actor: Actor, intake: Intake, *, text: str) -> Intake:
    """The resident adds their own remarks to the report (Wmo art. 2.3.2 lid 8)."""
    resident = intake.melding.resident
    if not is_own(actor, resident.pk):
        raise PermissionDenied(_("Alleen de inwoner zelf kan opmerkingen bij het verslag zetten."))
    text = text.strip()
    if not text:
        raise SupportError({"text": _("Schrijf uw opmerking op.")})
    payload = {"title": _("Mijn opmerkingen bij het verslag"), "text": text}
    if intake.annotation_record:
        # The earlier remark is opened through the vault's door (checked and logged) and
        # replaced there; support never queries the Record table itself.
        earlier = vault.read_record(actor, intake.annotation_record, purpose=vault.OWN_PURPOSE)
        vault.update_record(actor, earlier.record, payload, purpose=vault.OWN_PURPOSE)
    else:
        intake.annotation_record = _write(actor, resident, "wmo-verslag-opmerking", payload)
    intake.annotated_at = timezone.now()
    intake.save(update_fields=["annotation_record", "annotated_at"])
    return intake


# --- the household plan -------------------------------------------------------------------


def _new_id() -> str:
    return uuid.uuid4().hex[:10]


def _author_kind(actor: Actor) -> str:
    if actor.role == Role.RESIDENT:
        return PlanVersion.Author.RESIDENT
    if actor.role == Role.NETWORK_MEMBER:
        return PlanVersion.Author.NETWORK
    return PlanVersion.Author.PROFESSIONAL


def empty_plan() -> dict[str, Any]:
    return {"goals": [], "actions": [], "decisions": [], "coach": None}


def _clean_plan(content: dict[str, Any]) -> dict[str, Any]:
    """Validate goals and actions; name the field of any error."""
    goals = []
    errors: dict[str, str] = {}
    for goal in content.get("goals", []):
        text = (goal.get("text") or "").strip()
        if not text:
            continue  # an emptied goal is removed
        if goal.get("domain") not in LifeDomain.values:
            errors[f"goal-{goal.get('id')}-domain"] = _("Kies een leefgebied.")
        goals.append(
            {
                "id": goal.get("id") or _new_id(),
                "domain": goal.get("domain"),
                "text": text,
                "person": (goal.get("person") or "").strip(),
            }
        )
    goal_ids = {g["id"] for g in goals}
    actions = []
    for action in content.get("actions", []):
        text = (action.get("text") or "").strip()
        if not text:
            continue
        key = f"action-{action.get('id')}"
        if action.get("owner_kind") not in ACTION_OWNERS:
            errors[f"{key}-owner_kind"] = _("Kies wie dit doet.")
        if action.get("status", "open") not in ACTION_STATUSES:
            errors[f"{key}-status"] = _("Kies een stand van zaken.")
        due = action.get("due") or None
        if due:
            try:
                datetime.date.fromisoformat(due)
            except ValueError:
                errors[f"{key}-due"] = _("Vul een datum in als 2025-03-31.")
        actions.append(
            {
                "id": action.get("id") or _new_id(),
                "goal": action.get("goal") if action.get("goal") in goal_ids else None,
                "text": text,
                "owner_kind": action.get("owner_kind"),
                "owner_name": (action.get("owner_name") or "").strip(),
                "due": due,
                "status": action.get("status") or "open",
            }
        )
    if errors:
        raise SupportError(errors)
    return {
        "goals": goals,
        "actions": actions,
        "decisions": list(content.get("decisions", [])),
    }


def _write_version(actor: Actor, plan: Plan, content: dict[str, Any], note: str) -> PlanVersion:
    number = plan.current_version + 1
    goals = content["goals"]
    # The plan's columns hold the chosen coach; every version records who it was then.
    content = {**content, "coach": _coach_entry(plan.coach, plan.coach_organisation)}
    payload = {
        "title": _("Ons plan, versie %(n)s") % {"n": number},
        "text": "\n".join(f"- {g['text']}" for g in goals),
        "version": number,
        "note": note,
        **content,
    }
    record = _write(actor, plan.household, "plan-version", payload)
    version = PlanVersion.objects.create(
        plan=plan,
        number=number,
        record=record,
        created_by=actor.user,
        author_kind=_author_kind(actor),
    )
    plan.current_version = number
    plan.save(update_fields=["current_version"])
    return version


# --- the coach (regisseur) ------------------------------------------------------------------


@dataclass(frozen=True)
class Involvement:
    """How much one organisation is involved with a household right now.

    Counted from the vault's own authorisations, nothing else: the household members for
    whom the organisation holds an active writing basis for support (a read-write grant
    from the resident, or a read-write legal basis), and how many such bases it holds.
    """

    organisation: Organisation
    members: int
    bases: int

    @property
    def rank_key(self) -> tuple[int, int, str, int]:
        return (-self.members, -self.bases, self.organisation.name, self.organisation.pk)


def involved_organisations(household: Household) -> list[Involvement]:
    """The organisations that may act for this household, most involved first.

    Two set-based queries (grants and legal bases of the household's members). Ties are
    broken by the number of bases, then the organisation's name.
    """
    now = timezone.now()
    rows: list[tuple[int, int]] = []
    for model, field in ((Grant, "grantee_organisation_id"), (LegalBasis, "organisation_id")):
        for org_id, resident_id, categories in (
            model.objects.active(now)
            .filter(
                resident__household=household, mode=Mode.READ_WRITE, **{f"{field}__isnull": False}
            )
            .values_list(field, "resident_id", "categories")
        ):
            if CATEGORY in categories:
                rows.append((org_id, resident_id))
    members: dict[int, set[int]] = {}
    bases: dict[int, int] = {}
    for org_id, resident_id in rows:
        members.setdefault(org_id, set()).add(resident_id)
        bases[org_id] = bases.get(org_id, 0) + 1
    organisations = Organisation.objects.in_bulk(list(members))
    result = [
        Involvement(organisations[org_id], len(people), bases[org_id])
        for org_id, people in members.items()
    ]
    return sorted(result, key=lambda i: i.rank_key)


def most_involved(involvements: list[Involvement]) -> set[int]:
    """The ids of the organisations sharing the top place (members, then bases)."""
    if not involvements:
        return set()
    top = involvements[0]
    return {
        i.organisation.pk for i in involvements if (i.members, i.bases) == (top.members, top.bases)
    }


def coach_candidates(household: Household) -> list[tuple[Involvement, list[User]]]:
    """Per involved organisation (most involved first), its professionals who can coach."""
    involvements = involved_organisations(household)
    by_org: dict[int, list[User]] = {i.organisation.pk: [] for i in involvements}
    memberships = (
        Membership.objects.filter(
            organisation_id__in=list(by_org), user__role__in=PROFESSIONALS, user__is_active=True
        )
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__pk")
    )
    for membership in memberships:
        by_org[membership.organisation_id].append(membership.user)
    return [(i, by_org[i.organisation.pk]) for i in involvements]


def _coach_organisation(actor: User, household: Household | None = None) -> Organisation | None:
    """The coach's organisation: the most involved one they belong to."""
    own = list(Membership.objects.filter(user=actor).values_list("organisation_id", flat=True))
    if household is not None:
        for involvement in involved_organisations(household):
            if involvement.organisation.pk in own:
                return involvement.organisation
    return Organisation.objects.filter(pk__in=own).order_by("pk").first()


def _coach_entry(coach: User | None, organisation: Organisation | None) -> dict[str, Any] | None:
    if coach is None:
        return None
    return {
        "user": coach.pk,
        "name": coach.display_name,
        "organisation": organisation.name if organisation else "",
    }


@transaction.atomic
def choose_coach(
    actor: Actor,
    plan: Plan,
    *,
    coach: User,
    organisation: Organisation | None = None,
    reason: str = "",
) -> PlanVersion:
    """Choose or change the plan's one coach (principle 2: from the most involved organisation).

    The coach is a professional of an organisation that holds a writing basis for the
    household. Someone from an organisation that is not (one of) the most involved can
    be chosen only with a reason, which goes into the plan's new version (the vault).
    The change is a new version of the plan, like every other change.
    """
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    household = plan.household
    if not may_choose_coach(actor, household):
        raise PermissionDenied(_("U mag de regisseur van dit plan niet kiezen."))
    candidates = coach_candidates(household)
    allowed = {
        involvement.organisation.pk: involvement
        for involvement, users in candidates
        if any(u.pk == coach.pk for u in users)
    }
    if not allowed:
        raise SupportError(
            {
                "coach": _(
                    "Kies een professional van een organisatie die nu bij dit huishouden "
                    "betrokken is."
                )
            }
        )
    if organisation is None:
        organisation = next(i.organisation for i, _u in candidates if i.organisation.pk in allowed)
    elif organisation.pk not in allowed:
        raise SupportError({"coach": _("Deze professional werkt niet bij die organisatie.")})
    reason = reason.strip()
    top = most_involved([i for i, _u in candidates])
    if organisation.pk not in top and not reason:
        raise SupportError(
            {
                "reason": _(
                    "Deze organisatie is niet het meest betrokken. Schrijf op waarom deze "
                    "regisseur toch de beste keuze is."
                )
            }
        )
    if plan.coach_id == coach.pk and plan.coach_organisation_id == organisation.pk:
        raise SupportError({"coach": _("Deze regisseur is al gekozen.")})
    content = current_content(actor, plan)
    content["coach"] = _coach_entry(coach, organisation)
    note = _("Regisseur: %(name)s (%(organisation)s)") % {
        "name": coach.display_name,
        "organisation": organisation.name,
    }
    if reason:
        note = f"{note}. {reason}"
    plan.coach = coach
    plan.coach_organisation = organisation
    plan.save(update_fields=["coach", "coach_organisation"])
    return _write_version(actor, plan, _clean_plan(content), note)


def start_plan(actor: Actor, household: Household, *, template: str = "") -> tuple[Plan, bool]:
    """The household's one plan: created once; a second call returns the existing plan.

    The database's unique constraint decides a race: the loser's insert fails and it gets
    the winner's plan (tested with threads on PostgreSQL).
    """
    if not can_write_household(actor, household):
        raise PermissionDenied(_("U mag voor dit huishouden geen plan maken."))
    if template and template not in TEMPLATES:
        raise SupportError({"template": _("Kies een voorbeeld uit de lijst.")})
    try:
        with transaction.atomic():
            # A professional who starts the plan is its first coach; anyone who may
            # choose the coach can change that on the coach page.
            professional = actor.role in PROFESSIONALS
            organisation = _coach_organisation(actor.user, household) if professional else None
            plan = Plan.objects.create(
                household=household,
                created_by=actor.user,
                template=template,
                coach=actor.user if professional else None,
                coach_organisation=organisation,
            )
            content = empty_plan()
            content["coach"] = _coach_entry(plan.coach, organisation)
            if template:
                spec = TEMPLATES[template]
                ids = [_new_id() for _g in spec["goals"]]
                content["goals"] = [
                    {"id": i, "domain": str(d), "text": _(t), "person": ""}
                    for i, (d, t) in zip(ids, spec["goals"], strict=True)
                ]
                content["actions"] = [
                    {
                        "id": _new_id(),
                        "goal": ids[g],
                        "text": _(t),
                        "owner_kind": owner,
                        "owner_name": "",
                        "due": None,
                        "status": "open",
                    }
                    for g, t, owner in spec["actions"]
                ]
            content["decisions"] = decisions_for_plan(household)
            _write_version(actor, plan, content, _("Plan gestart"))
    except IntegrityError:
        return Plan.objects.get(household=household), False
    return plan, True


def current_content(actor: Actor, plan: Plan) -> dict[str, Any]:
    version = plan.versions.get(number=plan.current_version)
    return read(actor, version.record)


@transaction.atomic
def change_plan(
    actor: Actor,
    plan: Plan,
    content: dict[str, Any],
    *,
    note: str = "",
    expected_version: int | None = None,
) -> PlanVersion:
    """Every change is a new version (the old ones stay, and can be compared).

    Optimistic locking: the edit form carries the version it was made from; when someone
    saved a newer version in the meantime the change is refused (StaleEdit) instead of
    silently replacing their goals and actions. The plan row is locked, so two saves
    against the same version cannot both pass the check.
    """
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if not can_write_household(actor, plan.household):
        raise PermissionDenied(_("U mag dit plan niet wijzigen."))
    check_version(plan.current_version, expected_version)
    cleaned = _clean_plan(content)
    if not cleaned["decisions"]:
        cleaned["decisions"] = decisions_for_plan(plan.household)
    return _write_version(actor, plan, cleaned, note.strip())


def _require_household(actor: Actor, household: Household) -> None:
    own = vault.own_resident(actor)
    if own is None or own.household_id != household.pk:
        raise PermissionDenied(_("Alleen iemand uit het huishouden kiest wie mee tekent."))


def network_members(household: Household) -> list[NetworkMembership]:
    return list(
        NetworkMembership.objects.filter(household=household, ended__isnull=True)
        .select_related("user")
        .order_by("since", "pk")
    )


@transaction.atomic
def set_cosigners(actor: Actor, plan: Plan, *, users: Iterable[User]) -> list[PlanCosigner]:
    """The household chooses which network members sign the plan too (or none).

    Only active network members of this household can be invited; leaving someone out
    withdraws an earlier invitation (kept as history). Signatures already given stay.
    """
    _require_household(actor, plan.household)
    wanted = {u.pk for u in users}
    members = {m.user_id for m in network_members(plan.household)}
    if wanted - members:
        raise SupportError({"users": _("U kunt alleen netwerkleden van uw huishouden kiezen.")})
    now = timezone.now()
    rows = {c.user_id: c for c in PlanCosigner.objects.select_for_update().filter(plan=plan)}
    for user_id, row in rows.items():
        if user_id not in wanted and row.withdrawn_at is None:
            row.withdrawn_at = now
            row.save(update_fields=["withdrawn_at"])
        elif user_id in wanted and row.withdrawn_at is not None:
            row.withdrawn_at = None
            row.invited_by = actor.user
            row.save(update_fields=["withdrawn_at", "invited_by"])
    for user_id in wanted - set(rows):
        PlanCosigner.objects.create(plan=plan, user_id=user_id, invited_by=actor.user)
    return list(
        PlanCosigner.objects.filter(plan=plan, withdrawn_at__isnull=True).select_related("user")
    )


@transaction.atomic
def sign_plan(actor: Actor, plan: Plan, *, version_number: int) -> PlanSignature:
    """Sign the version the signer has read; a newer version needs a new signature."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if not may_sign(actor, plan):
        raise PermissionDenied(
            _("Alleen het huishouden en netwerkleden die het huishouden uitnodigt, tekenen.")
        )
    if version_number != plan.current_version:
        raise SupportError(
            {
                "version": _(
                    "Het plan is intussen gewijzigd. Lees de nieuwe versie en teken opnieuw."
                )
            }
        )
    version = plan.versions.get(number=version_number)
    signer = vault.own_resident(actor)
    # Consent by age (rules.consent, Jeugdwet 7.3.4 / WGBO 7:450): a child under 12 does
    # not consent themself; the parents with gezag sign for them.
    if (
        signer is not None
        and not consent.care_consent(signer.birth_date, timezone.localdate()).child_consents
    ):
        raise PermissionDenied(_("Tot je 12e tekenen je ouders met gezag het plan voor je."))
    signature, _created = PlanSignature.objects.get_or_create(
        version=version, user=actor.user, defaults={"resident": signer}
    )
    return signature


def compare(old: dict[str, Any], new: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """What changed between two versions, per goal and action (matched by id)."""

    def by_id(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
        return {item["id"]: item for item in items}

    result: dict[str, list[dict[str, Any]]] = {}
    for key, fields in (
        ("goals", ("domain", "text", "person")),
        ("actions", ("text", "owner_kind", "owner_name", "due", "status")),
    ):
        before, after = by_id(old.get(key, [])), by_id(new.get(key, []))
        rows = []
        for item_id in [*before, *(i for i in after if i not in before)]:
            a, b = before.get(item_id), after.get(item_id)
            if a is None:
                rows.append({"change": "added", "old": None, "new": b})
            elif b is None:
                rows.append({"change": "removed", "old": a, "new": None})
            elif any(a.get(f) != b.get(f) for f in fields):
                rows.append({"change": "changed", "old": a, "new": b})
        result[key] = rows
    before_coach, after_coach = old.get("coach"), new.get("coach")
    result["coach"] = (
        [{"change": "changed", "old": before_coach, "new": after_coach}]
        if (before_coach or None) != (after_coach or None)
        else []
    )
    return result


# --- measurement --------------------------------------------------------------------------


@transaction.atomic
def record_measurement(
    actor: Actor,
    household: Household,
    *,
    instrument: str,
    scores: dict[str, int],
    note: str = "",
    resident: Resident | None = None,
    measured_on: datetime.date | None = None,
) -> Measurement:
    """Numbers per domain (ZRM 1–5 or Positive Health 0–10) and the resident's own view."""
    if resident is not None and resident.household_id != household.pk:
        raise SupportError({"resident": _("Deze persoon hoort niet bij dit huishouden.")})
    if instrument == Measurement.Instrument.ZRM:
        allowed, low, high = set(LifeDomain.values), 1, 5
    elif instrument == Measurement.Instrument.POSITIVE_HEALTH:
        allowed, low, high = {k for k, _l in POSITIVE_HEALTH}, 0, 10
    else:
        raise SupportError({"instrument": _("Kies een meetinstrument.")})
    clean: dict[str, int] = {}
    for key, value in scores.items():
        if value is None or value == "":
            continue
        if key not in allowed:
            raise SupportError({key: _("Onbekend onderdeel.")})
        if not low <= int(value) <= high:
            raise SupportError(
                {
                    key: _("Kies een getal van %(low)s tot en met %(high)s.")
                    % {"low": low, "high": high}
                }
            )
        clean[key] = int(value)
    if not clean:
        raise SupportError({"scores": _("Vul minstens één score in.")})
    measured_on = measured_on or timezone.localdate()
    owner: Resident | Household = resident or household
    payload = {
        "title": _("Meting van %(date)s") % {"date": measured_on.isoformat()},
        "text": note.strip(),
        "instrument": instrument,
        "scores": clean,
        "measured_on": measured_on.isoformat(),
    }
    record = _write(actor, owner, f"measurement-{instrument}", payload)
    own = vault.own_resident(actor)
    return Measurement.objects.create(
        household=household,
        resident=resident,
        instrument=instrument,
        measured_on=measured_on,
        recorded_by=actor.user,
        self_assessment=own is not None,
        record=record,
    )


def measurement_series(
    actor: Actor, household: Household
) -> list[tuple[Measurement, dict[str, Any]]]:
    """The household's measurements with their numbers, read through the vault.

    One read per measurement record would log many rows; the vault's read_records reads
    the household's support records at once (one log row per person).
    """
    measurements = list(Measurement.objects.filter(household=household).select_related("resident"))
    if not measurements:
        return []
    wanted = {str(m.record) for m in measurements}
    payloads: dict[str, dict[str, Any]] = {}
    people = {m.resident_id for m in measurements}
    household_read = None not in people  # household records come with any member's read
    for member in _subjects(household):
        if member.pk not in people and household_read:
            continue
        try:
            opened = vault.read_records(actor, member, categories=[CATEGORY])
        except vault.AccessDenied:
            continue
        household_read = True
        for item in opened.records:
            if str(item.id) in wanted:
                payloads[str(item.id)] = item.payload
    return [(m, payloads[str(m.record)]) for m in measurements if str(m.record) in payloads]


# --- applications and decisions -----------------------------------------------------------


@transaction.atomic
def register_application(
    actor: Actor,
    melding: Melding,
    *,
    provision: str,
    provision_kind: str,
    received_on: datetime.date | None = None,
) -> Application:
    """Wmo 2015 art. 2.3.2 lid 9: the aanvraag follows the onderzoek (or 6 weeks)."""
    _require_case(actor, melding)
    received_on = received_on or timezone.localdate()
    has_report = Intake.objects.filter(melding=melding, report_shared_on__isnull=False).exists()
    if not has_report and received_on <= melding.onderzoek_deadline:
        raise SupportError(
            {
                "received_on": _(
                    "Een aanvraag kan pas na het verslag van het gesprek, of als de zes weken "
                    "voor het onderzoek voorbij zijn."
                )
            }
        )
    if provision_kind not in Application.ProvisionKind.values:
        raise SupportError({"provision_kind": _("Kies maatwerk of algemene voorziening.")})
    if not provision.strip():
        raise SupportError({"provision": _("Schrijf op waarvoor de inwoner hulp aanvraagt.")})
    record = _write(
        actor,
        melding.resident,
        "wmo-aanvraag",
        {"title": _("Aanvraag"), "text": provision.strip()},
    )
    application = Application.objects.create(
        melding=melding,
        resident=melding.resident,
        received_on=received_on,
        provision_kind=provision_kind,
        record=record,
        registered_by=actor.user,
    )
    melding.status = Melding.Status.APPLIED
    melding.save(update_fields=["status"])
    return application


@dataclass(frozen=True)
class DecisionInput:
    outcome: str
    provision: str
    reasons: str
    starts_on: datetime.date | None = None
    ends_on: datetime.date | None = None
    contribution_cents: int | None = None


DEFAULT_DECISION_RETENTION_YEARS = 7


def decision_retention_years() -> int:
    """How long a decision's record is kept. [U] UNCERTAIN: 7 years is an assumption.

    The period follows from the Archiefwet 1995 and the municipality's selection list;
    it stays configurable until the municipal archivist confirms it (docs/support.md).
    Django setting first, else the environment variable of the same name.
    """
    value = getattr(settings, "LEEFWERELD_DECISION_RETENTION_YEARS", None)
    if value in (None, ""):
        value = os.environ.get("LEEFWERELD_DECISION_RETENTION_YEARS", "")
    if value is None or value == "":
        return DEFAULT_DECISION_RETENTION_YEARS
    years = int(value)
    if years < 1:
        raise ImproperlyConfigured("LEEFWERELD_DECISION_RETENTION_YEARS must be 1 or more.")
    return years


@transaction.atomic
def decide(
    actor: Actor,
    application: Application,
    data: DecisionInput,
    *,
    decided_on: datetime.date | None = None,
    sent_on: datetime.date | None = None,
) -> Decision:
    """The beschikking: outcome, reasons, the letter's content; it lands in the plan."""
    _require_case(actor, application.melding)
    if hasattr(application, "decision"):
        raise SupportError({"outcome": _("Over deze aanvraag is al besloten.")})
    if data.outcome not in Decision.Outcome.values:
        raise SupportError({"outcome": _("Kies toegekend, deels toegekend of afgewezen.")})
    if not data.reasons.strip():
        raise SupportError({"reasons": _("Schrijf op waarom de gemeente zo besluit.")})
    if data.contribution_cents is not None and data.contribution_cents < 0:
        raise SupportError({"contribution": _("Het bedrag kan niet negatief zijn.")})
    decided_on = decided_on or timezone.localdate()
    sent_on = sent_on or decided_on
    retention = decided_on.replace(year=decided_on.year + decision_retention_years())
    payload = {
        "title": _("Besluit over uw aanvraag"),
        "text": data.reasons.strip(),
        "outcome": data.outcome,
        "provision": data.provision.strip(),
        "provision_kind": application.provision_kind,
        "reasons": data.reasons.strip(),
        "starts_on": data.starts_on.isoformat() if data.starts_on else None,
        "ends_on": data.ends_on.isoformat() if data.ends_on else None,
        "contribution_cents": data.contribution_cents,
        "decided_on": decided_on.isoformat(),
        "sent_on": sent_on.isoformat(),
    }
    record = _write(
        actor,
        application.resident,
        "wmo-beschikking",
        payload,
        retention_law="Archiefwet 1995; Awb afdeling 4.1 (besluit)",
        retention_until=retention,
    )
    decision = Decision.objects.create(
        application=application,
        outcome=data.outcome,
        decided_on=decided_on,
        sent_on=sent_on,
        decided_by=actor.user,
        record=record,
    )
    melding = application.melding
    melding.status = Melding.Status.DECIDED
    melding.save(update_fields=["status"])
    # The decision lands in the plan: a new version lists it (no content, a reference).
    plan = Plan.objects.filter(household_id=melding.household_id).first()
    if plan is not None and plan.current_version and can_write_household(actor, plan.household):
        content = current_content(actor, plan)
        content["decisions"] = decisions_for_plan(plan.household)
        _write_version(actor, plan, _clean_plan(content), _("Besluit toegevoegd"))
    return decision


def decisions_for_plan(household: Household) -> list[dict[str, Any]]:
    """References to the household's decisions (ids, outcome, dates) for the plan."""
    return [
        {
            "id": d.pk,
            "outcome": d.outcome,
            "decided_on": d.decided_on.isoformat(),
            "provision_kind": d.application.provision_kind,
        }
        for d in Decision.objects.filter(application__melding__household=household)
        .select_related("application")
        .order_by("decided_on", "pk")
    ]


@transaction.atomic
def record_objection(actor: Actor, decision: Decision, *, received_on: datetime.date) -> Decision:
    _require_case(actor, decision.application.melding)
    decision.objection_received_on = received_on
    decision.save(update_fields=["objection_received_on"])
    return decision
