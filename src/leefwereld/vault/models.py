"""The resident's vault: encrypted records, who may see them and for how long, and the log.

Only metadata is stored in plain columns (owner, category, dates, who wrote it). The
content of a record is encrypted with its own key (see crypto.py); reading it is possible
only through the audited functions in access.py.
"""

from __future__ import annotations

import datetime
import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leefwereld.core.appendonly import AppendOnlyModel
from leefwereld.core.models import Household, Membership, Organisation, Resident, User


class Category(models.TextChoices):
    HEALTH = "health", _("Gezondheid")
    MENTAL_HEALTH = "mental_health", _("Psychische gezondheid")
    ADDICTION = "addiction", _("Verslaving")
    FINANCE = "finance", _("Geld en schulden")
    WORK_INCOME = "work_income", _("Werk en inkomen")
    HOUSING = "housing", _("Wonen")
    FAMILY = "family", _("Gezin en opvoeding")
    EDUCATION = "education", _("Onderwijs")
    JUSTICE = "justice", _("Justitie")
    DAYTIME = "daytime", _("Dagbesteding")
    NETWORK = "network", _("Netwerk")
    OTHER = "other", _("Overig")


ALL_CATEGORIES = frozenset(Category.values)


class Mode(models.TextChoices):
    READ = "read", _("Alleen lezen")
    READ_WRITE = "read_write", _("Lezen en schrijven")


def _one_owner(prefix: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=(Q(resident__isnull=False) & Q(household__isnull=True))
        | (Q(resident__isnull=True) & Q(household__isnull=False)),
        name=f"{prefix}_one_owner",
    )


class DataKey(models.Model):
    """The data key of one resident or one household, wrapped by a master key."""

    resident = models.OneToOneField(
        Resident, on_delete=models.PROTECT, null=True, blank=True, related_name="vault_key"
    )
    household = models.OneToOneField(
        Household, on_delete=models.PROTECT, null=True, blank=True, related_name="vault_key"
    )
    # Which master key wrapped this data key: lets old and new master keys work side by
    # side during a rotation, and tells the rotation what is left to do.
    master_key_id = models.CharField(max_length=16, db_index=True)
    wrapped_key = models.BinaryField()
    created_at = models.DateTimeField(default=timezone.now)
    rewrapped_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("gegevenssleutel")
        verbose_name_plural = _("gegevenssleutels")
        constraints = [_one_owner("datakey")]

    def __str__(self) -> str:
        return f"{self.owner_label} ({self.master_key_id})"

    @property
    def owner_label(self) -> str:
        return owner_label(self.resident_id, self.household_id)


def owner_label(resident_id: int | None, household_id: int | None) -> str:
    return f"resident:{resident_id}" if resident_id else f"household:{household_id}"


class Record(models.Model):
    """One piece of personal information, owned by a resident or (shared) by a household."""

    class Erasure(models.TextChoices):
        # Meaningful once erased_at is set: who ended the record.
        RESIDENT = "resident", _("Verwijderd op verzoek van de inwoner")
        RETENTION = "retention", _("Vernietigd na afloop van de bewaartermijn")

    # A random id: it is part of the authenticated data, so it exists before the insert,
    # and it does not reveal how many records the platform holds.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    resident = models.ForeignKey(
        Resident, on_delete=models.PROTECT, null=True, blank=True, related_name="vault_records"
    )
    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, null=True, blank=True, related_name="vault_records"
    )
    category = models.CharField(_("onderwerp"), max_length=20, choices=Category.choices)
    # What kind of record this is and which app wrote it: short technical labels, never
    # personal content ("note", "intake-report", "debt-inventory").
    kind = models.CharField(_("soort"), max_length=60, default="note")
    source = models.CharField(_("bron"), max_length=40, default="vault")
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    ciphertext = models.BinaryField()
    # The record key wrapped by the owner's data key. Null once erased: without it the
    # ciphertext cannot be opened by anyone (crypto-shredding).
    wrapped_key = models.BinaryField(null=True, blank=True)
    # A law that requires keeping the record, and until when: the resident cannot erase it
    # before that date and sees why.
    retention_law = models.CharField(_("bewaarplicht"), max_length=200, blank=True)
    retention_until = models.DateField(_("bewaren tot"), null=True, blank=True)
    erased_at = models.DateTimeField(null=True, blank=True)
    erased_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Erased by the resident (erased_by set) or destroyed by the retention job
    # (`vault_destroy_expired`, erased_by empty; retention_law/retention_until then hold the
    # law and the last day the record had to be kept: the destruction's metadata).
    erasure = models.CharField(
        _("reden van verwijderen"), max_length=10, choices=Erasure, default=Erasure.RESIDENT
    )

    class Meta:
        verbose_name = _("gegeven")
        verbose_name_plural = _("gegevens")
        constraints = [_one_owner("record")]
        indexes = [
            models.Index(fields=["resident", "category"], name="vault_record_resident_cat"),
            models.Index(fields=["household", "category"], name="vault_record_household_cat"),
        ]

    def __str__(self) -> str:
        # Metadata only: the content is never part of a string representation.
        return f"{self.get_category_display()} ({self.owner_label}, {self.pk})"

    @property
    def owner_label(self) -> str:
        return owner_label(self.resident_id, self.household_id)

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None

    @property
    def destroyed_at(self) -> datetime.datetime | None:
        """When the retention job destroyed the record (None: not destroyed by it)."""
        return self.erased_at if self.erasure == self.Erasure.RETENTION else None

    def retention(self, today: datetime.date | None = None):
        """Why this record must be kept now — `Retention(law, until, reason)`, the law in
        plain Dutch, `until` None while an open case needs it — or None when the resident
        may erase it. Consults the retention rules and the feature apps' open cases
        (vault/retention.py; docs/retention.md)."""
        from .retention import retention_of

        return retention_of(self, today)

    def retention_applies(self, today: datetime.date | None = None) -> bool:
        return self.retention(today) is not None

    def retention_refusal(self, today: datetime.date | None = None) -> str:
        """The plain-Dutch refusal naming the law and the date ('' when erasure may go on)."""
        kept = self.retention(today)
        return kept.message() if kept else ""


