"""Who may do what on the sociale kaart: the role groups, the functions that find what an
actor may see or maintain, and the policy of every page and API operation (the
authorisation matrix, tests/test_authorisation_matrix.py, executes URLS and OPERATIONS).

The sociale kaart holds no personal data of residents: an offer is an organisation's
public information (its name, texts, opening hours, the organisation's own phone number
and e-mail address). Who may do what:

* everyone, without logging in: search, an approved offer, the printable list per
  neighbourhood, the CSV download and the public API — approved offers only, a
  proposal or unapproved offer is never shown (404);
* people working for an organisation (`PROVIDER_ROLES`): their own organisations'
  offers and proposals, and proposing new offers or changes for an organisation they
  are a member of (`may_maintain`; anyone else gets 403);
* the municipality (`REVIEWER_ROLES`: policy officers, administrators): the review
  queue, approving or rejecting proposals, importing CSV files.

socialmap/tests/test_authorisation.py opens every page as every role and as an anonymous
visitor and checks the outcome the policy promises.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from leefwereld.core import policy
from leefwereld.core.actor import Actor
from leefwereld.core.models import Organisation
from leefwereld.core.roles import ORGANISATION_ROLES, Role

from .models import Offer, OfferProposal

# --- role groups (one definition each) -----------------------------------------------------

# People who act for an organisation and maintain its offers ("Mijn aanbod").
PROVIDER_ROLES = policy.roles(ORGANISATION_ROLES)
# The municipality approves offers and imports files.
REVIEWER_ROLES = policy.roles(Role.POLICY_OFFICER, Role.ADMINISTRATOR)


# --- what an actor may see or maintain -----------------------------------------------------


def visible_offers(actor: Actor | None = None) -> QuerySet[Offer]:
    """What the public sees, whoever asks: approved offers only."""
    return Offer.objects.filter(approved_at__isnull=False)


def access_offer(actor: Actor | None, pk: int) -> Offer:
    try:
        return visible_offers(actor).get(pk=pk)
    except Offer.DoesNotExist:
        raise Http404 from None


def may_maintain(actor: Actor, organisation: Organisation) -> bool:
    """Members of the organisation, and the municipality's reviewers."""
    return (
        actor.role in REVIEWER_ROLES
        or actor.user.memberships.filter(organisation=organisation).exists()
    )


def own_organisations(actor: Actor) -> QuerySet[Organisation]:
    """The organisations the actor works for (their offers are on "Mijn aanbod")."""
    return Organisation.objects.filter(memberships__user=actor.user)


def access_organisation(actor: Actor, pk: int) -> Organisation:
    """An organisation the actor may propose offers for: 404 if none, 403 if not theirs."""
    try:
        organisation = Organisation.objects.get(pk=pk)
    except Organisation.DoesNotExist:
        raise Http404 from None
    if not may_maintain(actor, organisation):
        raise PermissionDenied
    return organisation


def access_own_offer(actor: Actor, organisation: Organisation, pk: int) -> Offer:
    """An offer (approved or not) of an organisation the actor maintains."""
    if not may_maintain(actor, organisation):
        raise PermissionDenied
    try:
        return Offer.objects.get(pk=pk, organisation=organisation)
    except Offer.DoesNotExist:
        raise Http404 from None


def visible_proposals(actor: Actor) -> QuerySet[OfferProposal]:
    """Proposals: the reviewers see all; no one else reviews."""
    if actor.role not in REVIEWER_ROLES:
        return OfferProposal.objects.none()
    return OfferProposal.objects.all()


def access_proposal(actor: Actor, pk: int) -> OfferProposal:
    if actor.role not in REVIEWER_ROLES:
        raise PermissionDenied
    try:
        return visible_proposals(actor).get(pk=pk)
    except OfferProposal.DoesNotExist:
        raise Http404 from None


# --- policies --------------------------------------------------------------------------------

PUBLIC = policy.public("approved offers only; no personal data")

URLS: dict[str, policy.Policy] = {
    "socialmap:search": PUBLIC,
    "socialmap:detail": PUBLIC,
    "socialmap:print": PUBLIC,
    "socialmap:export": PUBLIC,
    "socialmap:my_offers": policy.page(
        "their own organisations' offers and proposals; no resident data", PROVIDER_ROLES
    ),
    "socialmap:propose_new": policy.page(
        "a proposal form for members of the organisation and the reviewers (else 403)",
        PROVIDER_ROLES,
    ),
    "socialmap:propose_change": policy.page(
        "a proposal form for members of the organisation and the reviewers (else 403)",
        PROVIDER_ROLES,
    ),
    "socialmap:review_queue": policy.page(
        "pending proposals with the proposer's name (staff); no resident data",
        REVIEWER_ROLES,
    ),
    "socialmap:review": policy.action(
        "POST only: approve, or reject with a reason", REVIEWER_ROLES
    ),
    "socialmap:import": policy.action("POST only: an all-or-nothing CSV import", REVIEWER_ROLES),
    # The public API's router names (each operation has its policy in OPERATIONS).
    "offer-list": PUBLIC,
    "offer-detail": PUBLIC,
}

OPERATIONS: dict[tuple[str, str], policy.Policy] = {
    ("/api/v1/offers/", "get"): policy.public(
        "approved offers only (filters q, domain, neighbourhood, age)"
    ),
    ("/api/v1/offers/{id}/", "get"): PUBLIC,
}
