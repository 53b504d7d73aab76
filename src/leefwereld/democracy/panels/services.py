"""State changes of citizen panels. Views, the API and the demo call these verbs, each
with the acting `Actor` first (`verb(actor, panel, …)`); the public registration with a
letter's code (`register_volunteer`) needs no actor: the code is the credential.

Set-up: `create_panel`, `update_panel`, `add_category`, `suggest_quotas`, `update_quotas`.
Recruitment: `transition_panel`, `send_invitations`, `register_volunteer`,
`import_pool_csv`, `withdraw_volunteer`.
Selection: `start_selection` (enqueues `tasks.compute_selection`, whose body is
`worker.execute_selection`), `cancel_selection`, `apply_relaxation`.
The draw: `publish_lottery`, `enter_seed` (the panel, then every round of replacements),
`report_dropout`.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import json
import math
import re
import secrets
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from leefwereld.algorithms.sortition.leximin import InfeasibleQuotas
from leefwereld.algorithms.sortition.model import SortitionError
from leefwereld.core.actor import Actor
from leefwereld.core.models import Municipality, Neighbourhood, Resident

from . import selection, tasks
from .authorisation import MANAGER_ROLES
from .events import log
from .models import (
    MAX_PANEL_SIZE,
    MIN_PANEL_SIZE,
    PANEL_TRANSITIONS,
    Category,
    Draw,
    Invitation,
    Panel,
    Quota,
    SelectionRun,
    Volunteer,
)

MIN_AGE = 16
DEFAULT_TOLERANCE = 0.10
MAX_LETTERS_PER_BATCH = 5_000


def require_manager(actor: Actor) -> None:
    if actor.role not in MANAGER_ROLES:
        raise PermissionDenied


# --- quotas -------------------------------------------------------------------------------


def apportion(weights: Sequence[float], total: int) -> list[int]:
    """Whole seats proportional to `weights` that add up to exactly `total` (largest remainder).

    Ties in the remainders go to the earlier value, so the result is deterministic.
    """
    if not weights:
        return []
    mass = float(sum(weights))
    shares = [float(w) / mass for w in weights] if mass > 0 else [1 / len(weights)] * len(weights)
    exact = [s * total for s in shares]
    seats = [math.floor(e) for e in exact]
    rest = total - sum(seats)
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i] - seats[i]), i))
    for i in order[:rest]:
        seats[i] += 1
    return seats


def bounds_for(target: int, size: int, tolerance: float) -> tuple[int, int, int, int]:
    """Flexible bounds around a proportional target: (min, max, min_flex, max_flex).

    The bounds leave `tolerance` of the target (at least one seat) either way, the outer
    limits twice that: room for the selection to give everyone a fair chance.
    """
    slack = max(1, math.ceil(target * tolerance))
    return (
        max(0, target - slack),
        min(size, target + slack),
        max(0, target - 2 * slack),
        min(size, target + 2 * slack),
    )


# Age bands (inclusive); the last is open-ended.
AGE_BANDS: list[tuple[str, int, int | None]] = [
    ("16-24", 16, 24),
    ("25-39", 25, 39),
    ("40-54", 40, 54),
    ("55-69", 55, 69),
    ("70-plus", 70, None),
]

# National shares where the basic registration has no figures. Rounded; the municipality
# replaces them with its own figures by editing the quotas.
# CBS StatLine 37296ned (bevolking op 1 januari 2024): 50,3 % vrouw, 49,7 % man.
GENDER = [
    ("vrouw", gettext_lazy("Vrouw"), 0.503),
    ("man", gettext_lazy("Man"), 0.497),
    ("anders", gettext_lazy("Anders of zeg ik liever niet"), 0.0),
]
# CBS StatLine 85525NED (hoogst behaald onderwijsniveau, 15 tot 75 jaar, 2023), afgerond.
EDUCATION = [
    ("laag", gettext_lazy("Basisonderwijs, vmbo of mbo 1"), 0.27),
    ("middelbaar", gettext_lazy("Havo, vwo of mbo 2, 3 of 4"), 0.37),
    ("hoog", gettext_lazy("Hbo of universiteit"), 0.36),
]

# The standard categories a panel can be composed on: key -> (label, question, source).
STANDARD_CATEGORIES: dict[str, tuple[Any, Any, str]] = {
    "wijk": (gettext_lazy("Wijk"), "", Category.Source.NEIGHBOURHOOD),
    "leeftijd": (gettext_lazy("Leeftijd"), gettext_lazy("Hoe oud bent u?"), Category.Source.AGE),
    "geslacht": (
        gettext_lazy("Geslacht"),
        gettext_lazy("Wat is uw geslacht?"),
        Category.Source.DECLARED,
    ),
    "opleiding": (
        gettext_lazy("Opleiding"),
        gettext_lazy("Wat is uw hoogste afgeronde opleiding?"),
        Category.Source.DECLARED,
    ),
}


def age_band_label(code: str) -> str:
    for value, low, high in AGE_BANDS:
        if value == code:
            if high is None:
                return _("%(low)s jaar of ouder") % {"low": low}
            return _("%(low)s tot en met %(high)s jaar") % {"low": low, "high": high}
    return code


def age_band_of(birth_date: datetime.date, today: datetime.date) -> str | None:
    age = (
        today.year
        - birth_date.year
        - ((today.month, today.day) < (birth_date.month, birth_date.day))
    )
    for value, low, high in AGE_BANDS:
        if age >= low and (high is None or age <= high):
            return value
    return None


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def age_band_counts(municipality: Municipality, today: datetime.date) -> dict[str, int]:
    """Residents per age band in the basic registration, in one aggregate query."""
    filters = {}
    for value, low, high in AGE_BANDS:
        born_by = _years_before(today, low)  # at least `low` years old today
        q = Q(birth_date__lte=born_by)
        if high is not None:
            q &= Q(birth_date__gt=_years_before(today, high + 1))
        filters[value] = Count("pk", filter=q)
    return Resident.objects.filter(
        household__address__neighbourhood__municipality=municipality
    ).aggregate(**filters)


def _neighbourhood_value(neighbourhood: Neighbourhood) -> str:
    return neighbourhood.cbs_code.lower()


def suggested_values(
    panel: Panel, category: Category, today: datetime.date
) -> list[tuple[str, str, float]]:
    """(value, label, weight) for a category, from the population figures where there are any."""
    if category.source == Category.Source.NEIGHBOURHOOD:
        hoods = Neighbourhood.objects.filter(municipality=panel.municipality).order_by("name")
        return [(_neighbourhood_value(n), n.name, float(n.population)) for n in hoods]
    if category.source == Category.Source.AGE:
        counts = age_band_counts(panel.municipality, today)
        return [
            (value, age_band_label(value), float(counts[value] or 0)) for value, *_r in AGE_BANDS
        ]
    if category.key == "geslacht":
        return [(v, str(label), w) for v, label, w in GENDER]
    if category.key == "opleiding":
        return [(v, str(label), w) for v, label, w in EDUCATION]
    # A group of the panel's own: keep its values, equal shares.
    return [(q.value, q.label, 1.0) for q in category.quotas.all()]


def suggest_quotas(
    panel: Panel,
    category: Category,
    *,
    today: datetime.date | None = None,
    tolerance: float = DEFAULT_TOLERANCE,
    values: Sequence[tuple[str, str, float]] | None = None,
) -> list[Quota]:
    """Replace a category's quotas by ones proportional to the population (sum = panel size)."""
    today = today or timezone.localdate()
    rows = list(values) if values is not None else suggested_values(panel, category, today)
    targets = apportion([w for _v, _l, w in rows], panel.size)
    category.quotas.all().delete()
    quotas = []
    for order, ((value, label, _w), target) in enumerate(zip(rows, targets, strict=True)):
        low, high, low_flex, high_flex = bounds_for(target, panel.size, tolerance)
        quotas.append(
            Quota(
                category=category,
                value=value,
                label=label,
                target=target,
                min=low,
                max=high,
                min_flex=low_flex,
                max_flex=high_flex,
                order=order,
            )
        )
    return Quota.objects.bulk_create(quotas)


