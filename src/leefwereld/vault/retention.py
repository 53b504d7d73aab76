"""Retention of vault records: what the law requires, what open cases need, and destruction.

Two things keep a record from being erased by the resident or destroyed by the job:

1. **The law**: the rule for the record's kind (`leefwereld.rules.retention`), counted
   from the later of the day the record was made or changed and the day its case ended,
   and any later date the writing app stored on the record itself (`retention_until`).
2. **An open case**: a feature app that builds on a record (a running debt arrangement
   on its payment-capacity record, a household plan on its current version) registers a
   checker with :func:`register_dependency` in its `AppConfig.ready()`. The vault imports
   no feature app; the apps tell it what depends on what. A checker also reports the day
   a closed case ended, from which the term runs.

`destroy_expired(today)` (the job `leefwereld vault_destroy_expired`) crypto-shreds every
record whose term has ended and that nothing depends on, keeping its tombstone: category,
owner, dates, the law and the last day it had to be kept, and when it was destroyed.
"""

from __future__ import annotations

import datetime
import logging
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from leefwereld.rules import retention as rules

from .models import Record

logger = logging.getLogger("leefwereld.vault.retention")

BATCH = 500


@dataclass(frozen=True)
class Dependency:
    """A case that builds on a record: open (keep it) or ended on a day (count from it)."""

    reason: str  # plain Dutch, for the resident: "Uw schuldregeling loopt nog."
    open: bool = True
    ended_on: datetime.date | None = None


# A checker gets records (any kinds) and answers for the ones its app builds on.
DependencyChecker = Callable[[Sequence[Record]], dict[uuid.UUID, list[Dependency]]]

_checkers: list[DependencyChecker] = []


def register_dependency(checker: DependencyChecker) -> None:
    """Called by a feature app's `AppConfig.ready()`; registering twice is harmless."""
    if checker not in _checkers:
        _checkers.append(checker)


def dependencies_of(records: Sequence[Record]) -> dict[uuid.UUID, list[Dependency]]:
    found: dict[uuid.UUID, list[Dependency]] = {}
    if not records:
        return found
    for checker in _checkers:
        for record_id, dependencies in checker(records).items():
            found.setdefault(record_id, []).extend(dependencies)
    return found


@dataclass(frozen=True)
class Retention:
    """Why a record must stay: the law in plain Dutch, until when (None: while the case
    is open) and the reason."""

    law: str
    until: datetime.date | None
    reason: str

    def message(self) -> str:
        """The refusal the resident reads when they try to erase the record."""
        if self.until is None:
            kept = _("Dit gegeven kan nu niet worden verwijderd: %(reason)s") % {
                "reason": self.reason
            }
        else:
            kept = _("Dit gegeven moet volgens %(law)s bewaard blijven tot en met %(date)s.") % {
                "law": self.law,
                "date": formats.date_format(self.until, "j F Y"),
            }
        return "%s %s" % (  # noqa: UP031 - two translated sentences
            kept,
            _(
                "U kunt wel bepalen wie het mag zien: trek de toestemming in of beperk "
                "die tot andere onderwerpen onder ‘Wie mag meekijken’."
            ),
        )


@dataclass(frozen=True)
class Assessment:
    rule: rules.RetentionRule
    law: str
    until: datetime.date | None  # the last day the law requires keeping it; None: no duty
    open_cases: tuple[Dependency, ...]

    def retention(self, today: datetime.date) -> Retention | None:
        if self.open_cases:
            return Retention(
                law=self.law or _("de afspraken in uw lopende zaak"),
                until=None,
                reason=self.open_cases[0].reason,
            )
        if self.until is not None and self.until >= today:
            return Retention(
                law=self.law,
                until=self.until,
                reason=(
                    _(
                        "De wet verplicht de gemeente dit te bewaren; "
                        "de termijn telt vanaf %(start)s."
                    )
                    % {"start": self.rule.counted_from}
                    if self.rule.counted_from
                    else _("De wet verplicht de gemeente dit te bewaren.")
                ),
            )
        return None

    def expired(self, today: datetime.date) -> bool:
        """The term has ended and nothing depends on it: the job destroys it."""
        return not self.open_cases and self.until is not None and self.until < today


