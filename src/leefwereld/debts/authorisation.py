"""Who may do and see what in the debt fund: its role groups (each defined once), the only
ways views and API views find the fund's objects, and the executable policy of every page
and API operation (the authorisation matrix runs them).

* debt officers (role debt_officer): signals, outreach and cases; a resident's name and
  address are shown through `vault.registration.show` (logged); the inventory and the
  income figures only through the vault, with the Wgs legal basis recorded when the case
  opens (logged);
* the resident: their own household's case, read from their own vault (logged);
* signal partners (members of a creditor organisation): their own signals and *whether*
  each was picked up — never a name, reason or outcome;
* debt officers, policy officers and council members: the fund's figures per month and a
  trial balance per kind of account, never a household;
* team leads: the escalated takeovers of their own organisation's cases (references only).

Tests: debts/tests/test_authorisation.py (every page as every role) and the matrix.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from leefwereld.core import policy
from leefwereld.core.actor import Actor
from leefwereld.core.models import Membership
from leefwereld.core.policy import RESIDENTS
from leefwereld.core.roles import Role
from leefwereld.vault import access as vault

from .models import (
    Arrangement,
    BankLine,
    Creditor,
    DebtCase,
    Escalation,
    Goal,
    Offer,
    OutreachCase,
    PaymentInstruction,
    Phase,
    Signal,
)

# --- the role groups ----------------------------------------------------------------------

OFFICER = policy.roles(Role.DEBT_OFFICER)
# The fund's figures (aggregates): officers, policy and council.
FIGURES = policy.roles(Role.DEBT_OFFICER, Role.POLICY_OFFICER, Role.COUNCIL_MEMBER)
# Who may book the municipality's contribution to the fund.
CONTRIBUTORS = policy.roles(Role.DEBT_OFFICER, Role.POLICY_OFFICER)
# The escalated takeovers: all for officers, their own organisation's for team leads.
ESCALATION_READERS = policy.roles(Role.DEBT_OFFICER, Role.TEAM_LEAD)
# Staff of a creditor organisation that delivers signals (housing corporation, utility,
# health insurer): they see their own kenmerken and whether each was picked up.
SIGNAL_PARTNERS = policy.roles(
    Role.PROFESSIONAL, Role.TEAM_LEAD, Role.POLICY_OFFICER, Role.ADMINISTRATOR
)
# Who may deliver signals through the API: the partners themselves, or an officer for them.
SIGNAL_SENDERS = policy.roles(SIGNAL_PARTNERS, OFFICER)


def is_officer(actor: Actor) -> bool:
    return actor.role in OFFICER


def require(actor: Actor, group: frozenset[str]) -> None:
    if actor.role not in group:
        raise PermissionDenied


# --- finding the fund's objects -----------------------------------------------------------


def access_bank_line(actor: Actor, pk: int) -> BankLine:
    """A credit on the fund's account: the fund's officers (the fund has one account)."""
    require(actor, OFFICER)
    return get_object_or_404(BankLine, pk=pk)


def arrangement_by_reference(actor: Actor, reference: str) -> Arrangement:
    """The arrangement of a case named by its reference (SF-000054), for an officer."""
    require(actor, OFFICER)
    digits = "".join(ch for ch in reference if ch.isdigit())
    arrangement = (
        Arrangement.objects.select_related("case")
        .filter(case__in=visible_cases(actor), case_id=int(digits))
        .first()
        if digits
        else None
    )
    if arrangement is None:
        raise ValidationError(
            {"case": _("Bij %(ref)s hoort geen regeling.") % {"ref": reference or "—"}}
        )
    return arrangement


def _own_household_id(actor: Actor) -> int | None:
    if actor.role not in RESIDENTS:
        return None
    own = vault.own_resident(actor)
    return own.household_id if own is not None else None


def visible_cases(actor: Actor) -> QuerySet[DebtCase]:
    """Officers: every case of the fund. A resident: their own household's cases."""
    if is_officer(actor):
        return DebtCase.objects.all()
    household_id = _own_household_id(actor)
    if household_id is not None:
        return DebtCase.objects.filter(household_id=household_id)
    return DebtCase.objects.none()


def running_cases(actor: Actor) -> QuerySet[DebtCase]:
    return visible_cases(actor).exclude(phase=Phase.EXIT)


def access_case(actor: Actor, pk: int) -> DebtCase:
    """A case an officer works on (404 when there is none; 403 for everyone else)."""
    require(actor, OFFICER)
    return get_object_or_404(
        visible_cases(actor).select_related("client", "household__address"), pk=pk
    )