def _slug(text: str) -> str:
    from django.utils.text import slugify

    return slugify(text)[:60] or "waarde"


def _unique_slugs(labels: Iterable[str]) -> list[tuple[str, str]]:
    seen: Counter[str] = Counter()
    out = []
    for label in labels:
        slug = _slug(label)
        seen[slug] += 1
        out.append((slug if seen[slug] == 1 else f"{slug}-{seen[slug]}", label))
    return out


def _require_editable_categories(panel: Panel) -> None:
    if panel.status != Panel.Status.DRAFT or panel.volunteers.exists():
        raise ValidationError(
            _(
                "Kenmerken kunnen alleen veranderen zolang het panel in voorbereiding is en de "
                "pool leeg is."
            )
        )


@transaction.atomic
def add_category(
    actor: Actor,
    panel: Panel,
    *,
    label: str,
    values: Sequence[str],
    key: str = "",
    question: str = "",
    today: datetime.date | None = None,
    tolerance: float = DEFAULT_TOLERANCE,
) -> Category:
    """A category of the panel's own (e.g. a theme group) with equal shares to start from."""
    require_manager(actor)
    _require_editable_categories(panel)
    labels = [v.strip() for v in values if v.strip()]
    if len(labels) < 2:
        raise ValidationError({"values": _("Geef minstens twee groepen, elk op een eigen regel.")})
    key = key or _slug(label)[:40]
    if panel.categories.filter(key=key).exists():
        raise ValidationError({"label": _("Dit panel heeft al een kenmerk met deze naam.")})
    category = Category.objects.create(
        panel=panel,
        key=key,
        label=label,
        question=question or _("Bij welke groep hoort u het best?"),
        source=Category.Source.DECLARED,
        order=panel.categories.count(),
    )
    suggest_quotas(
        panel,
        category,
        today=today,
        tolerance=tolerance,
        values=[(slug, text, 1.0) for slug, text in _unique_slugs(labels)],
    )
    log(panel, "category_added", actor, category=key)
    return category


@transaction.atomic
def remove_category(actor: Actor, category: Category) -> None:
    require_manager(actor)
    _require_editable_categories(category.panel)
    log(category.panel, "category_removed", actor, category=category.key)
    category.delete()


