"""Help routes: requests, their handovers between organisations, escalations to the
municipality's regie team, and the involvement signal.

These tables hold routing metadata only — organisations, the people responsible,
statuses, dates and hop numbers. What a resident asks and every note about it is personal
content: it lives in the resident's vault (one record per request, `record_id`) and is
read and written only through ``leefwereld.vault.access``.

The involvement signal follows the Verwijsindex (Jeugdwet §7.1): an involvement row holds
who (BSN via the resident), which organisation, how to reach the professional, and dates —
never a reason or any content (Jeugdwet art. 7.1.4.3, geldend vanaf 2015-01-01).
"""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leefwereld.core.appendonly import AppendOnlyModel
from leefwereld.core.models import Neighbourhood, Organisation, Resident, User
from leefwereld.vault.models import Category


class HelpRequest(models.Model):
    """One question for help, and where it is on its route now."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Wacht op een organisatie")
        IN_PROGRESS = "in_progress", _("Iemand helpt u")
        ESCALATED = "escalated", _("Bij het regieteam")
        CLOSED = "closed", _("Afgerond")

    class Outcome(models.TextChoices):
        HELPED = "helped", _("Geholpen")
        NOT_NEEDED = "not_needed", _("Hulp niet meer nodig")
        WITHDRAWN = "withdrawn", _("Ingetrokken door de inwoner")

    resident = models.ForeignKey(Resident, on_delete=models.PROTECT, related_name="help_requests")
    # Where the resident lived when they asked: the monitor counts per neighbourhood.
    neighbourhood = models.ForeignKey(
        Neighbourhood, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The vault category of the question (like a vault record's category: metadata).
    category = models.CharField(_("onderwerp"), max_length=20, choices=Category.choices)
    # The vault record holding the question and the notes; empty when nobody who could
    # write to the resident's vault wrote anything down.
    record_id = models.UUIDField(null=True, blank=True)
    opened_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    outcome = models.CharField(_("uitkomst"), max_length=12, choices=Outcome.choices, blank=True)
    # Who holds the request now: the organisation and (once someone accepted) the person.
    current_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    responsible_user = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    current_handover = models.ForeignKey(
        "Handover", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Hops: every referral counts, refused ones too, and the regie team's assignments.
    referral_count = models.PositiveSmallIntegerField(_("aantal verwijzingen"), default=0)
    escalation_count = models.PositiveSmallIntegerField(default=0)
    # The date by which the next step is due (acceptance or taking ownership).
    next_deadline = models.DateField(null=True, blank=True)
    last_accepted_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # Calendar days from the request to its acceptance by the organisation that helped.
    days_to_help = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("hulpvraag")
        verbose_name_plural = _("hulpvragen")
        indexes = [
            models.Index(fields=["resident", "-opened_at"], name="routes_req_resident"),
            models.Index(fields=["current_organisation", "status"], name="routes_req_org_status"),
            models.Index(fields=["neighbourhood", "status"], name="routes_req_hood_status"),
            models.Index(fields=["status", "next_deadline"], name="routes_req_deadline"),
        ]

    def __str__(self) -> str:
        return str(_("Hulpvraag %(id)s") % {"id": self.pk})

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.CLOSED


class Handover(models.Model):
    """One step of a route: the request goes to an organisation, which accepts it (warm).

    Only kind REFERRAL and REGIE are hops. A referral's hop number is at most 2: the
    check constraint makes a third referral impossible; beyond two, only the regie team
    assigns, after an escalation.
    """

    class Kind(models.TextChoices):
        INTAKE = "intake", _("Eerste aanmelding")
        REFERRAL = "referral", _("Verwijzing")
        RETURN = "return", _("Terug na weigering")
        REGIE = "regie", _("Toewijzing door het regieteam")

    class Status(models.TextChoices):
        PENDING = "pending", _("Wacht op acceptatie")
        ACCEPTED = "accepted", _("Geaccepteerd")
        REFUSED = "refused", _("Geweigerd")
        PASSED_ON = "passed_on", _("Doorverwezen")
        SUPERSEDED = "superseded", _("Naar het regieteam")
        CLOSED = "closed", _("Afgerond")

    request = models.ForeignKey(HelpRequest, on_delete=models.CASCADE, related_name="handovers")
    sequence = models.PositiveSmallIntegerField()
    hop = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    from_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    to_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="incoming_handovers"
    )
    sent_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sent_at = models.DateTimeField(default=timezone.now)
    # The last working day on which the receiving organisation can accept.
    accept_by = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("overdracht")
        verbose_name_plural = _("overdrachten")
        ordering = ["request", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["request", "sequence"], name="routes_handover_seq"),
            # Principle 4: at most two referrals; a third needs the regie team.
            models.CheckConstraint(
                condition=~Q(kind="referral") | Q(hop__gte=1, hop__lte=2),
                name="routes_at_most_two_referrals",
            ),
        ]
        indexes = [
            models.Index(fields=["to_organisation", "status"], name="routes_ho_org_status"),
            models.Index(fields=["status", "accept_by"], name="routes_ho_due"),
        ]

    def __str__(self) -> str:
        return f"{self.request_id}#{self.sequence} → {self.to_organisation_id}"

    @property
    def is_hop(self) -> bool:
        return self.kind in (self.Kind.REFERRAL, self.Kind.REGIE)


class Escalation(models.Model):
    """The request goes to the cross-sector regie team, who must take ownership in time."""

    class Cause(models.TextChoices):
        THIRD_REFERRAL = "third_referral", _("Derde verwijzing nodig")
        ACCEPTANCE_OVERDUE = "acceptance_overdue", _("Niet op tijd geaccepteerd")
        PILLAR_TO_POST = "pillar_to_post", _("Inwoner voelt zich van het kastje naar de muur")
        PROFESSIONAL = "professional", _("Hulpverlener vroeg om regie")

    request = models.ForeignKey(HelpRequest, on_delete=models.CASCADE, related_name="escalations")
    cause = models.CharField(_("oorzaak"), max_length=20, choices=Cause.choices)
    opened_at = models.DateTimeField(default=timezone.now)
    # Empty when the platform escalated by itself (an acceptance deadline passed).
    opened_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Where the request was when it escalated.
    from_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The organisation a professional wanted to refer to as a third hop: a suggestion.
    suggested_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    regie_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="regie_escalations"
    )
    # The last working day on which someone of the regie team must take ownership.
    own_by = models.DateField()
    owner = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    owned_at = models.DateTimeField(null=True, blank=True)
    # Set (once) when the ownership deadline passed without an owner.
    overdue_at = models.DateTimeField(null=True, blank=True)
    # The resident withdrew the request before anyone took ownership.
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("escalatie")
        verbose_name_plural = _("escalaties")
        ordering = ["request", "opened_at", "pk"]
        indexes = [
            models.Index(fields=["regie_organisation", "owner"], name="routes_esc_regie_owner"),
            models.Index(fields=["owner", "own_by"], name="routes_esc_due"),
        ]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.cause}"

    def is_overdue(self, today: datetime.date) -> bool:
        return self.owner_id is None and self.cancelled_at is None and today > self.own_by


class RouteEvent(AppendOnlyModel):
    """The append-only history of a request: who did what, when. Never content.

    A database trigger refuses UPDATE and DELETE too (leefwereld.core.appendonly)."""

    append_only_message = _("De geschiedenis van een hulpvraag wordt alleen aangevuld.")

    class Kind(models.TextChoices):
        OPENED = "opened", _("Hulpvraag gesteld")
        REFERRED = "referred", _("Doorverwezen")
        ACCEPTED = "accepted", _("Geaccepteerd")
        REFUSED = "refused", _("Geweigerd")
        RETURNED = "returned", _("Terug naar de vorige organisatie")
        ESCALATED = "escalated", _("Naar het regieteam")
        OWNERSHIP_TAKEN = "ownership_taken", _("Regieteam nam de regie")
        ESCALATION_OVERDUE = "escalation_overdue", _("Regieteam te laat")
        PILLAR_TO_POST = "pillar_to_post", _("Inwoner meldde: van het kastje naar de muur")
        SHARED = "shared", _("Inwoner gaf toestemming om de vraag te lezen")
        NOTE_ADDED = "note_added", _("Aantekening in de kluis gezet")
        CLOSED = "closed", _("Afgerond")
        WITHDRAWN = "withdrawn", _("Ingetrokken")

    request = models.ForeignKey(HelpRequest, on_delete=models.PROTECT, related_name="events")
    occurred_at = models.DateTimeField(default=timezone.now)
    # Empty when the platform acted by itself (a deadline passed).
    actor = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    handover = models.ForeignKey(
        Handover, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    escalation = models.ForeignKey(
        Escalation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    hop = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("gebeurtenis")
        verbose_name_plural = _("gebeurtenissen")
        ordering = ["request", "occurred_at", "pk"]
        indexes = [models.Index(fields=["request", "occurred_at"], name="routes_event_req_time")]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.kind}"


# --- the involvement signal (Verwijsindex) -------------------------------------------------


class Involvement(models.Model):
    """An organisation registers that it is involved with a resident. No reason, no content.

    Stored, as Jeugdwet art. 7.1.4.3 allows: the BSN (through the resident), the
    professional's identification and contact details, the date of the registration and
    the date by which it is deleted at the latest.
    """

    resident = models.ForeignKey(Resident, on_delete=models.PROTECT, related_name="involvements")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="involvements"
    )
    # The professional who registered and whom others contact.
    professional = models.ForeignKey(User, on_delete=models.PROTECT, related_name="involvements")
    contact_name = models.CharField(_("naam contactpersoon"), max_length=150)
    contact_phone = models.CharField(_("telefoon contactpersoon"), max_length=32, blank=True)
    contact_email = models.EmailField(_("e-mail contactpersoon"), blank=True)
    registered_at = models.DateTimeField(default=timezone.now)
    starts_on = models.DateField(_("betrokken sinds"))
    # Jeugdwet art. 7.1.4.5: deleted after two years at the latest.
    delete_after = models.DateField(_("uiterlijk verwijderd op"))

    class Meta:
        verbose_name = _("betrokkenheid")
        verbose_name_plural = _("betrokkenheden")
        constraints = [
            models.UniqueConstraint(
                fields=["resident", "organisation"], name="routes_one_involvement_per_org"
            )
        ]
        indexes = [
            models.Index(fields=["delete_after"], name="routes_inv_delete_after"),
            models.Index(fields=["professional"], name="routes_inv_professional"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} ↔ {self.resident_id}"


class InvolvementArchive(models.Model):
    """The historical archive (Jeugdwet art. 7.1.4.6): kept five years, used only to give
    a new registration for the same resident one signal."""

    class Reason(models.TextChoices):
        ENDED = "ended", _("Betrokkenheid beëindigd")
        EXPIRED = "expired", _("Na twee jaar verwijderd")

    resident = models.ForeignKey(Resident, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    professional = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    contact_name = models.CharField(max_length=150)
    contact_phone = models.CharField(max_length=32, blank=True)
    contact_email = models.EmailField(blank=True)
    registered_at = models.DateTimeField()
    archived_at = models.DateTimeField(default=timezone.now)
    reason = models.CharField(max_length=10, choices=Reason.choices)
    purge_after = models.DateField()
    # The archive yields one signal only; after that it is silent until purged.
    signalled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("historisch archief betrokkenheid")
        verbose_name_plural = _("historisch archief betrokkenheden")
        indexes = [
            models.Index(fields=["resident", "signalled_at"], name="routes_arch_resident"),
            models.Index(fields=["purge_after"], name="routes_arch_purge"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} ↔ {self.resident_id} ({self.reason})"


class InvolvementSignal(models.Model):
    """Tells the professional of `recipient` how to reach another involved professional."""

    class Match(models.TextChoices):
        SAME_RESIDENT = "same_resident", _("Dezelfde inwoner")
        SAME_PARENT = "same_parent", _("Een kind van dezelfde ouder")
        SAME_ADDRESS = "same_address", _("Iemand op hetzelfde adres")
        HISTORY = "history", _("Eerder betrokken (historisch archief)")

    recipient = models.ForeignKey(Involvement, on_delete=models.CASCADE, related_name="signals")
    other = models.ForeignKey(
        Involvement, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    other_archive = models.ForeignKey(
        InvolvementArchive, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    match = models.CharField(_("overeenkomst"), max_length=16, choices=Match.choices)
    created_at = models.DateTimeField(default=timezone.now)
    contact_made_at = models.DateTimeField(_("contact opgenomen op"), null=True, blank=True)
    contact_made_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("signaal")
        verbose_name_plural = _("signalen")
        constraints = [
            models.CheckConstraint(
                condition=(Q(other__isnull=False) & Q(other_archive__isnull=True))
                | (Q(other__isnull=True) & Q(other_archive__isnull=False)),
                name="routes_signal_one_other",
            ),
            models.UniqueConstraint(
                fields=["recipient", "other"],
                condition=Q(other__isnull=False),
                name="routes_one_signal_per_pair",
            ),
            models.UniqueConstraint(
                fields=["recipient", "other_archive"],
                condition=Q(other_archive__isnull=False),
                name="routes_one_history_signal",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_id} → {self.other_id or self.other_archive_id}"

    @property
    def contact(self) -> Involvement | InvolvementArchive:
        return self.other if self.other_id else self.other_archive  # type: ignore[return-value]
