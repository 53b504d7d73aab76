"""The basic registration: who lives where, with whom, and who works for which organisation.

Only the basic registration lives here in plain columns (BSN, names, birth date, address,
household). Everything else about a resident is personal information that belongs in the
resident's vault.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .bsn import is_valid_bsn, normalise_bsn
from .roles import ORGANISATION_ROLES, STAFF_ROLES, Role


def validate_bsn(value: str) -> None:
    if not is_valid_bsn(value):
        raise ValidationError(
            _("%(value)s is geen geldig BSN: het moet 9 cijfers hebben en de elfproef doorstaan."),
            params={"value": value},
            code="invalid_bsn",
        )


class User(AbstractUser):
    """An account. The role says what kind of user this is; memberships say where they work."""

    role = models.CharField(_("rol"), max_length=32, choices=Role.choices, default=Role.RESIDENT)
    phone = models.CharField(_("telefoon"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")

    @property
    def is_staff_role(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def acts_for_organisation(self) -> bool:
        return self.role in ORGANISATION_ROLES

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


class Municipality(models.Model):
    name = models.CharField(_("naam"), max_length=100)
    # CBS gemeentecode, e.g. GM0599 for Rotterdam.
    cbs_code = models.CharField(_("CBS-code"), max_length=6, unique=True)

    class Meta:
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")

    def __str__(self) -> str:
        return self.name


class Neighbourhood(models.Model):
    """A wijk: the unit the council sees results for and a neighbourhood team covers."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="neighbourhoods"
    )
    name = models.CharField(_("naam"), max_length=100)
    # CBS wijkcode, e.g. WK059901.
    cbs_code = models.CharField(_("CBS-wijkcode"), max_length=8, unique=True)
    population = models.PositiveIntegerField(_("inwoners"), default=0)
    area_hectares = models.PositiveIntegerField(_("oppervlakte (ha)"), default=0)

    class Meta:
        verbose_name = _("wijk")
        verbose_name_plural = _("wijken")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Address(models.Model):
    street = models.CharField(_("straat"), max_length=100)
    house_number = models.PositiveIntegerField(_("huisnummer"))
    house_letter = models.CharField(_("huisletter"), max_length=1, blank=True)
    addition = models.CharField(_("toevoeging"), max_length=4, blank=True)
    postcode = models.CharField(_("postcode"), max_length=6)
    city = models.CharField(_("plaats"), max_length=80)
    neighbourhood = models.ForeignKey(
        Neighbourhood, on_delete=models.PROTECT, related_name="addresses"
    )
    # Care homes and shelters: people at one institutional address are not one household,
    # and the involvement signal must not match on such an address (Jeugdwet 7.1.2.3).
    is_institution = models.BooleanField(_("instelling"), default=False)

    class Meta:
        verbose_name = _("adres")
        verbose_name_plural = _("adressen")
        constraints = [
            models.UniqueConstraint(
                fields=["postcode", "house_number", "house_letter", "addition"],
                name="unique_address",
            )
        ]

    def __str__(self) -> str:
        number = f"{self.house_number}{self.house_letter}"
        if self.addition:
            number += f"-{self.addition}"
        return f"{self.street} {number}, {self.city}"


class Household(models.Model):
    """People at one address who share life. One household has one plan."""

    address = models.ForeignKey(Address, on_delete=models.PROTECT, related_name="households")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("huishouden")
        verbose_name_plural = _("huishoudens")

    def __str__(self) -> str:
        return str(_("Huishouden %(id)s") % {"id": self.pk})


class HouseholdAddress(models.Model):
    """The history of moves: append-only, one open row (moved_out is null) per household."""

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="moves")
    address = models.ForeignKey(Address, on_delete=models.PROTECT, related_name="+")
    moved_in = models.DateField(_("ingetrokken op"))
    moved_out = models.DateField(_("vertrokken op"), null=True, blank=True)

    class Meta:
        verbose_name = _("adreshistorie")
        ordering = ["household", "moved_in"]
        constraints = [
            models.UniqueConstraint(
                fields=["household"],
                condition=models.Q(moved_out__isnull=True),
                name="one_current_address_per_household",
            )
        ]

    def __str__(self) -> str:
        return f"{self.address} ({self.moved_in} – {self.moved_out or '…'})"


