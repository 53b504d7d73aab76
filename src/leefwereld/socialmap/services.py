"""State changes of the sociale kaart: proposals, approvals, imports, and the search index."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.postgres.search import SearchVector
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from leefwereld.core import csvfiles
from leefwereld.core.actor import Actor
from leefwereld.core.domains import LifeDomain
from leefwereld.core.models import Municipality, Neighbourhood, Organisation

from .authorisation import REVIEWER_ROLES, may_maintain, visible_offers
from .forms import OFFER_FIELDS, OfferForm
from .models import Offer, OfferDomain, OfferProposal
from .search import fold, stem_index

CSV_COLUMNS = ["organisation", *OFFER_FIELDS, "domains", "neighbourhoods"]
# An import file of the whole sociale kaart of a large municipality is well below these.
MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_IMPORT_ROWS = 5_000
# A cell a spreadsheet would read as a formula (OWASP, "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def index_offer(offer: Offer, domains: Iterable[str]) -> None:
    """Recompute what search looks in: the offer's texts, its organisation and domains."""
    labels = " ".join(str(LifeDomain(d).label) for d in domains)
    text = " ".join(
        [offer.name, offer.description, offer.target_group, offer.organisation.name, labels]
    )
    offer.search_document = fold(text)
    offer.search_stems = stem_index(text)


def store_search_vectors(offers: QuerySet[Offer]) -> int:
    """PostgreSQL: recompute the stored Dutch tsvector of `offers` from their
    search_document, in one UPDATE. Call it after every write of search_document
    (index_offer + save, or a bulk insert). SQLite has no tsvector and searches
    search_stems instead, so there it does nothing."""
    if connection.vendor != "postgresql":
        return 0
    return offers.update(search_vector=SearchVector("search_document", config="dutch"))


@transaction.atomic
def reindex_offers(offers: QuerySet[Offer]) -> int:
    """Recompute the search texts of `offers` from what they show now — for instance after
    their organisation was renamed, since search also looks in the organisation's name."""
    changed = list(offers.select_related("organisation").prefetch_related("domain_links"))
    for offer in changed:
        index_offer(offer, [link.domain for link in offer.domain_links.all()])
    Offer.objects.bulk_update(changed, ["search_document", "search_stems"])
    store_search_vectors(Offer.objects.filter(pk__in=[offer.pk for offer in changed]))
    return len(changed)


@transaction.atomic
def save_and_reindex(offer: Offer) -> Offer:
    """Save an offer edited outside the proposal flow (the Django admin), search index included."""
    domains = list(offer.domain_links.values_list("domain", flat=True)) if offer.pk else []
    index_offer(offer, domains)
    offer.save()
    store_search_vectors(Offer.objects.filter(pk=offer.pk))
    return offer


def _save_offer(offer: Offer, cleaned: dict[str, Any], approved_at=None) -> Offer:
    for field in OFFER_FIELDS:
        setattr(offer, field, cleaned[field])
    domains = list(dict.fromkeys(cleaned["domains"]))
    index_offer(offer, domains)
    offer.approved_at = approved_at or offer.approved_at or timezone.now()
    offer.save()
    OfferDomain.objects.filter(offer=offer).delete()
    OfferDomain.objects.bulk_create(OfferDomain(offer=offer, domain=d) for d in domains)
    offer.neighbourhoods.set(cleaned["neighbourhoods"])
    return offer


def _form_data(data: dict[str, Any]) -> dict[str, Any]:
    """Proposal/CSV data → form data (neighbourhoods by CBS code → primary keys)."""
    codes = data.get("neighbourhoods") or []
    ids = list(Neighbourhood.objects.filter(cbs_code__in=codes).values_list("pk", flat=True))
    return {**data, "neighbourhoods": ids}


@transaction.atomic
def propose_offer(
    actor: Actor, organisation: Organisation, form: OfferForm, offer: Offer | None = None
) -> OfferProposal:
    """A provider proposes a new offer (offer=None) or a change; the municipality reviews it."""
    if not may_maintain(actor, organisation) or (
        offer is not None and offer.organisation_id != organisation.pk
    ):
        raise PermissionDenied
    cleaned = form.cleaned_data
    data = {field: cleaned[field] for field in OFFER_FIELDS}
    data["domains"] = list(cleaned["domains"])
    data["neighbourhoods"] = [n.cbs_code for n in cleaned["neighbourhoods"]]
    return OfferProposal.objects.create(
        organisation=organisation, offer=offer, data=data, proposed_by=actor.user
    )


@transaction.atomic
def approve_proposal(actor: Actor, proposal: OfferProposal) -> Offer:
    if actor.role not in REVIEWER_ROLES:
        raise PermissionDenied
    if proposal.status != OfferProposal.Status.PENDING:
        raise ValidationError(_("Dit voorstel is al beoordeeld."))
    form = OfferForm(_form_data(proposal.data), instance=proposal.offer)
    if not form.is_valid():
        raise ValidationError(form.errors)
    offer = proposal.offer or Offer(organisation=proposal.organisation)
    offer = _save_offer(offer, form.cleaned_data, approved_at=timezone.now())
    store_search_vectors(Offer.objects.filter(pk=offer.pk))
    proposal.offer = offer
    proposal.status = OfferProposal.Status.APPROVED
    proposal.reviewed_by = actor.user
    proposal.reviewed_at = timezone.now()
    proposal.save(update_fields=["offer", "status", "reviewed_by", "reviewed_at"])
    return offer