@transaction.atomic
def create_panel(
    actor: Actor,
    *,
    municipality: Municipality,
    title: str,
    size: int,
    question: str = "",
    method: str = "leximin",
    max_probability_percent: Any = None,
    registration_deadline: datetime.date | None = None,
    answer_working_days: int | None = None,
    categories: Sequence[str] = ("wijk", "leeftijd", "geslacht"),
    theme_label: str = "",
    theme_groups: Sequence[str] = (),
    tolerance: float = DEFAULT_TOLERANCE,
    today: datetime.date | None = None,
) -> Panel:
    """A new panel in preparation, with quotas suggested from the population figures."""
    require_manager(actor)
    if not MIN_PANEL_SIZE <= size <= MAX_PANEL_SIZE:
        raise ValidationError(
            {
                "size": _("Een panel heeft %(low)s tot en met %(high)s leden.")
                % {"low": MIN_PANEL_SIZE, "high": MAX_PANEL_SIZE}
            }
        )
    panel = Panel.objects.create(
        municipality=municipality,
        title=title,
        question=question,
        size=size,
        method=method,
        max_probability_percent=max_probability_percent,
        registration_deadline=registration_deadline,
        created_by=actor.user,
    )
    if answer_working_days is not None:
        panel.answer_working_days = answer_working_days
        panel.full_clean(validate_unique=False, validate_constraints=False)
        panel.save(update_fields=["answer_working_days"])
    log(panel, "created", actor, size=size)
    for order, key in enumerate(k for k in STANDARD_CATEGORIES if k in categories):
        label, question_text, source = STANDARD_CATEGORIES[key]
        category = Category.objects.create(
            panel=panel,
            key=key,
            label=str(label),
            question=str(question_text),
            source=source,
            order=order,
        )
        suggest_quotas(panel, category, today=today, tolerance=tolerance)
    if [g for g in theme_groups if g.strip()]:
        add_category(
            actor,
            panel,
            label=theme_label or _("Groep"),
            key="groep",
            values=theme_groups,
            today=today,
            tolerance=tolerance,
        )
    return panel


@transaction.atomic
def update_panel(actor: Actor, panel: Panel, **fields: Any) -> Panel:
    """Change the panel's settings; a new size re-suggests every quota."""
    require_manager(actor)
    if panel.status in (Panel.Status.PUBLISHED, Panel.Status.DRAWN):
        raise ValidationError(_("Na het bekendmaken van de loting verandert het panel niet meer."))
    old_size = panel.size
    if "size" in fields and fields["size"] != old_size and panel.status != Panel.Status.DRAFT:
        raise ValidationError({"size": _("De grootte verandert alleen in voorbereiding.")})
    for name, value in fields.items():
        setattr(panel, name, value)
    panel.full_clean()
    panel.save(update_fields=list(fields))
    if panel.size != old_size:
        for category in panel.categories.all():
            suggest_quotas(panel, category)
    log(panel, "updated", actor, fields=sorted(fields))
    return panel


@transaction.atomic
def resuggest_quotas(actor: Actor, panel: Panel, tolerance: float = DEFAULT_TOLERANCE) -> None:
    require_manager(actor)
    _require_bounds_editable(panel)
    for category in panel.categories.all():
        suggest_quotas(panel, category, tolerance=tolerance)
    log(panel, "quotas_suggested", actor, tolerance=tolerance)


def _require_bounds_editable(panel: Panel) -> None:
    if panel.status in (Panel.Status.PUBLISHED, Panel.Status.DRAWN):
        raise ValidationError(_("Na het bekendmaken van de loting veranderen de quota niet meer."))


@transaction.atomic
def update_quotas(
    actor: Actor,
    panel: Panel,
    bounds: dict[int, tuple[int, int, int | None, int | None]],
) -> None:
    """New bounds per quota id: (min, max, min_flex, max_flex). Checks every one first."""
    require_manager(actor)
    _require_bounds_editable(panel)
    quotas = {
        q.pk: q for q in Quota.objects.filter(category__panel=panel).select_related("category")
    }
    errors: dict[str, list[str]] = {}
    for pk, (low, high, low_flex, high_flex) in bounds.items():
        quota = quotas.get(pk)
        if quota is None:
            raise ValidationError(_("Onbekend quotum."))
        problems = []
        if low > high:
            problems.append(_("het minimum is groter dan het maximum"))
        if high > panel.size:
            problems.append(_("het maximum is groter dan het panel"))
        if low_flex is not None and low_flex > low:
            problems.append(_("het uiterste minimum is groter dan het minimum"))
        if high_flex is not None and high_flex < high:
            problems.append(_("het uiterste maximum is kleiner dan het maximum"))
        if problems:
            errors[f"quota-{pk}"] = [f"{quota}: {', '.join(problems)}."]
        quota.min, quota.max, quota.min_flex, quota.max_flex = low, high, low_flex, high_flex
    if errors:
        raise ValidationError(errors)
    Quota.objects.bulk_update([quotas[pk] for pk in bounds], ["min", "max", "min_flex", "max_flex"])
    log(panel, "quotas_changed", actor, quotas=len(bounds))


def quota_problems(panel: Panel) -> list[str]:
    """Conflicts anyone can see by adding up (the kernel explains the subtle ones)."""
    problems = []
    for category in panel.categories.prefetch_related("quotas"):
        quotas = list(category.quotas.all())
        if sum(q.min for q in quotas) > panel.size:
            problems.append(
                _("De minima bij %(category)s tellen op tot meer dan %(size)s.")
                % {"category": category.label, "size": panel.size}
            )
        if sum(q.max for q in quotas) < panel.size:
            problems.append(
                _("De maxima bij %(category)s tellen op tot minder dan %(size)s.")
                % {"category": category.label, "size": panel.size}
            )
    return problems


# --- status ------------------------------------------------------------------------------


