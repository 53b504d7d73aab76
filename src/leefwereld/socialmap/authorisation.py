"""How every page and API operation of the sociale kaart is classified for the
authorisation matrix (tests/test_authorisation_matrix.py reads URLS and OPERATIONS).

The sociale kaart holds no personal data of residents: an offer is an organisation's
public information (its name, texts, opening hours, the organisation's own phone number
and e-mail address). Who may do what:

* everyone, without logging in: search, an approved offer, the printable list per
  neighbourhood, the CSV download and the public API — approved offers only, a
  proposal or unapproved offer is never shown (404);
* people working for an organisation (core.roles.ORGANISATION_ROLES): their own
  organisations' offers and proposals, and proposing new offers or changes for an
  organisation they are a member of (services.can_maintain; anyone else gets 403);
* the municipality (policy officers, administrators): the review queue, approving or
  rejecting proposals, importing CSV files.

Each entry starts with one of the constants below; socialmap/tests/test_authorisation.py
opens every page as every role and as an anonymous visitor and checks the outcome that
the constant promises.
"""

PUBLIC = "public, no login: approved offers only; no personal data"
PROVIDER = (
    "organisation roles (professional, team lead, debt officer, policy officer, "
    "administrator): their own organisations' offers and proposals; no resident data"
)
MAINTAIN = (
    "members of the organisation, and the municipality's reviewers: a proposal form "
    "(services.can_maintain, else 403); no resident data"
)
REVIEWER = (
    "the municipality (policy officer, administrator): pending proposals with the "
    "proposer's name; no resident data"
)
ACTION = (
    "POST only (GET answers 405), the municipality's reviewers; changes state through services.py"
)
API = "see OPERATIONS"

URLS: dict[str, str] = {
    "socialmap:search": PUBLIC,
    "socialmap:detail": PUBLIC,
    "socialmap:print": PUBLIC,
    "socialmap:export": PUBLIC,
    "socialmap:my_offers": PROVIDER,
    "socialmap:propose_new": MAINTAIN,
    "socialmap:propose_change": MAINTAIN,
    "socialmap:review_queue": REVIEWER,
    "socialmap:review": ACTION + " (approve, or reject with a reason)",
    "socialmap:import": ACTION + " (an all-or-nothing CSV import)",
    # The public API (router names; classified per operation below).
    "offer-list": API,
    "offer-detail": API,
}

OPERATIONS: dict[tuple[str, str], str] = {
    ("/api/v1/offers/", "get"): PUBLIC + " (filters q, domain, neighbourhood, age)",
    ("/api/v1/offers/{id}/", "get"): PUBLIC,
}