@transaction.atomic
def reject_proposal(actor: Actor, proposal: OfferProposal, reason: str) -> OfferProposal:
    if actor.role not in REVIEWER_ROLES:
        raise PermissionDenied
    proposal.status = OfferProposal.Status.REJECTED
    proposal.reviewed_by = actor.user
    proposal.reviewed_at = timezone.now()
    proposal.review_reason = reason
    proposal.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_reason"])
    return proposal


def public_offers() -> QuerySet[Offer]:
    """Approved offers (what everyone sees; `authorisation.visible_offers`)."""
    return visible_offers(None)


# --- CSV import and export ----------------------------------------------------------------


@dataclass
class ImportError_(Exception):
    """Every problem in a file, each naming its line and field; nothing was written."""

    problems: list[str]

    def __str__(self) -> str:
        return "\n".join(self.problems)


def _split(value: str) -> list[str]:
    """A cell with several values: 'financien|huisvesting' (| never clashes with , or ;)."""
    return [part.strip() for part in value.split("|") if part.strip()]


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise ImportError_(
            [
                _(
                    "Regel %(line)s: het bestand is geen UTF-8. Sla het op als "
                    "'CSV UTF-8' en probeer het opnieuw."
                )
                % {"line": line}
            ]
        ) from None


@transaction.atomic
def import_offers_csv(actor: Actor, raw: bytes, municipality: Municipality | None) -> int:
    """Import offers from a CSV file, all or nothing. Returns the number of offers written.

    Without a municipality (none set up yet) no organisation is known, so every row is refused.

    The municipality imports, so imported offers are approved at once. An offer with the
    same organisation and name is updated rather than duplicated, so importing the same
    file twice changes nothing.
    """
    if actor.role not in REVIEWER_ROLES:
        raise PermissionDenied
    if len(raw) > MAX_IMPORT_BYTES:
        raise ImportError_(
            [
                _("Het bestand is groter dan %(mb)s MB; splits het in kleinere bestanden.")
                % {"mb": MAX_IMPORT_BYTES // (1024 * 1024)}
            ]
        )
    text = _decode(raw)
    sample = text.split("\n", 1)[0]
    dialect = ";" if sample.count(";") >= sample.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=dialect)
    rows = _read_rows(reader)
    missing = [c for c in CSV_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise ImportError_(
            [_("Regel 1: deze kolommen ontbreken: %(columns)s") % {"columns": ", ".join(missing)}]
        )
    organisations = {o.name: o for o in Organisation.objects.filter(municipality=municipality)}
    problems: list[str] = []
    valid: list[tuple[Organisation, dict[str, Any]]] = []
    seen: dict[tuple[str, str], int] = {}
    for line, row in rows:
        organisation = organisations.get((row.get("organisation") or "").strip())
        if organisation is None:
            problems.append(
                _("Regel %(line)s, veld organisation: organisatie '%(name)s' is onbekend.")
                % {"line": line, "name": row.get("organisation", "")}
            )
            continue
        key = (organisation.name, (row.get("name") or "").strip())
        if key in seen:
            problems.append(
                _("Regel %(line)s: dit aanbod staat ook al op regel %(first)s.")
                % {"line": line, "first": seen[key]}
            )
            continue
        seen[key] = line
        data: dict[str, Any] = {field: (row.get(field) or "").strip() for field in OFFER_FIELDS}
        data["domains"] = _split(row.get("domains") or "")
        data["neighbourhoods"] = _split(row.get("neighbourhoods") or "")
        unknown = set(data["neighbourhoods"]) - set(
            Neighbourhood.objects.filter(cbs_code__in=data["neighbourhoods"]).values_list(
                "cbs_code", flat=True
            )
        )
        if unknown:
            problems.append(
                _("Regel %(line)s, veld neighbourhoods: onbekende wijkcode(s) %(codes)s.")
                % {"line": line, "codes": ", ".join(sorted(unknown))}
            )
            continue
        form = OfferForm(_form_data(data))
        if not form.is_valid():
            for field, errors in form.errors.items():
                for error in errors:
                    problems.append(
                        _("Regel %(line)s, veld %(field)s: %(error)s")
                        % {"line": line, "field": field, "error": error}
                    )
            continue
        valid.append((organisation, form.cleaned_data))
    if problems:
        raise ImportError_(problems)
    if not valid:
        raise ImportError_([_("Het bestand bevat geen aanbod.")])
    existing = {
        (o.organisation_id, o.name): o
        for o in Offer.objects.filter(organisation__municipality=municipality)
    }
    written = []
    for organisation, cleaned in valid:
        offer = existing.get((organisation.pk, cleaned["name"])) or Offer(organisation=organisation)
        written.append(_save_offer(offer, cleaned).pk)
    store_search_vectors(Offer.objects.filter(pk__in=written))
    return len(valid)


def _read_rows(reader: csv.DictReader) -> list[tuple[int, dict[str, str]]]:
    try:
        return csvfiles.read_rows(
            reader,
            max_rows=MAX_IMPORT_ROWS,
            too_many=_("Regel %(line)s: het bestand heeft meer dan %(max)s regels aanbod."),
        )
    except csvfiles.UnreadableRows as error:
        raise ImportError_([str(error)]) from None


def escape_cell(value: object) -> object:
    """A text cell that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def export_offers_csv(offers: QuerySet[Offer]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(CSV_COLUMNS)
    for offer in offers.select_related("organisation").prefetch_related(
        "domain_links", "neighbourhoods"
    ):
        writer.writerow(
            escape_cell(cell)
            for cell in [
                offer.organisation.name,
                *("" if getattr(offer, f) is None else getattr(offer, f) for f in OFFER_FIELDS),
                "|".join(link.domain for link in offer.domain_links.all()),
                "|".join(n.cbs_code for n in offer.neighbourhoods.all()),
            ]
        )
    return out.getvalue()
