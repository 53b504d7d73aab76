"""Who logs in: the services verbs behind DigiD, eHerkenning and staff single sign-on.

* `resident_account(bsn)`: DigiD gave a BSN. The resident is looked up in the basic
  registration — refreshed from the BRP first when we do not know them yet and the BRP is
  configured — and their account is made at this first login: no admin step, no password.
* `organisation_account(kvk, branch, subject)`: eHerkenning gave a KvK number, a branch
  and a pseudonym for the person acting. The organisation must be known
  (`OrganisationIdentity`); the account is made at the first login with no rights of its
  own: those come from memberships.
* `staff_account(claims)`: the municipality's identity provider gave claims. The group
  claim decides role and memberships (`StaffGroup`), in one transaction.

Each returns the user, or None with the reason logged (no personal data in the log).
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from django.conf import settings
from django.db import transaction

from leefwereld.core.bsn import is_valid_bsn, normalise_bsn
from leefwereld.core.models import Membership, Resident, User
from leefwereld.core.roles import STAFF_ROLES, Role

from .models import OrganisationAccount, OrganisationIdentity, StaffGroup

logger = logging.getLogger("leefwereld.connections.identity")


def _resident(bsn: str) -> Resident | None:
    return Resident.objects.select_related("user", "brp_status").filter(bsn=bsn).first()


def resident_account(bsn: str) -> User | None:
    """The account of the resident with this BSN, made now if they have none."""
    if not is_valid_bsn(bsn):
        logger.info("DigiD login refused: not a valid BSN")
        return None
    bsn = normalise_bsn(bsn)
    resident = _resident(bsn)
    if resident is None and settings.BRP_API_URL:
        from . import brp, brp_sync

        try:
            brp_sync.sync(brp.HaalCentraalClient(), {bsn})
        except brp.BrpError as error:
            logger.warning("DigiD login: BRP look-up failed: %s", error)
            return None
        resident = _resident(bsn)
    if resident is None:
        logger.info("DigiD login refused: no resident with this BSN in the registration")
        return None
    status = getattr(resident, "brp_status", None)
    if status is not None and status.deceased_on is not None:
        logger.warning("DigiD login refused: the BRP registers this resident as deceased")
        return None
    with transaction.atomic():
        # Two first logins at once (two tabs) must make one account.
        resident = (
            Resident.objects.select_for_update(of=("self",))
            .select_related("user")
            .get(pk=resident.pk)
        )
        if resident.user is not None:
            user = resident.user
            if user.role != Role.RESIDENT or not user.is_active:
                logger.warning("DigiD login refused: the linked account is not an active resident")
                return None
            return user
        user = User(
            username=f"digid-{resident.pk}",
            role=Role.RESIDENT,
            first_name=resident.given_names[:150],
            last_name=" ".join(p for p in (resident.surname_prefix, resident.surname) if p)[:150],
        )
        user.set_unusable_password()
        user.save()
        Resident.objects.filter(pk=resident.pk).update(user=user)
        logger.info("DigiD: account made at first login (resident %s)", resident.pk)
        return user


def _identity(kvk: str, branch: str) -> OrganisationIdentity | None:
    """The branch's own identity, else one for every branch of the KvK number."""
    identities = OrganisationIdentity.objects.select_related("organisation").filter(kvk_number=kvk)
    by_branch = {i.branch_number: i for i in identities}
    return by_branch.get(branch) or by_branch.get("")


def organisation_account(kvk: str, branch: str, subject: str) -> User | None:
    """The account of the person `subject` acting for KvK `kvk` (branch `branch`)."""
    kvk, branch, subject = kvk.strip(), branch.strip(), subject.strip()
    if not (len(kvk) == 8 and kvk.isascii() and kvk.isdigit()) or not subject:
        logger.info("eHerkenning login refused: no KvK number or acting subject")
        return None
    identity = _identity(kvk, branch)
    if identity is None:
        logger.info("eHerkenning login refused: KvK number not linked to an organisation")
        return None
    with transaction.atomic():
        account = (
            OrganisationAccount.objects.select_for_update(of=("self",))
            .select_related("user")
            .filter(identity=identity, subject=subject)
            .first()
        )
        if account is not None:
            return account.user if account.user.is_active else None
        # The pseudonym itself is not shown: a hash of it names the account.
        digest = hashlib.sha256(f"{identity.pk}:{subject}".encode()).hexdigest()[:16]
        user = User(username=f"eherkenning-{digest}", role=identity.role)
        user.set_unusable_password()
        user.save()
        OrganisationAccount.objects.create(user=user, identity=identity, subject=subject)
        logger.info(
            "eHerkenning: account made at first login (organisation %s)", identity.organisation_id
        )
        return user


def _groups(claims: dict[str, Any]) -> list[str]:
    value = claims.get(settings.LEEFWERELD_OIDC_GROUPS_CLAIM, [])
    if isinstance(value, str):
        value = [value]
    return [str(g) for g in value] if isinstance(value, list) else []


def staff_account(claims: dict[str, Any]) -> User | None:
    """The staff member's account, with the role and memberships their groups give now.

    No group known to Leefwereld: no login. Memberships of organisations that some group
    maps to are kept in step with the claim (added and removed); memberships given by hand
    for other organisations are left alone.
    """
    subject = str(claims.get("sub") or "")
    if not subject:
        logger.warning("OIDC login refused: no subject in the claims")
        return None
    mapped = list(StaffGroup.objects.filter(group__in=_groups(claims)))
    if not mapped:
        logger.info("OIDC login refused: none of the user's groups is mapped to a role")
        return None
    role = mapped[0].role  # ordered by priority
    if role not in STAFF_ROLES:
        logger.warning("OIDC login refused: group maps to a role that is not a staff role")
        return None
    wanted = {g.organisation_id for g in mapped if g.organisation_id}
    managed = set(
        StaffGroup.objects.exclude(organisation=None).values_list("organisation_id", flat=True)
    )
    with transaction.atomic():
        user, _created = User.objects.select_for_update().get_or_create(
            username=f"oidc-{subject}"[:150], defaults={"role": role}
        )
        user.role = role
        user.email = str(claims.get("email") or "")[:254]
        user.first_name = str(claims.get("given_name") or "")[:150]
        user.last_name = str(claims.get("family_name") or "")[:150]
        user.is_active = True
        user.set_unusable_password()
        user.save()
        have = set(Membership.objects.filter(user=user).values_list("organisation_id", flat=True))
        Membership.objects.filter(user=user, organisation_id__in=(managed - wanted)).delete()
        Membership.objects.bulk_create(
            [Membership(user=user, organisation_id=pk) for pk in sorted(wanted - have)]
        )
    return user