def configured_terms() -> dict[str, int]:
    """The municipality's own terms (years), by setting name; unset ones are left out."""
    names = {rule.setting for rule in rules.RULES if rule.setting}
    terms: dict[str, int] = {}
    for name in names:
        value = getattr(settings, name, None)
        if value is not None and value != "":
            terms[name] = int(value)
    return terms


def _made_on(record: Record) -> datetime.date:
    return timezone.localdate(record.updated_at or record.created_at)


def assess(records: Sequence[Record], today: datetime.date) -> dict[uuid.UUID, Assessment]:
    """The law and the open cases for each record, in a fixed number of queries."""
    dependencies = dependencies_of(records)
    overrides = configured_terms()
    result: dict[uuid.UUID, Assessment] = {}
    for record in records:
        rule = rules.rule_for(record.kind)
        found = dependencies.get(record.pk, [])
        open_cases = tuple(d for d in found if d.open)
        ended = [d.ended_on for d in found if not d.open and d.ended_on]
        rule_until = rules.keep_until(
            rule,
            made_on=_made_on(record),
            today=today,
            ended_on=max(ended) if ended else None,
            overrides=overrides,
        )
        until = rules.later(record.retention_until, rule_until)
        # The writing app's own law when its date is the one that counts.
        law = (
            record.retention_law
            if record.retention_until and record.retention_law and until == record.retention_until
            else rule.law
        )
        result[record.pk] = Assessment(rule, law, until, open_cases)
    return result


def retention_of(record: Record, today: datetime.date | None = None) -> Retention | None:
    """Why `record` must be kept now, or None when the resident may erase it."""
    if record.is_erased:
        return None
    today = today or timezone.localdate()
    return assess([record], today)[record.pk].retention(today)


# --- the job ------------------------------------------------------------------------------


def _candidates() -> Q:
    """Records some law requires keeping for a term: only those can expire."""
    condition = Q(retention_until__isnull=False)
    for rule in rules.RULES:
        if rule.requires_keeping:
            condition |= Q(kind__in=rule.kinds)
            for prefix in rule.prefixes:
                condition |= Q(kind__startswith=prefix)
    return condition


@dataclass
class DestructionReport:
    destroyed: int = 0
    kept_by_law: int = 0
    kept_for_open_case: int = 0


def _batches(ids: list[uuid.UUID]) -> Iterable[list[uuid.UUID]]:
    for start in range(0, len(ids), BATCH):
        yield ids[start : start + BATCH]


def destroy_expired(today: datetime.date, *, dry_run: bool = False) -> DestructionReport:
    """Crypto-shred every record whose term ended before `today` and that no open case
    needs. Idempotent: destroyed records are tombstones and are not looked at again."""
    report = DestructionReport()
    ids = list(
        Record.objects.filter(erased_at__isnull=True)
        .filter(_candidates())
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for batch in _batches(ids):
        with transaction.atomic():
            # Locked and re-read: a record erased or changed meanwhile is judged as it is now.
            records = list(
                Record.objects.select_for_update()
                .filter(pk__in=batch, erased_at__isnull=True)
                .defer("ciphertext", "wrapped_key")
            )
            assessments = assess(records, today)
            now = timezone.now()
            for record in records:
                assessment = assessments[record.pk]
                if assessment.open_cases:
                    report.kept_for_open_case += 1
                    continue
                if not assessment.expired(today):
                    report.kept_by_law += 1
                    continue
                report.destroyed += 1
                if dry_run:
                    continue
                _destroy(record, assessment, now)
    return report


def _destroy(record: Record, assessment: Assessment, now: datetime.datetime) -> None:
    """As erasure (the keys and the content are overwritten), but by the retention job:
    no user erased it, and the tombstone keeps the law and the last day it was kept."""
    record.wrapped_key = None
    record.ciphertext = b""
    record.erased_at = now
    record.erased_by = None
    record.erasure = Record.Erasure.RETENTION
    record.retention_law = assessment.law[:200]
    record.retention_until = assessment.until
    record.save(
        update_fields=[
            "wrapped_key",
            "ciphertext",
            "erased_at",
            "erased_by",
            "erasure",
            "retention_law",
            "retention_until",
        ]
    )
    # Metadata only, never content: which record, which category, on which law.
    logger.info(
        "destroyed record %s (%s, %s) after its retention term: %s until %s",
        record.pk,
        record.category,
        record.kind,
        assessment.rule.key,
        assessment.until,
    )