class Resident(models.Model):
    bsn = models.CharField(_("BSN"), max_length=9, unique=True, validators=[validate_bsn])
    given_names = models.CharField(_("voornamen"), max_length=120)
    surname_prefix = models.CharField(_("voorvoegsel"), max_length=20, blank=True)
    surname = models.CharField(_("achternaam"), max_length=120)
    birth_date = models.DateField(_("geboortedatum"))
    household = models.ForeignKey(
        Household,
        on_delete=models.PROTECT,
        related_name="members",
        null=True,
        blank=True,
    )
    user = models.OneToOneField(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="resident"
    )
    # A parent of a minor, a curator or mentor: acts for the resident in the portal.
    # Legacy: migration 0004 copied it into `Gezag` / `Representation`, which the vault
    # and the youth app read; it stays until its other readers have moved over.
    legal_representative = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="represented",
        verbose_name=_("wettelijk vertegenwoordiger"),
    )
    parents = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="children", verbose_name=_("ouders")
    )

    class Meta:
        verbose_name = _("inwoner")
        verbose_name_plural = _("inwoners")
        indexes = [models.Index(fields=["surname", "birth_date"])]

    def __str__(self) -> str:
        return self.full_name

    def clean(self) -> None:
        self.bsn = normalise_bsn(self.bsn)

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.given_names, self.surname_prefix, self.surname) if p)

    def age_on(self, day: datetime.date) -> int:
        before_birthday = (day.month, day.day) < (self.birth_date.month, self.birth_date.day)
        return day.year - self.birth_date.year - before_birthday


class Organisation(models.Model):
    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Gemeente")
        NEIGHBOURHOOD_TEAM = "neighbourhood_team", _("Wijkteam")
        CARE_PROVIDER = "care_provider", _("Zorgaanbieder")
        SCHOOL = "school", _("School")
        GP_PRACTICE = "gp_practice", _("Huisartsenpraktijk")
        HOUSING_CORPORATION = "housing_corporation", _("Woningcorporatie")
        UTILITY = "utility", _("Energie- of waterbedrijf")
        HEALTH_INSURER = "health_insurer", _("Zorgverzekeraar")
        OTHER_CREDITOR = "other_creditor", _("Andere schuldeiser")
        VOLUNTEER_ORGANISATION = "volunteer_organisation", _("Vrijwilligersorganisatie")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="organisations"
    )
    name = models.CharField(_("naam"), max_length=150)
    kind = models.CharField(_("soort"), max_length=32, choices=Kind.choices)
    phone = models.CharField(_("telefoon"), max_length=32, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class NeighbourhoodTeam(models.Model):
    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="team")
    neighbourhoods = models.ManyToManyField(Neighbourhood, related_name="teams", blank=True)

    class Meta:
        verbose_name = _("wijkteam")
        verbose_name_plural = _("wijkteams")

    def __str__(self) -> str:
        return self.organisation.name


class Membership(models.Model):
    """A professional works for an organisation (a neighbourhood team is one too)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    job_title = models.CharField(_("functie"), max_length=100, blank=True)
    since = models.DateField(_("sinds"), default=datetime.date.today)

    class Meta:
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="unique_membership")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation}"


class NetworkMembership(models.Model):
    """A family member or friend a resident invited into their household's circle.

    A network member sees and comments on the household plan; they see no vault record
    unless the resident grants it.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="network_memberships")
    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="network_memberships"
    )
    invited_by = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="+")
    relation = models.CharField(_("relatie"), max_length=60, blank=True)
    since = models.DateField(_("sinds"), default=datetime.date.today)
    ended = models.DateField(_("beëindigd"), null=True, blank=True)

    class Meta:
        verbose_name = _("netwerklid")
        verbose_name_plural = _("netwerkleden")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "household"],
                condition=models.Q(ended__isnull=True),
                name="one_active_network_membership",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.household}"


# --- gezag and representatives -----------------------------------------------------------


class Source(models.TextChoices):
    """Where a gezag or representation row comes from."""

    BRP = "brp", _("BRP (Haal Centraal gezag)")
    REGISTER = "register", _("Centraal curatele- en bewindregister")
    MANUAL = "manual", _("Handmatig vastgelegd")
    MIGRATED = "migrated", _("Overgenomen uit de oude wettelijk vertegenwoordiger")


