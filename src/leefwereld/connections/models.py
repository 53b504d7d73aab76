"""What the connections add to the basic registration, kept out of core's tables.

* `BrpStatus`: per resident, what the BRP said at the last sync (secrecy, death) and a
  fingerprint of that answer, so a second run with the same answers changes nothing.
* `AddressIdentity`: the BAG's nummeraanduiding and adresseerbaar object of an address and
  the CBS buurt it lies in (filled by `bag_import`, used by `brp_sync` to find addresses).
* `OrganisationIdentity`: a KvK number (and branch) that eHerkenning may present, and the
  Organisation it stands for. Rights still come from core's memberships.
* `StaffGroup`: a group claim of the municipality's identity provider and the role (and
  organisation) it gives a staff member at login.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from leefwereld.core.models import Address, Organisation, Resident
from leefwereld.core.roles import Role


class BrpStatus(models.Model):
    resident = models.OneToOneField(Resident, on_delete=models.CASCADE, related_name="brp_status")
    # geheimhoudingPersoonsgegevens (Wet BRP art. 2.59): the resident asked that their data
    # is not given to third parties. Staff of the municipality may use it for their task;
    # partner organisations and network members are not shown the address.
    secret = models.BooleanField(_("geheimhouding"), default=False)
    deceased_on = models.DateField(_("overleden op"), null=True, blank=True)
    fingerprint = models.CharField(_("vingerafdruk BRP-antwoord"), max_length=64)
    synced_at = models.DateTimeField(_("laatst bijgewerkt uit de BRP"))

    class Meta:
        verbose_name = _("BRP-stand")
        verbose_name_plural = _("BRP-standen")

    def __str__(self) -> str:
        return str(self.resident_id)


class AddressIdentity(models.Model):
    address = models.OneToOneField(Address, on_delete=models.CASCADE, related_name="bag")
    nummeraanduiding = models.CharField(_("nummeraanduiding-ID"), max_length=16, unique=True)
    adresseerbaar_object = models.CharField(
        _("adresseerbaar-object-ID"), max_length=16, blank=True, db_index=True
    )
    # CBS buurtcode, e.g. BU05990101 (the wijk is its first eight characters after BU→WK).
    buurt_code = models.CharField(_("CBS-buurtcode"), max_length=10, blank=True)

    class Meta:
        verbose_name = _("BAG-adres")
        verbose_name_plural = _("BAG-adressen")

    def __str__(self) -> str:
        return self.nummeraanduiding


class OrganisationIdentity(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="identities"
    )
    kvk_number = models.CharField(_("KvK-nummer"), max_length=8)
    # Vestigingsnummer (12 digits); empty: every branch of this KvK number.
    branch_number = models.CharField(_("vestigingsnummer"), max_length=12, blank=True)
    # The role of an account made at a first eHerkenning login (what it may see still
    # depends on its memberships).
    role = models.CharField(
        _("rol van nieuwe accounts"), max_length=32, choices=Role.choices, default=Role.PROVIDER
    )

    class Meta:
        verbose_name = _("eHerkenning-identiteit")
        verbose_name_plural = _("eHerkenning-identiteiten")
        constraints = [
            models.UniqueConstraint(
                fields=["kvk_number", "branch_number"], name="unique_kvk_branch"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kvk_number}/{self.branch_number or '*'}"


class StaffGroup(models.Model):
    group = models.CharField(_("groep bij de identity provider"), max_length=200, unique=True)
    role = models.CharField(_("rol"), max_length=32, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisatie"),
    )
    # Several groups may match one person: the highest priority names the role.
    priority = models.PositiveSmallIntegerField(_("voorrang"), default=0)

    class Meta:
        verbose_name = _("medewerkersgroep")
        verbose_name_plural = _("medewerkersgroepen")
        ordering = ["-priority", "group"]

    def __str__(self) -> str:
        return self.group


class OrganisationAccount(models.Model):
    """The account of one person acting for an organisation through eHerkenning.

    eHerkenning says *which organisation* (KvK number, branch) and gives a pseudonym for
    the person acting (the acting subject). The account is made at the first login; what
    the person may do comes only from the memberships the organisation's administrator
    gives in Leefwereld (core.Membership), never from eHerkenning itself.
    """

    user = models.OneToOneField(
        "core.User", on_delete=models.CASCADE, related_name="organisation_account"
    )
    identity = models.ForeignKey(
        OrganisationIdentity, on_delete=models.CASCADE, related_name="accounts"
    )
    subject = models.CharField(_("pseudoniem van de handelende persoon"), max_length=200)

    class Meta:
        verbose_name = _("eHerkenning-account")
        verbose_name_plural = _("eHerkenning-accounts")
        constraints = [
            models.UniqueConstraint(fields=["identity", "subject"], name="unique_acting_subject")
        ]

    def __str__(self) -> str:
        return f"{self.identity} {self.subject}"