class WindowQuerySet(models.QuerySet):
    def active(self, at: datetime.datetime | None = None):
        """In force at `at` (default: now). The same rule as periods.Window.is_active."""
        at = at or timezone.now()
        return self.filter(starts_at__lte=at, ends_at__gt=at).filter(
            Q(revoked_at__isnull=True) | Q(revoked_at__gt=at)
        )


class AccessWindow(models.Model):
    """What grants, legal bases and break-glass access share: categories, purpose, period."""

    resident = models.ForeignKey(Resident, on_delete=models.PROTECT, related_name="+")
    categories = models.JSONField(_("onderwerpen"), default=list)
    purpose = models.CharField(_("doel"), max_length=100)
    mode = models.CharField(_("soort toegang"), max_length=12, choices=Mode, default=Mode.READ)
    starts_at = models.DateTimeField(_("vanaf"))
    ends_at = models.DateTimeField(_("tot"))
    # Revocation (grants) or early end (legal bases): effective from this instant.
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = WindowQuerySet.as_manager()

    class Meta:
        abstract = True

    def is_active(self, at: datetime.datetime | None = None) -> bool:
        from .periods import Window

        return Window(self.starts_at, self.ends_at, self.revoked_at).is_active(at or timezone.now())

    @property
    def status(self) -> str:
        now = timezone.now()
        if self.revoked_at is not None and self.revoked_at <= now:
            return "revoked"
        if self.ends_at <= now:
            return "expired"
        if self.starts_at > now:
            return "future"
        return "active"

    @property
    def category_labels(self) -> list[str]:
        return [str(Category(c).label) for c in self.categories if c in ALL_CATEGORIES]

    @property
    def last_day(self) -> datetime.date:
        # ends_at is exclusive: the last day in force is the local day before it.
        return timezone.localtime(self.ends_at - datetime.timedelta(microseconds=1)).date()


