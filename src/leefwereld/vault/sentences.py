"""The access log in plain Dutch (B1) sentences for the resident.

"Marieke de Vries (Wijkteam Noord) las uw gegevens over Geld en schulden op 3 maart,
voor: schuldhulp."
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from .models import AccessLog


def join_words(words: list[str]) -> str:
    """ "a", "a en b", "a, b en c"."""
    words = [w for w in words if w]
    if not words:
        return ""
    if len(words) == 1:
        return words[0]
    return _("%(first)s en %(last)s") % {"first": ", ".join(words[:-1]), "last": words[-1]}


# More topics than this in one sentence is a list nobody reads (a refused attempt on a
# whole file names every category): the sentence then gives their number instead.
MAX_TOPICS_NAMED = 3


def topics(labels: list[str]) -> str:
    """ "Geld en schulden", or "12 onderwerpen" when there are too many to read."""
    named = [label for label in labels if label]
    if len(named) > MAX_TOPICS_NAMED:
        return _("%(count)s onderwerpen") % {"count": len(named)}
    return join_words(named)


def when(row: AccessLog) -> str:
    local = timezone.localtime(row.occurred_at)
    fmt = "j F" if local.year == timezone.localdate().year else "j F Y"
    return _("%(date)s om %(time)s") % {
        "date": formats.date_format(local, fmt),
        "time": formats.time_format(local, "H:i"),
    }


def who(row: AccessLog, viewer_id: int | None) -> str:
    if viewer_id is not None and row.user_id == viewer_id:
        return _("U")
    name = row.user.display_name
    if row.organisation_id:
        return _("%(name)s (%(organisation)s)") % {
            "name": name,
            "organisation": row.organisation.name,  # type: ignore[union-attr]
        }
    return name


@dataclass(frozen=True)
class Sentence:
    text: str
    refused: bool
    break_glass: bool
    row: AccessLog


def sentence(row: AccessLog, viewer_id: int | None = None) -> Sentence:
    """One log row as one sentence. `viewer_id` is the user reading the log ("U ...")."""
    subject = who(row, viewer_id)
    about = topics(row.category_labels) or _("uw gegevens")
    moment = when(row)
    purpose = row.purpose
    if row.outcome == AccessLog.Outcome.REFUSED:
        text = _(
            "%(who)s probeerde uw gegevens over %(topics)s te openen op %(when)s, maar had "
            "geen toegang. Er is niets getoond."
        ) % {"who": subject, "topics": about, "when": moment}
    elif row.event == AccessLog.Event.BASIC_REGISTRATION:
        text = _("%(who)s zag uw naam, adres en BSN op %(when)s.") % {
            "who": subject,
            "when": moment,
        }
    elif row.event == AccessLog.Event.EXPORT:
        text = _("%(who)s downloadde al uw gegevens op %(when)s.") % {
            "who": subject,
            "when": moment,
        }
    elif row.break_glass_used:
        text = _(
            "%(who)s opende uw gegevens over %(topics)s met noodtoegang op %(when)s. "
            "De ombudsman controleert of dat terecht was."
        ) % {"who": subject, "topics": about, "when": moment}
    else:
        verbs = {
            AccessLog.Action.READ: _("%(who)s las uw gegevens over %(topics)s op %(when)s"),
            AccessLog.Action.CREATE: _(
                "%(who)s schreef nieuwe gegevens over %(topics)s op %(when)s"
            ),
            AccessLog.Action.UPDATE: _("%(who)s wijzigde uw gegevens over %(topics)s op %(when)s"),
            AccessLog.Action.DELETE: _("%(who)s verwijderde gegevens over %(topics)s op %(when)s"),
        }
        text = verbs[AccessLog.Action(row.action)] % {
            "who": subject,
            "topics": about,
            "when": moment,
        }
        if row.authorisation in (
            AccessLog.Authorisation.OWN,
            AccessLog.Authorisation.REPRESENTATIVE,
        ):
            text += "."
        else:
            text += _(", voor: %(purpose)s.") % {"purpose": purpose}
    return Sentence(
        text=text,
        refused=row.outcome == AccessLog.Outcome.REFUSED,
        break_glass=row.break_glass_used,
        row=row,
    )