class Gezag(models.Model):
    """Who holds parental authority over a minor: the shape of the Haal Centraal BRP
    "gezag" answer (one `type` per child, its holders in `GezagHolder`).

    Zero holders (`TijdelijkGeenGezag`, `GezagNietTeBepalen`), one parent
    (`EenhoofdigOuderlijkGezag`), two parents (`TweehoofdigOuderlijkGezag`), a parent and a
    third person (`GezamenlijkGezag`), or a guardian — a person or a certified institution
    (`Voogdij`). A BRP sync fills it; until then a professional records it by hand.
    """

    class Type(models.TextChoices):
        TWEEHOOFDIG = "TweehoofdigOuderlijkGezag", _("Gezamenlijk ouderlijk gezag (twee ouders)")
        EENHOOFDIG = "EenhoofdigOuderlijkGezag", _("Eenhoofdig ouderlijk gezag (één ouder)")
        GEZAMENLIJK = "GezamenlijkGezag", _("Gezamenlijk gezag (ouder en een derde)")
        VOOGDIJ = "Voogdij", _("Voogdij")
        TIJDELIJK_GEEN = "TijdelijkGeenGezag", _("Tijdelijk geen gezag")
        NIET_TE_BEPALEN = "GezagNietTeBepalen", _("Gezag niet te bepalen")

    # How many holders each type has (Haal Centraal: ouders[], ouder+derde, derden[]).
    HOLDERS = {
        Type.TWEEHOOFDIG: (2, 2),
        Type.EENHOOFDIG: (1, 1),
        Type.GEZAMENLIJK: (2, 2),
        Type.VOOGDIJ: (1, 2),
        Type.TIJDELIJK_GEEN: (0, 0),
        Type.NIET_TE_BEPALEN: (0, 0),
    }

    minor = models.OneToOneField(
        Resident, on_delete=models.CASCADE, related_name="gezag", verbose_name=_("minderjarige")
    )
    type = models.CharField(_("soort gezag"), max_length=32, choices=Type.choices)
    # Haal Centraal's `toelichting`, e.g. why gezag cannot be determined.
    explanation = models.CharField(_("toelichting"), max_length=300, blank=True)
    source = models.CharField(_("bron"), max_length=16, choices=Source.choices)
    recorded_on = models.DateField(_("vastgelegd op"), default=datetime.date.today)

    class Meta:
        verbose_name = _("gezag")
        verbose_name_plural = _("gezag")

    def __str__(self) -> str:
        return f"{self.get_type_display()}: {self.minor}"


class GezagHolder(models.Model):
    """One person (or a certified institution, as guardian) holding gezag over a minor."""

    class Kind(models.TextChoices):
        PARENT = "ouder", _("Ouder")
        THIRD = "derde", _("Derde (niet-ouder)")
        GUARDIAN = "voogd", _("Voogd")

    gezag = models.ForeignKey(Gezag, on_delete=models.CASCADE, related_name="holders")
    kind = models.CharField(_("soort"), max_length=8, choices=Kind.choices)
    resident = models.ForeignKey(
        Resident,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="gezag_over",
        verbose_name=_("gezagdrager"),
    )
    # A gecertificeerde instelling as guardian (voogdij), instead of a person.
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="gezag_over",
        verbose_name=_("instelling"),
    )

    class Meta:
        verbose_name = _("gezagdrager")
        verbose_name_plural = _("gezagdragers")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(resident__isnull=False, organisation__isnull=True)
                | models.Q(resident__isnull=True, organisation__isnull=False, kind="voogd"),
                name="gezagholder_person_or_guardian_institution",
            ),
            models.UniqueConstraint(fields=["gezag", "resident"], name="one_holder_row_per_person"),
        ]

    def __str__(self) -> str:
        return str(self.resident or self.organisation)


class Representation(models.Model):
    """A representative of an adult, from the central register of curatele and bewind.

    The kind fixes the scope by law: curatele covers the person and money (BW 1:381/386),
    mentorschap the person (BW 1:453), beschermingsbewind money only (BW 1:431/438) —
    so a bewindvoerder sees and signs only the money parts.
    """

    class Kind(models.TextChoices):
        CURATOR = "curatele", _("Curator")
        MENTOR = "mentorschap", _("Mentor")
        BEWINDVOERDER = "beschermingsbewind", _("Bewindvoerder")

    class Scope(models.TextChoices):
        PERSON = "person", _("persoon")
        MONEY = "money", _("geld")
        BOTH = "both", _("persoon en geld")

    SCOPE = {Kind.CURATOR: Scope.BOTH, Kind.MENTOR: Scope.PERSON, Kind.BEWINDVOERDER: Scope.MONEY}

    represented = models.ForeignKey(
        Resident,
        on_delete=models.CASCADE,
        related_name="representations",
        verbose_name=_("vertegenwoordigde"),
    )
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    representative = models.ForeignKey(
        Resident,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="representing",
        verbose_name=_("vertegenwoordiger"),
    )
    # A professional bewindvoerder or mentor's office instead of a person.
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="representing",
        verbose_name=_("kantoor"),
    )
    starts_on = models.DateField(_("ingangsdatum"))
    ends_on = models.DateField(_("einddatum"), null=True, blank=True)
    source = models.CharField(_("bron"), max_length=16, choices=Source.choices)

    class Meta:
        verbose_name = _("vertegenwoordiging")
        verbose_name_plural = _("vertegenwoordigingen")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(representative__isnull=False, organisation__isnull=True)
                | models.Q(representative__isnull=True, organisation__isnull=False),
                name="representation_person_or_office",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.representative or self.organisation}"

    @property
    def scope(self) -> str:
        return self.SCOPE[self.Kind(self.kind)]

    def active_on(self, day: datetime.date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)