class AccessRequest(models.Model):
    """A professional asks a resident for access; the resident approves or declines."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Wacht op uw antwoord")
        APPROVED = "approved", _("Goedgekeurd")
        DECLINED = "declined", _("Afgewezen")

    resident = models.ForeignKey(Resident, on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    # The organisation (often a neighbourhood team) the access is asked for.
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    categories = models.JSONField(_("onderwerpen"), default=list)
    purpose = models.CharField(_("doel"), max_length=100)
    mode = models.CharField(_("soort toegang"), max_length=12, choices=Mode, default=Mode.READ)
    days = models.PositiveIntegerField(_("aantal dagen"), default=90)
    created_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("toegangsverzoek")
        verbose_name_plural = _("toegangsverzoeken")
        indexes = [models.Index(fields=["resident", "status"], name="vault_request_res_status")]

    def __str__(self) -> str:
        return f"{self.requested_by} → {self.resident_id}: {self.purpose} ({self.status})"

    @property
    def category_labels(self) -> list[str]:
        return [str(Category(c).label) for c in self.categories if c in ALL_CATEGORIES]


class Grant(AccessWindow):
    """Consent: a resident lets a professional, a team or an organisation see categories."""

    resident = models.ForeignKey(Resident, on_delete=models.PROTECT, related_name="vault_grants")
    grantee_user = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="vault_grants"
    )
    grantee_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="vault_grants"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # The resident or their legal representative. Empty for consent given on paper and
    # imported (the demo data, migrations from older systems).
    created_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    request = models.OneToOneField(
        AccessRequest, on_delete=models.PROTECT, null=True, blank=True, related_name="grant"
    )

    class Meta:
        verbose_name = _("toestemming")
        verbose_name_plural = _("toestemmingen")
        constraints = [
            models.CheckConstraint(
                condition=(Q(grantee_user__isnull=False) & Q(grantee_organisation__isnull=True))
                | (Q(grantee_user__isnull=True) & Q(grantee_organisation__isnull=False)),
                name="grant_one_grantee",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="grant_ends_after_start"
            ),
        ]
        indexes = [
            models.Index(fields=["grantee_organisation", "ends_at"], name="vault_grant_org_end"),
            models.Index(fields=["grantee_user", "ends_at"], name="vault_grant_user_end"),
            models.Index(fields=["resident", "ends_at"], name="vault_grant_resident_end"),
        ]

    def __str__(self) -> str:
        return f"{self.resident_id} → {self.grantee_name}: {self.purpose}"

    @property
    def grantee_name(self) -> str:
        if self.grantee_user_id:
            return self.grantee_user.display_name  # type: ignore[union-attr]
        return self.grantee_organisation.name  # type: ignore[union-attr]


class LegalBasis(AccessWindow):
    """Access that rests on a law, recorded by authorised staff; shown to the resident."""

    class Law(models.TextChoices):
        WMO = "wmo", _("Wet maatschappelijke ondersteuning 2015")
        JEUGDWET = "jeugdwet", _("Jeugdwet")
        CHILD_PROTECTION = "child_protection", _("Kinderbeschermingsmaatregel (Burgerlijk Wetboek)")
        WGS = "wgs", _("Wet gemeentelijke schuldhulpverlening")
        PARTICIPATIEWET = "participatiewet", _("Participatiewet")

    resident = models.ForeignKey(
        Resident, on_delete=models.PROTECT, related_name="vault_legal_bases"
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="vault_legal_bases",
    )
    user = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="vault_legal_bases"
    )
    law = models.CharField(_("wet"), max_length=20, choices=Law)
    article = models.CharField(_("artikel"), max_length=120)
    # The article in plain words, for the resident.
    explanation = models.TextField(_("uitleg in gewone woorden"))
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("wettelijke grondslag")
        verbose_name_plural = _("wettelijke grondslagen")
        constraints = [
            models.CheckConstraint(
                condition=(Q(user__isnull=False) & Q(organisation__isnull=True))
                | (Q(user__isnull=True) & Q(organisation__isnull=False)),
                name="legalbasis_one_holder",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="legalbasis_ends_after_start"
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "ends_at"], name="vault_basis_org_end"),
            models.Index(fields=["user", "ends_at"], name="vault_basis_user_end"),
            models.Index(fields=["resident", "ends_at"], name="vault_basis_resident_end"),
        ]

    def __str__(self) -> str:
        return f"{self.get_law_display()} {self.article} ({self.resident_id})"

    @property
    def holder_name(self) -> str:
        if self.user_id:
            return self.user.display_name  # type: ignore[union-attr]
        return self.organisation.name  # type: ignore[union-attr]


class BreakGlass(AccessWindow):
    """Emergency access without a grant: with a reason, time-limited, reviewed afterwards."""

    class Outcome(models.TextChoices):
        JUSTIFIED = "justified", _("Terecht")
        UNJUSTIFIED = "unjustified", _("Onterecht")

    # Part of the authenticated data of the encrypted reason.
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    resident = models.ForeignKey(
        Resident, on_delete=models.PROTECT, related_name="vault_break_glass"
    )
    actor = models.ForeignKey(User, on_delete=models.PROTECT, related_name="vault_break_glass")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The reason may describe the emergency, so it is encrypted with the resident's key.
    reason_ciphertext = models.BinaryField()
    created_at = models.DateTimeField(default=timezone.now)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    review_outcome = models.CharField(max_length=12, choices=Outcome, blank=True)
    review_note = models.TextField(_("toelichting van de controle"), blank=True)

    class Meta:
        verbose_name = _("noodtoegang")
        verbose_name_plural = _("noodtoegangen")
        indexes = [
            models.Index(fields=["actor", "ends_at"], name="vault_glass_actor_end"),
            models.Index(fields=["reviewed_at", "created_at"], name="vault_glass_review"),
        ]

    def __str__(self) -> str:
        return f"{self.actor} → {self.resident_id} ({self.created_at:%Y-%m-%d %H:%M})"


class AccessLog(AppendOnlyModel):
    """One line per access to a resident's data, with the fields NEN 7513 asks for.

    Append-only: the model refuses updates and deletes, and a database trigger refuses
    them too (leefwereld.core.appendonly, migration 0005). Only the retention purge
    (`vault_purge_access_log`) deletes old rows, through `sanctioned_delete`.
    """

    append_only_message = _("Het logboek wordt alleen aangevuld, nooit gewijzigd.")

    class Event(models.TextChoices):
        RECORDS = "vault_records", _("Gegevens in de kluis")
        BASIC_REGISTRATION = "basic_registration", _("Basisgegevens (naam, adres, BSN)")
        EXPORT = "export", _("Alle gegevens gedownload")

    class Action(models.TextChoices):
        # The FHIR AuditEvent action codes.
        CREATE = "C", _("Aanmaken")
        READ = "R", _("Lezen")
        UPDATE = "U", _("Wijzigen")
        DELETE = "D", _("Verwijderen")

    class Outcome(models.TextChoices):
        PERMITTED = "permitted", _("Toegestaan")
        REFUSED = "refused", _("Geweigerd")

    class Authorisation(models.TextChoices):
        OWN = "own", _("Eigen gegevens")
        REPRESENTATIVE = "representative", _("Wettelijk vertegenwoordiger")
        GRANT = "grant", _("Toestemming van de inwoner")
        LEGAL_BASIS = "legal_basis", _("Wettelijke grondslag")
        BREAK_GLASS = "break_glass", _("Noodtoegang")
        WORK_AREA = "work_area", _("Werkgebied van het wijkteam")
        HOUSEHOLD = "household", _("Lid van hetzelfde huishouden")
        ADMINISTRATION = "administration", _("Beheer")
        REVIEW = "review", _("Controle van noodtoegang")
        NONE = "none", _("Geen")

    occurred_at = models.DateTimeField(default=timezone.now)
    event = models.CharField(max_length=20, choices=Event)
    action = models.CharField(max_length=1, choices=Action)
    outcome = models.CharField(max_length=10, choices=Outcome, default=Outcome.PERMITTED)
    # The client: a resident, or a household for its shared records.
    resident = models.ForeignKey(
        Resident, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    user_role = models.CharField(max_length=32)
    # On whose behalf the user acted (NEN 7513 "verantwoordelijke gebruiker").
    responsible_user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The page (URL name) or API endpoint ("GET /api/v1/vault/records/").
    access_point = models.CharField(max_length=200)
    authorisation = models.CharField(max_length=20, choices=Authorisation)
    grant = models.ForeignKey(
        Grant, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    legal_basis = models.ForeignKey(
        LegalBasis, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    break_glass = models.ForeignKey(
        BreakGlass, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    break_glass_used = models.BooleanField(default=False)
    categories = models.JSONField(default=list)
    purpose = models.CharField(max_length=200)
    record_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("logregel")
        verbose_name_plural = _("logboek")
        constraints = [
            models.CheckConstraint(
                condition=Q(resident__isnull=False) | Q(household__isnull=False),
                name="accesslog_has_client",
            )
        ]
        indexes = [
            models.Index(fields=["resident", "-occurred_at"], name="vault_log_resident_time"),
            models.Index(fields=["household", "-occurred_at"], name="vault_log_household_time"),
            models.Index(fields=["user", "-occurred_at"], name="vault_log_user_time"),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.event} {self.action} {self.outcome}"

    @property
    def category_labels(self) -> list[str]:
        return [str(Category(c).label) for c in self.categories if c in ALL_CATEGORIES]


class Invitation(models.Model):
    """A resident invites a relative or friend into the household's circle by e-mail."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="+")
    invited_by = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("naam"), max_length=120)
    email = models.EmailField(_("e-mailadres"))
    relation = models.CharField(_("relatie"), max_length=60, blank=True)
    # Only a hash of the token is kept: a database reader cannot accept an invitation.
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("uitnodiging")
        verbose_name_plural = _("uitnodigingen")

    def __str__(self) -> str:
        return f"{self.name} → household {self.household_id}"

    @property
    def is_open(self) -> bool:
        return (
            self.accepted_at is None
            and self.withdrawn_at is None
            and self.expires_at > timezone.now()
        )


def organisations_of(user: User) -> models.QuerySet:
    """The organisation ids a user works for, as a subquery (no query of its own)."""
    return Membership.objects.filter(user=user).values("organisation_id")
