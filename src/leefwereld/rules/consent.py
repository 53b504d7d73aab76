"""Who consents, by age: youth care, care treatment, sharing personal data, the Verwijsindex.

Pure functions of a birth date and a day (no Django: import contract). Every age limit
below is a `Parameter` with its source and validity, so a page can say why.

* **Youth care and treatment** (Jeugdwet art. 7.3.4, mirroring WGBO art. 7:450 and 7:465
  for medical treatment): under 12 the parents who hold parental authority (gezag) or
  the guardian decide; from 12 up to 16 the young person **and** the parents with gezag
  must both consent; from 16 the young person alone (Jeugdwet art. 7.3.5 lid 1, WGBO
  art. 7:447: capable of consenting on their own). The law's exceptions — help without
  the parents' consent when it prevents serious harm, or when a child of 12–15 keeps
  wanting it after the parents refused (WGBO art. 7:450 lid 2 and its Jeugdwet
  counterpart) — are a professional's judgement recorded with a reason, not a rule here.
* **Sharing personal data on consent** (AVG art. 8 with UAVG art. 5 lid 1): under 16
  the holder of parental responsibility consents; from 16 the young person alone. The
  vault's grants follow this rule.
* **Informing**: a young person of 12 or older is always informed of a decision about
  their care (Jeugdwet art. 7.3.3 / WGBO art. 7:448: information "in a way that suits
  their understanding" — a child under 12 too, so everyone is informed; the parents with
  gezag are informed while the child is under 16).
* **The Verwijsindex** (Jeugdwet art. 7.1.1.1): a *jeugdige* there is a person under 23;
  registration without consent only for them (art. 7.1.4.1), and registrations must be
  gone when they turn 23.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from .sources import Parameter, Source

JEUGDWET = Source("Jeugdwet (BWBR0034925)", "https://wetten.overheid.nl/BWBR0034925")
WGBO = Source(
    "Burgerlijk Wetboek Boek 7, afdeling 7.7.5 (WGBO) (BWBR0005290)",
    "https://wetten.overheid.nl/BWBR0005290",
)
UAVG = Source(
    "Uitvoeringswet Algemene verordening gegevensbescherming (BWBR0040940)",
    "https://wetten.overheid.nl/BWBR0040940",
)

# Jeugdwet art. 7.3.4 lid 1-3 (geldend vanaf 2015-01-01), WGBO art. 7:450 lid 1-2 and
# 7:465 lid 1 (geldend vanaf 1995-04-01): the two age limits of consent to care.
CONSENT_WITH_PARENTS_FROM = Parameter(
    name="Leeftijd vanaf welke de jeugdige zelf mede toestemt",
    value=12,
    sources=(JEUGDWET, WGBO),
    valid_from=dt.date(2015, 1, 1),
    note="Jeugdwet art. 7.3.4; WGBO art. 7:450 lid 2",
)
CONSENT_ALONE_FROM = Parameter(
    name="Leeftijd vanaf welke de jeugdige alleen toestemt",
    value=16,
    sources=(JEUGDWET, WGBO),
    valid_from=dt.date(2015, 1, 1),
    note="Jeugdwet art. 7.3.4 en 7.3.5 lid 1; WGBO art. 7:447 en 7:450 lid 1",
)
# UAVG art. 5 lid 1 (geldend vanaf 2018-05-25): consent to processing personal data.
DATA_CONSENT_ALONE_FROM = Parameter(
    name="Leeftijd vanaf welke de jongere zelf toestemt in het delen van gegevens",
    value=16,
    sources=(UAVG,),
    valid_from=dt.date(2018, 5, 25),
    note="UAVG art. 5 lid 1 (AVG art. 8)",
)
# Jeugdwet art. 7.1.1.1 (geldend vanaf 2015-01-01): in the Verwijsindex a jeugdige is a
# person who has not reached the age of 23.
VERWIJSINDEX_AGE_LIMIT = Parameter(
    name="Leeftijdsgrens van de verwijsindex",
    value=23,
    sources=(JEUGDWET,),
    valid_from=dt.date(2015, 1, 1),
    note="Jeugdwet art. 7.1.1.1 (begrip jeugdige) en 7.1.4.1",
)


class Consenter(enum.StrEnum):
    """Whose consent is needed."""

    PARENTS = "parents"  # the holders of gezag (or the guardian) alone
    CHILD_AND_PARENTS = "child_and_parents"  # both
    CHILD = "child"  # the young person alone


@dataclass(frozen=True)
class Consent:
    """Who must consent and who is informed, with the article that says so."""

    consenter: Consenter
    child_consents: bool
    parents_consent: bool
    parents_informed: bool
    article: str


def age_on(birth_date: dt.date, day: dt.date) -> int:
    """Completed years on `day` (a 29 February birthday counts from 1 March in other years)."""
    before_birthday = (day.month, day.day) < (birth_date.month, birth_date.day)
    return day.year - birth_date.year - before_birthday


def care_consent(birth_date: dt.date, day: dt.date) -> Consent:
    """Consent to youth care or a youth decision's help (Jeugdwet art. 7.3.4, WGBO 7:450)."""
    age = age_on(birth_date, day)
    if age < CONSENT_WITH_PARENTS_FROM.value:
        return Consent(
            Consenter.PARENTS, False, True, True, "Jeugdwet art. 7.3.4; WGBO art. 7:465 lid 1"
        )
    if age < CONSENT_ALONE_FROM.value:
        return Consent(
            Consenter.CHILD_AND_PARENTS,
            True,
            True,
            True,
            "Jeugdwet art. 7.3.4; WGBO art. 7:450 lid 2",
        )
    # 16 and older: the young person alone; the parents are not informed without consent.
    return Consent(
        Consenter.CHILD, True, False, False, "Jeugdwet art. 7.3.4 en 7.3.5 lid 1; WGBO art. 7:447"
    )


def data_consent(birth_date: dt.date, day: dt.date) -> Consenter:
    """Who consents to sharing the young person's data (UAVG art. 5 lid 1)."""
    if age_on(birth_date, day) < DATA_CONSENT_ALONE_FROM.value:
        return Consenter.PARENTS
    return Consenter.CHILD


def parents_manage_data(birth_date: dt.date, day: dt.date) -> bool:
    """Whether the holders of gezag decide on the young person's data (under 16)."""
    return data_consent(birth_date, day) == Consenter.PARENTS


def verwijsindex_without_consent(birth_date: dt.date, day: dt.date) -> bool:
    """A registration in the Verwijsindex without consent is only for those under 23."""
    return age_on(birth_date, day) < VERWIJSINDEX_AGE_LIMIT.value


def verwijsindex_end(birth_date: dt.date) -> dt.date:
    """The day the person turns 23: from then on their registrations must be gone.

    Someone born on 29 February turns 23 on 1 March of a year that is not a leap year.
    """
    year = birth_date.year + VERWIJSINDEX_AGE_LIMIT.value
    try:
        return birth_date.replace(year=year)
    except ValueError:  # 29 February in a common year
        return dt.date(year, 3, 1)


def signatures_needed(consent: Consent) -> tuple[bool, bool]:
    """(child signs, parents sign) for a plan or decision under `consent`."""
    return consent.child_consents, consent.parents_consent