@transaction.atomic
def transition_panel(actor: Actor, panel: Panel, to: str) -> Panel:
    require_manager(actor)
    panel = Panel.objects.select_for_update().get(pk=panel.pk)
    if to not in PANEL_TRANSITIONS[panel.status] or to in (
        Panel.Status.PUBLISHED,
        Panel.Status.DRAWN,
    ):
        raise ValidationError(_("Deze stap kan nu niet."))
    if to == Panel.Status.RECRUITING and not panel.categories.exists():
        raise ValidationError(_("Kies eerst de kenmerken en quota van het panel."))
    if to == Panel.Status.RECRUITING and (problems := quota_problems(panel)):
        raise ValidationError(problems)
    old = panel.status
    panel.status = to
    panel.save(update_fields=["status"])
    log(panel, "status", actor, old=old, new=to)
    return panel


# --- invitations and registration ----------------------------------------------------------

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: easy to type from paper


def new_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def code_hash(code: str) -> str:
    normalised = re.sub(r"[^0-9A-Z]", "", code.upper())
    return hashlib.sha256(f"leefwereld-panel:{normalised}".encode()).hexdigest()


@dataclass(frozen=True)
class Letter:
    resident: Resident
    code: str
    neighbourhood: Neighbourhood


@transaction.atomic
def send_invitations(
    actor: Actor,
    panel: Panel,
    count: int,
    *,
    today: datetime.date | None = None,
    rng: secrets.SystemRandom | Any = None,
) -> list[Letter]:
    """Invite `count` residents of 16 and older, spread over the neighbourhoods by population.

    A random sample per neighbourhood (the stratum), at most one letter per household per
    panel. The codes are returned for the letters and only their hashes are stored.
    """
    require_manager(actor)
    if panel.status != Panel.Status.RECRUITING:
        raise ValidationError(_("Uitnodigingen gaan alleen uit als het aanmelden open is."))
    if not 1 <= count <= MAX_LETTERS_PER_BATCH:
        raise ValidationError(
            {
                "count": _("Verstuur 1 tot en met %(max)s brieven per keer.")
                % {"max": MAX_LETTERS_PER_BATCH}
            }
        )
    today = today or timezone.localdate()
    rng = rng or secrets.SystemRandom()
    hoods = list(Neighbourhood.objects.filter(municipality=panel.municipality).order_by("pk"))
    allocation = apportion([n.population for n in hoods], count)
    invited_households = set(
        Invitation.objects.filter(panel=panel, resident__isnull=False).values_list(
            "resident__household_id", flat=True
        )
    )
    born_by = _years_before(today, MIN_AGE)
    batch = (panel.invitations.order_by("-batch").values_list("batch", flat=True).first() or 0) + 1
    letters: list[Letter] = []
    shortfall = 0
    for hood, wanted in zip(hoods, allocation, strict=True):
        if not wanted:
            continue
        candidates = list(
            Resident.objects.filter(
                household__address__neighbourhood=hood, birth_date__lte=born_by
            ).values_list("pk", "household_id")
        )
        rng.shuffle(candidates)
        chosen: list[int] = []
        for pk, household in candidates:
            if household in invited_households:
                continue
            invited_households.add(household)
            chosen.append(pk)
            if len(chosen) == wanted:
                break
        shortfall += wanted - len(chosen)
        residents = Resident.objects.select_related("household__address").in_bulk(chosen)
        letters.extend(Letter(residents[pk], new_code(), hood) for pk in chosen)
    Invitation.objects.bulk_create(
        Invitation(
            panel=panel,
            resident=letter.resident,
            neighbourhood=letter.neighbourhood,
            code_hash=code_hash(letter.code),
            batch=batch,
        )
        for letter in letters
    )
    log(panel, "invitations_sent", actor, batch=batch, letters=len(letters), shortfall=shortfall)
    return letters


def new_public_id(taken: set[str]) -> str:
    while True:
        raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(6))
        public_id = f"{raw[:3]}-{raw[3:]}"
        if public_id not in taken:
            taken.add(public_id)
            return public_id