def visible_outreach(actor: Actor) -> QuerySet[OutreachCase]:
    """Officers: every outreach case. A resident: their own household's."""
    if is_officer(actor):
        return OutreachCase.objects.all()
    household_id = _own_household_id(actor)
    if household_id is not None:
        return OutreachCase.objects.filter(household_id=household_id)
    return OutreachCase.objects.none()


def access_outreach(actor: Actor, pk: int) -> OutreachCase:
    """An officer's outreach case, or (to decline help) the resident's own household's."""
    if not (is_officer(actor) or actor.role in RESIDENTS):
        raise PermissionDenied
    return get_object_or_404(visible_outreach(actor).select_related("household__address"), pk=pk)


def visible_signals(actor: Actor) -> QuerySet[Signal]:
    """The officers' signals: every signal the fund received (the review queue)."""
    if is_officer(actor):
        return Signal.objects.all()
    return Signal.objects.none()


def access_signal(actor: Actor, pk: int) -> Signal:
    require(actor, OFFICER)
    return get_object_or_404(visible_signals(actor), pk=pk)


def partner_creditors(actor: Actor) -> QuerySet[Creditor]:
    """The creditors the actor works for (through their organisations' memberships)."""
    return Creditor.objects.filter(
        organisation_id__in=Membership.objects.filter(user=actor.user).values("organisation_id")
    )


def partner_signals(actor: Actor) -> QuerySet[Signal]:
    """A signal partner's own signals: its kenmerken and whether each was picked up."""
    return Signal.objects.filter(partner__in=partner_creditors(actor))


def access_offer(actor: Actor, pk: int) -> Offer:
    require(actor, OFFICER)
    return get_object_or_404(Offer.objects.filter(case__in=visible_cases(actor)), pk=pk)


def access_instruction(actor: Actor, pk: int) -> PaymentInstruction:
    require(actor, OFFICER)
    return get_object_or_404(
        PaymentInstruction.objects.filter(offer__case__in=visible_cases(actor)).select_related(
            "offer"
        ),
        pk=pk,
    )


def access_goal(actor: Actor, pk: int) -> Goal:
    require(actor, OFFICER)
    return get_object_or_404(Goal.objects.filter(case__in=visible_cases(actor)), pk=pk)


def visible_refusals(actor: Actor) -> QuerySet[Offer]:
    require(actor, OFFICER)
    return Offer.objects.filter(status=Offer.Status.REFUSED, case__in=visible_cases(actor))


def visible_instructions(actor: Actor) -> QuerySet[PaymentInstruction]:
    """Payment instructions (creditor, IBAN, case reference) for the SEPA file: officers."""
    require(actor, OFFICER)
    return PaymentInstruction.objects.all()


def visible_escalations(actor: Actor) -> QuerySet[Escalation]:
    """Escalated cases still not taken over, oldest deadline first.

    Debt officers see every one; a team lead only the cases of their own organisations.
    """
    rows = (
        Escalation.objects.filter(case__taken_over_on__isnull=True)
        .exclude(case__phase=Phase.EXIT)
        .select_related("case__officer")
        .order_by("due", "pk")
    )
    if actor.role == Role.TEAM_LEAD:
        return rows.filter(
            case__organisation_id__in=Membership.objects.filter(user=actor.user).values(
                "organisation_id"
            )
        )
    require(actor, OFFICER)
    return rows


# --- the policies -------------------------------------------------------------------------

ACTION = "POST only: changes state through services.py and redirects"