def registration_open(panel: Panel, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    return panel.status == Panel.Status.RECRUITING and (
        panel.registration_deadline is None or today <= panel.registration_deadline
    )


def form_categories(panel: Panel) -> list[Category]:
    """The categories a volunteer answers themselves (the neighbourhood follows from the letter)."""
    return [
        c
        for c in panel.categories.prefetch_related("quotas")
        if c.source != Category.Source.NEIGHBOURHOOD
    ]


@transaction.atomic
def register_volunteer(
    panel: Panel,
    *,
    code: str,
    name: str,
    address: str,
    postcode: str,
    features: dict[str, str],
    email: str = "",
    phone: str = "",
) -> Volunteer:
    """A resident with a letter joins the pool: one person per household, one use per code."""
    panel = Panel.objects.select_for_update().get(pk=panel.pk)  # one registration at a time
    if not registration_open(panel):
        raise ValidationError(_("Aanmelden voor dit panel kan niet meer."))
    invitation = (
        Invitation.objects.select_for_update()
        .filter(panel=panel, code_hash=code_hash(code))
        .select_related("neighbourhood")
        .first()
    )
    if invitation is None:
        raise ValidationError(
            {
                "code": _(
                    "Deze code kennen we niet. Kijk of u de code goed heeft overgenomen uit de "
                    "brief."
                )
            }
        )
    if invitation.used_at is not None:
        raise ValidationError({"code": _("Met deze code heeft iemand zich al aangemeld.")})
    key = selection.address_key(address, postcode)
    if (
        key
        and Volunteer.objects.filter(panel=panel, household_key=key)
        .exclude(status=Volunteer.Status.WITHDRAWN)
        .exists()
    ):
        raise ValidationError(
            {
                "address": _(
                    "Van dit adres heeft zich al iemand aangemeld. Per huishouden kan één "
                    "persoon meedoen."
                )
            }
        )
    values: dict[str, str] = {}
    for category in panel.categories.prefetch_related("quotas"):
        allowed = {q.value for q in category.quotas.all()}
        if category.source == Category.Source.NEIGHBOURHOOD:
            value = _neighbourhood_value(invitation.neighbourhood)
        else:
            value = features.get(category.key, "")
        if value not in allowed:
            raise ValidationError({category.key: _("Kies een van de mogelijkheden.")})
        values[category.key] = value
    taken = set(panel.volunteers.values_list("public_id", flat=True))
    volunteer = Volunteer.objects.create(
        panel=panel,
        public_id=new_public_id(taken),
        source=Volunteer.Source.INVITATION,
        invitation=invitation,
        name=name,
        email=email,
        phone=phone,
        household_key=key,
        features=values,
    )
    invitation.used_at = timezone.now()
    invitation.save(update_fields=["used_at"])
    log(panel, "registered", None, public_id=volunteer.public_id)
    return volunteer


def _require_pool_open(panel: Panel) -> None:
    if panel.status in (Panel.Status.PUBLISHED, Panel.Status.DRAWN):
        raise ValidationError(_("Na het bekendmaken van de loting verandert de pool niet meer."))


@transaction.atomic
def withdraw_volunteer(actor: Actor, volunteer: Volunteer) -> Volunteer:
    require_manager(actor)
    _require_pool_open(volunteer.panel)
    volunteer.status = Volunteer.Status.WITHDRAWN
    volunteer.save(update_fields=["status"])
    log(volunteer.panel, "withdrawn", actor, public_id=volunteer.public_id)
    return volunteer


# --- importing an external pool -------------------------------------------------------------


class PoolImportError(Exception):
    """Every problem in a file, each naming its line and column; nothing was written."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


POOL_ID_COLUMNS = ("id", "nummer")
POOL_CONTACT_COLUMNS = {"naam": "name", "email": "email", "e-mail": "email", "telefoon": "phone"}


def _decode_pool(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise PoolImportError(
            [
                _(
                    "Regel %(line)s: het bestand is geen UTF-8. Sla het op als 'CSV UTF-8' en "
                    "probeer het opnieuw."
                )
                % {"line": line}
            ]
        ) from None


@transaction.atomic
def import_pool_csv(actor: Actor, panel: Panel, raw: bytes) -> int:
    """Add the people of an external pool file, all or nothing. Returns how many were added.

    One column per category (named by its column name; a value by its code or its name),
    and optionally `id`, `naam`, `email`, `telefoon`, and `adres` + `postcode` or
    `huishouden` for the household rule. Housemates may both be in the pool; the selection
    puts at most one of them on the panel.
    """
    require_manager(actor)
    _require_pool_open(panel)
    text = _decode_pool(raw)
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    line = 1
    try:
        for cells in reader:
            start, line = line, reader.line_num + 1
            if not any(c.strip() for c in cells):
                continue
            if header is None:
                header = [c.strip().casefold() for c in cells]
                continue
            rows.append((start, [c.strip() for c in cells]))
    except csv.Error as error:
        raise PoolImportError(
            [
                _("Regel %(line)s: dit is geen leesbare CSV (%(error)s).")
                % {"line": reader.line_num, "error": error}
            ]
        ) from None
    if header is None:
        raise PoolImportError([_("Het bestand is leeg.")])
    categories = list(panel.categories.prefetch_related("quotas"))
    problems: list[str] = []
    columns: dict[str, int] = {}
    for category in categories:
        if category.key.casefold() not in header:
            problems.append(
                _("Regel 1: de kolom '%(column)s' (%(label)s) ontbreekt.")
                % {"column": category.key, "label": category.label}
            )
        else:
            columns[category.key] = header.index(category.key.casefold())
    if problems:
        raise PoolImportError(problems)
    id_col = next((header.index(c) for c in POOL_ID_COLUMNS if c in header), None)
    contact = {
        field: header.index(col) for col, field in POOL_CONTACT_COLUMNS.items() if col in header
    }
    household_col = header.index("huishouden") if "huishouden" in header else None
    address_cols = [header.index(c) for c in ("adres", "postcode") if c in header]

    lookup = {
        c.key: {
            **{q.label.casefold(): q.value for q in c.quotas.all()},
            **{q.value.casefold(): q.value for q in c.quotas.all()},
        }
        for c in categories
    }
    existing_ids = set(
        panel.volunteers.exclude(external_id="").values_list("external_id", flat=True)
    )
    seen_ids: dict[str, int] = {}
    people: list[Volunteer] = []
    taken = set(panel.volunteers.values_list("public_id", flat=True))

    def cell(cells: list[str], col: int) -> str:
        return cells[col] if col < len(cells) else ""

    for line_number, cells in rows:
        row_problems: list[str] = []
        external_id = cell(cells, id_col) if id_col is not None else ""
        if id_col is not None:
            column = header[id_col]
            if not external_id:
                row_problems.append(
                    _("Regel %(line)s, kolom %(column)s: het nummer ontbreekt.")
                    % {"line": line_number, "column": column}
                )
            elif external_id in seen_ids:
                row_problems.append(
                    _(
                        "Regel %(line)s, kolom %(column)s: nummer '%(id)s' staat ook al op regel "
                        "%(first)s."
                    )
                    % {
                        "line": line_number,
                        "column": column,
                        "id": external_id,
                        "first": seen_ids[external_id],
                    }
                )
            elif external_id in existing_ids:
                row_problems.append(
                    _("Regel %(line)s, kolom %(column)s: nummer '%(id)s' staat al in de pool.")
                    % {"line": line_number, "column": column, "id": external_id}
                )
            else:
                seen_ids[external_id] = line_number
        features: dict[str, str] = {}
        for category in categories:
            raw_value = cell(cells, columns[category.key])
            value = lookup[category.key].get(raw_value.casefold())
            if value is None:
                allowed = ", ".join(q.value for q in category.quotas.all())
                row_problems.append(
                    _(
                        "Regel %(line)s, kolom %(column)s: '%(value)s' is geen waarde van "
                        "%(label)s. Kies uit: %(allowed)s."
                    )
                    % {
                        "line": line_number,
                        "column": category.key,
                        "value": raw_value,
                        "label": category.label,
                        "allowed": allowed,
                    }
                )
            else:
                features[category.key] = value
        details = {field: cell(cells, col) for field, col in contact.items()}
        if details.get("email"):
            try:
                validate_email(details["email"])
            except ValidationError:
                row_problems.append(
                    _("Regel %(line)s, kolom email: '%(value)s' is geen geldig e-mailadres.")
                    % {"line": line_number, "value": details["email"]}
                )
        if household_col is not None:
            key = selection.address_key(cell(cells, household_col))
        elif address_cols:
            key = selection.address_key(*(cell(cells, c) for c in address_cols))
        else:
            key = ""
        if row_problems:
            problems.extend(row_problems)
            continue
        people.append(
            Volunteer(
                panel=panel,
                public_id=new_public_id(taken),
                source=Volunteer.Source.IMPORT,
                external_id=external_id,
                name=details.get("name", "")[:200],
                email=details.get("email", ""),
                phone=details.get("phone", "")[:32],
                household_key=key[:300],
                features=features,
            )
        )
    if problems:
        raise PoolImportError(problems)
    if not people:
        raise PoolImportError([_("Het bestand bevat geen mensen.")])
    Volunteer.objects.bulk_create(people)
    log(panel, "pool_imported", actor, people=len(people))
    return len(people)


# --- the selection -------------------------------------------------------------------------


def snapshot(panel: Panel) -> tuple[list[list[Any]], list[list[Any]]]:
    """The quotas and the pool as the kernel gets them (see SelectionRun)."""
    quotas = [
        [c.key, q.value, q.min, q.max, q.min_flex, q.max_flex]
        for c in panel.categories.prefetch_related("quotas")
        for q in c.quotas.all()
    ]
    pool = [
        [v.public_id, v.features, v.household_key]
        for v in panel.volunteers.filter(status=Volunteer.Status.POOL).order_by("public_id")
    ]
    return quotas, pool


def input_digest(panel: Panel) -> str:
    quotas, pool = snapshot(panel)
    return _digest(panel.size, panel.method, panel.max_probability, quotas, pool)


def _digest(size: int, method: str, cap: float | None, quotas: Any, pool: Any) -> str:
    data = {"size": size, "method": method, "cap": cap, "quotas": quotas, "pool": pool}
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


def active_run(panel: Panel) -> SelectionRun | None:
    return panel.runs.filter(
        status__in=[SelectionRun.Status.QUEUED, SelectionRun.Status.RUNNING]
    ).first()


def latest_run(panel: Panel) -> SelectionRun | None:
    return panel.runs.order_by("-created_at", "-pk").first()


@transaction.atomic
def start_selection(actor: Actor, panel: Panel) -> SelectionRun:
    """Queue the selection as a background task (`leefwereld db_worker` runs it)."""
    require_manager(actor)
    panel = Panel.objects.select_for_update().get(pk=panel.pk)
    if panel.status != Panel.Status.CLOSED:
        raise ValidationError(_("Sluit eerst het aanmelden; daarna ligt de pool vast."))
    if active_run(panel) is not None:
        raise ValidationError(_("Er loopt al een berekening voor dit panel."))
    quotas, pool = snapshot(panel)
    missing = sum(1 for _id, feats, _key in pool if any(q[0] not in feats for q in quotas))
    if missing:
        raise ValidationError(
            _("%(n)s mensen in de pool missen een kenmerk. Lees ze opnieuw in.") % {"n": missing}
        )
    if not pool:
        raise ValidationError(_("De pool is leeg: er is niemand om uit te loten."))
    run = SelectionRun.objects.create(
        panel=panel,
        method=panel.method,
        max_probability=panel.max_probability,
        size=panel.size,
        input_digest=_digest(panel.size, panel.method, panel.max_probability, quotas, pool),
        quota_snapshot=quotas,
        pool_snapshot=pool,
        created_by=actor.user,
    )
    result = tasks.compute_selection.enqueue(run.pk)
    run.task_id = str(result.id)
    run.save(update_fields=["task_id"])
    log(panel, "selection_started", actor, run=run.pk)
    return run


@transaction.atomic
def cancel_selection(actor: Actor, run: SelectionRun) -> SelectionRun:
    """Stop a computation: at once if it has not started, else at the kernel's next check."""
    require_manager(actor)
    now = timezone.now()
    if SelectionRun.objects.filter(pk=run.pk, status=SelectionRun.Status.QUEUED).update(
        status=SelectionRun.Status.CANCELLED, cancel_requested=True, finished_at=now
    ):
        log(run.panel, "selection_cancelled", actor, run=run.pk)
    elif SelectionRun.objects.filter(pk=run.pk, status=SelectionRun.Status.RUNNING).update(
        cancel_requested=True
    ):
        log(run.panel, "selection_cancel_requested", actor, run=run.pk)
    run.refresh_from_db()
    return run


@transaction.atomic
def apply_relaxation(actor: Actor, run: SelectionRun) -> int:
    """Apply the kernel's suggested minimal relaxation to the panel's quotas."""
    require_manager(actor)
    panel = run.panel
    _require_bounds_editable(panel)
    changes = (run.explanation or {}).get("relaxation") or []
    if run.status != SelectionRun.Status.INFEASIBLE or not changes:
        raise ValidationError(_("Er is geen voorgestelde aanpassing om toe te passen."))
    quotas = {
        (q.category.key, q.value): q
        for q in Quota.objects.filter(category__panel=panel).select_related("category")
    }
    changed = []
    for change in changes:
        quota = quotas.get((change["feature"], change["value"]))
        if quota is None or getattr(quota, change["side"]) != change["old"]:
            raise ValidationError(
                _("De quota zijn veranderd sinds deze berekening. Reken opnieuw.")
            )
        new = int(change["new"])
        if change["side"] == "min":
            quota.min = new
            if quota.min_flex is not None and quota.min_flex > new:
                quota.min_flex = new
        else:
            quota.max = new
            if quota.max_flex is not None and quota.max_flex < new:
                quota.max_flex = new
        changed.append(quota)
    Quota.objects.bulk_update(changed, ["min", "max", "min_flex", "max_flex"])
    log(panel, "relaxation_applied", actor, run=run.pk, changes=changes)
    return len(changed)


# --- publication and the draw ---------------------------------------------------------------


@transaction.atomic
def publish_lottery(actor: Actor, panel: Panel) -> Panel:
    """Fix the pool and the lottery and publish the lottery's hash, before the draw."""
    require_manager(actor)
    panel = Panel.objects.select_for_update().get(pk=panel.pk)
    if panel.status != Panel.Status.CLOSED:
        raise ValidationError(_("Deze stap kan nu niet."))
    run = latest_run(panel)
    if run is None or run.status != SelectionRun.Status.DONE or not run.lottery_hash:
        raise ValidationError(_("Bereken eerst de selectie."))
    if run.input_digest != input_digest(panel):
        raise ValidationError(
            _("De quota of de pool zijn veranderd na de laatste berekening. Reken opnieuw.")
        )
    now = timezone.now()
    panel.published_run = run
    panel.hash_published_at = now
    panel.status = Panel.Status.PUBLISHED
    panel.save(update_fields=["published_run", "hash_published_at", "status"])
    Draw.objects.create(
        panel=panel,
        kind=Draw.Kind.PANEL,
        round=0,
        lottery_hash=run.lottery_hash,
        lottery_panels=run.lottery_panels,
        published_at=now,
    )
    log(panel, "hash_published", actor, run=run.pk, hash=run.lottery_hash)
    return panel


MIN_SEED_NUMBERS = 3


def normalise_seed(numbers: str) -> str:
    """The numbers drawn at the meeting as the kernel reads them: '7, 23 ; 41' -> '7,23,41'."""
    return ",".join(str(int(n)) for n in re.findall(r"\d+", numbers))


def open_draw(panel: Panel) -> Draw | None:
    """The published lottery still waiting for its numbers, if any."""
    return panel.draws.filter(confirmed_at__isnull=True).defer("lottery_text").first()


def open_dropouts(panel: Panel) -> list[Volunteer]:
    """Members who dropped out and are not yet in a replacement round."""
    handled = {
        pid for replaced in panel.draws.values_list("replaced", flat=True) for pid in replaced
    }
    return [
        v
        for v in panel.volunteers.filter(status=Volunteer.Status.DROPPED_OUT).order_by("public_id")
        if v.public_id not in handled
    ]


@dataclass(frozen=True)
class SeedEntry:
    draw: Draw
    confirmed: bool
    # The numbers differed from the first official's: that entry is cleared (and stays
    # cleared: this is a result, not an exception that would roll the clearing back).
    mismatch: bool = False


@transaction.atomic
def enter_seed(actor: Actor, panel: Panel, numbers: str) -> SeedEntry:
    """An official enters the numbers drawn at the public meeting.

    The first entry waits; when a second, different official enters the same numbers,
    the draw is made from the published lottery (the panel, or replacements). Different
    numbers clear the first entry (`mismatch`): both officials enter them again.
    """
    require_manager(actor)
    panel = Panel.objects.select_for_update().get(pk=panel.pk)
    seed = normalise_seed(numbers)
    if len(seed.split(",")) < MIN_SEED_NUMBERS or not seed:
        raise ValidationError(
            {"numbers": _("Vul minstens %(n)s getallen in.") % {"n": MIN_SEED_NUMBERS}}
        )
    draw = panel.draws.select_for_update().filter(confirmed_at__isnull=True).first()
    if draw is None:
        raise ValidationError(_("Er is nu niets te trekken."))
    if not draw.seed:
        draw.seed = seed
        draw.first_official = actor.user
        draw.first_entered_at = timezone.now()
        draw.save(update_fields=["seed", "first_official", "first_entered_at"])
        log(panel, "seed_entered", actor, round=draw.round)
        return SeedEntry(draw, confirmed=False)
    if draw.first_official_id == actor.user.pk:
        raise ValidationError(
            _("U heeft de getallen al ingevoerd. Een tweede ambtenaar voert ze nu ook in.")
        )
    if draw.seed != seed:
        draw.seed, draw.first_official, draw.first_entered_at = "", None, None
        draw.save(update_fields=["seed", "first_official", "first_entered_at"])
        log(panel, "seed_mismatch", actor, round=draw.round)
        return SeedEntry(draw, confirmed=False, mismatch=True)
    if draw.kind == Draw.Kind.PANEL:
        # publish_lottery sets the published run when it opens the panel's draw (PROTECT).
        assert panel.published_run_id is not None
        run = SelectionRun.objects.only("lottery_text", "lottery_hash").get(
            pk=panel.published_run_id
        )
        text, digest = run.lottery_text, run.lottery_hash
    else:
        text, digest = draw.lottery_text, draw.lottery_hash
    try:
        result = selection.draw(text, digest, seed)
    except SortitionError as error:
        raise ValidationError(str(error)) from error
    draw.second_official = actor.user
    draw.confirmed_at = timezone.now()
    draw.selected = result.selected
    draw.detail = {**draw.detail, **result.detail}
    draw.save(update_fields=["second_official", "confirmed_at", "selected", "detail"])
    panel.volunteers.filter(public_id__in=result.selected).update(status=Volunteer.Status.SELECTED)
    if draw.kind == Draw.Kind.PANEL:
        panel.status = Panel.Status.DRAWN
        panel.save(update_fields=["status"])
        # Recruitment is over: the letters no longer need to point at residents.
        panel.invitations.update(resident=None)
        log(panel, "drawn", actor, round=draw.round, ticket=result.detail["ticket"])
    else:
        log(panel, "replacements_drawn", actor, round=draw.round, replaced=draw.replaced)
    return SeedEntry(draw, confirmed=True)


@transaction.atomic
def report_dropout(actor: Actor, volunteer: Volunteer) -> Volunteer:
    require_manager(actor)
    if volunteer.status != Volunteer.Status.SELECTED:
        raise ValidationError(_("Alleen wie geloot is kan zich afmelden."))
    volunteer.status = Volunteer.Status.DROPPED_OUT
    volunteer.save(update_fields=["status"])
    log(volunteer.panel, "dropped_out", actor, public_id=volunteer.public_id)
    return volunteer


@transaction.atomic
def prepare_replacements(actor: Actor, panel: Panel) -> Draw:
    """Build and publish the lottery for the seats of the members who dropped out.

    The same way as the panel: the kernel's leximin over who can fill the empty seats
    within the quotas (not on the panel, not living with a remaining member, not someone
    who dropped out before), rounded to a transparent lottery whose hash is published
    now, before two officials enter newly drawn numbers.
    """
    require_manager(actor)
    panel = Panel.objects.select_for_update().get(pk=panel.pk)
    if panel.status != Panel.Status.DRAWN:
        raise ValidationError(_("Vervangers trekken kan pas na de trekking van het panel."))
    if open_draw(panel) is not None:
        raise ValidationError(_("Er wacht al een loting op de getallen."))
    dropouts = [v.public_id for v in open_dropouts(panel)]
    if not dropouts:
        raise ValidationError(_("Niemand heeft zich afgemeld."))
    assert panel.published_run_id is not None  # a drawn panel was published (publish_lottery)
    run = SelectionRun.objects.only("quota_snapshot", "pool_snapshot", "size").get(
        pk=panel.published_run_id
    )
    earlier = set(
        panel.volunteers.filter(status=Volunteer.Status.DROPPED_OUT)
        .exclude(public_id__in=dropouts)
        .values_list("public_id", flat=True)
    )
    members = sorted(
        panel.volunteers.filter(status=Volunteer.Status.SELECTED).values_list(
            "public_id", flat=True
        )
    )
    round_number = panel.draws.count()
    try:
        lottery = selection.replacement_lottery(
            run.quota_snapshot,
            [row for row in run.pool_snapshot if row[0] not in earlier],
            run.size,
            panel=[*members, *dropouts],
            dropouts=dropouts,
            meta={
                "kind": "replacement",
                "panel": panel.pk,
                "round": round_number,
                "replaces": dropouts,
            },
        )
    except InfeasibleQuotas as error:
        raise ValidationError(
            _("Er is geen vervanger te vinden die in de quota past.") + " " + str(error)
        ) from error
    except SortitionError as error:
        raise ValidationError(
            _("Er is geen vervanger te vinden: %(why)s") % {"why": error}
        ) from error
    draw = Draw.objects.create(
        panel=panel,
        kind=Draw.Kind.REPLACEMENT,
        round=round_number,
        lottery_text=lottery.text,
        lottery_hash=lottery.digest,
        lottery_panels=lottery.panels,
        published_at=timezone.now(),
        replaced=dropouts,
        detail={"max_deviation": lottery.max_deviation},
    )
    log(panel, "replacement_lottery_published", actor, round=round_number, hash=lottery.digest)
    return draw