URLS: dict[str, policy.Policy] = {
    "debts:dashboard": policy.page(
        "what needs attention: counts and case references only, no resident's name", OFFICER
    ),
    "debts:signals": policy.page(
        "the review queue: a signal's identity and a candidate's name (shown through"
        " registration.show, logged)",
        OFFICER,
        personal=policy.only(Role.DEBT_OFFICER),
    ),
    "debts:signal_import": policy.action(ACTION + " (CSV upload, all or nothing)", OFFICER),
    "debts:signal_review": policy.action(ACTION, OFFICER),
    "debts:outreach": policy.page(
        "outreach cases: the addresses of households with signals (no names)",
        OFFICER,
        personal=policy.only(Role.DEBT_OFFICER),
    ),
    "debts:outreach_detail": policy.page(
        "one outreach case: the household's names (registration.show, logged)",
        OFFICER,
        personal=policy.only(Role.DEBT_OFFICER),
    ),
    "debts:outreach_contact": policy.action(ACTION, OFFICER),
    "debts:outreach_close": policy.action(ACTION, OFFICER),
    "debts:outreach_open_case": policy.action(
        ACTION + " (records the Wgs legal basis in the vault)", OFFICER
    ),
    "debts:cases": policy.page(
        "running cases with the client's name (registration.show, logged)",
        OFFICER,
        personal=policy.only(Role.DEBT_OFFICER),
    ),
    "debts:case_walk_in": policy.page(
        "GET shows an empty form; POST looks a resident up by BSN + birth date (logged) and"
        " opens a case (Wgs basis)",
        OFFICER,
    ),
    "debts:case_detail": policy.page(
        "the case: name (logged), debts and income through the vault under the Wgs legal"
        " basis recorded when the case opened (logged)",
        OFFICER,
        personal=policy.only(Role.DEBT_OFFICER),
    ),
    "debts:case_advance": policy.action(ACTION, OFFICER),
    "debts:case_moratorium": policy.action(ACTION, OFFICER),
    "debts:case_add_debt": policy.action(ACTION + " (writes through the vault)", OFFICER),
    "debts:case_capacity": policy.action(ACTION + " (writes through the vault)", OFFICER),
    "debts:case_offers": policy.action(ACTION + " (reads the inventory, logged)", OFFICER),
    "debts:case_takeover": policy.action(ACTION, OFFICER),
    "debts:case_compulsory": policy.page(
        "printable dwangakkoord letters (Fw 287a): the debtor's name and address (logged),"
        " claims and offers from the fund's own offers",
        OFFICER,
        personal=policy.only(Role.DEBT_OFFICER),
    ),
    "debts:case_repayment": policy.action(ACTION, OFFICER),
    "debts:case_goal": policy.action(ACTION, OFFICER),
    "debts:case_change_arrangement": policy.action(
        ACTION + " (a new payment-capacity record through the vault)", OFFICER
    ),
    "debts:case_aftercare": policy.action(ACTION, OFFICER),
    "debts:offer_respond": policy.action(ACTION, OFFICER),
    "debts:offer_court": policy.action(ACTION + " (reads the capacity, logged)", OFFICER),
    "debts:instruction_paid": policy.action(ACTION, OFFICER),
    "debts:goal_reached": policy.action(ACTION, OFFICER),
    "debts:refusals": policy.page(
        "refusing creditors: creditor names, amounts and case references, no names", OFFICER
    ),
    "debts:escalations": policy.page(
        "takeovers past the four weeks: case references, deadlines and the officer's name,"
        " no resident's name (team leads: their own organisation's cases)",
        ESCALATION_READERS,
    ),
    "debts:sepa_export": policy.page(
        "the SEPA file: creditor names and IBANs, case references only", OFFICER
    ),
    "debts:bank": policy.page(
        "bank statements: open credits with the payer's name and IBAN (the fund's own"
        " bookkeeping as a creditor), case references only; POST reads a CAMT.053 file",
        OFFICER,
    ),
    "debts:bank_resolve": policy.action(ACTION + " (links an open bank credit)", OFFICER),
    "debts:case_children": policy.action(ACTION + " (children first: the fast route)", OFFICER),
    "debts:fund": policy.page("aggregates only", FIGURES),
    "debts:fund_csv": policy.page("aggregates only", FIGURES),
    "debts:fund_contribute": policy.action("POST only: books a contribution", CONTRIBUTORS),
    "debts:partner": policy.page(
        "members of a creditor organisation: own kenmerken and picked up yes/no",
        SIGNAL_PARTNERS,
    ),
    "debts:mine": policy.page(
        "the resident: own household's case, read from their own vault (logged)",
        RESIDENTS,
        personal=policy.own_only,
    ),
    "debts:decline": policy.action(
        "POST only, the resident: declines the offer of help for their household", RESIDENTS
    ),
}

OPERATIONS: dict[tuple[str, str], policy.Policy] = {
    ("/api/v1/debt-signals/", "get"): policy.page(
        "members of a creditor organisation: own kenmerken, picked up yes/no", SIGNAL_PARTNERS
    ),
    ("/api/v1/debt-signals/", "post"): policy.action(
        "signal partners (own organisation) and debt officers; all or nothing", SIGNAL_SENDERS
    ),
    ("/api/v1/debt-cases/", "get"): policy.page(
        "debt officers; process fields only (no names, no vault content)", OFFICER
    ),
    ("/api/v1/debt-cases/{id}/", "get"): policy.page(
        "debt officers; process fields only (no names, no vault content)", OFFICER
    ),
    ("/api/v1/debt-fund/economics/", "get"): policy.page("aggregates only", FIGURES),
}
