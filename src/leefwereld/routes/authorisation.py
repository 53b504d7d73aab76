"""How every page and API operation of the help routes is classified for the
authorisation matrix (tests/test_authorisation_matrix.py reads URLS and OPERATIONS).

Who sees what (services.visible_requests and the services' own checks):

* residents: their own requests and involvements, and those of children they represent;
* case workers: requests whose route passes one of their organisations (sent, received
  or escalated to it as the regie team), and the involvements and signals of their own
  organisations; the question itself only through the vault (grant, legal basis or
  break-glass), logged in the resident's access log;
* team leads: additionally, whether contact was made on their organisations' signals;
* council members and policy officers: aggregate figures, never a person;
* everyone else: nothing (403, or an empty list in the API).

Every page that shows a case worker a resident's name logs it
(vault.access.log_basic_registration_read). Tests: routes/tests/test_authorisation.py.
"""

OWN = "own data: the resident (or their legal representative), nobody else"
ROUTE = "case workers of organisations on the request's route (and the regie team); name logged"
ACTION = "POST only: changes state through services.py, answers with a redirect; shows nothing"
FORM = "a form; shows no personal data until submitted"
AGGREGATE = "aggregates per neighbourhood and organisation; council members, policy officers"

URLS: dict[str, str] = {
    "routes:where_am_i": OWN,
    "routes:request_new": OWN,
    "routes:my_request": OWN + "; the question through the vault's own-data read (logged)",
    "routes:pillar_to_post": ACTION + " (resident)",
    "routes:share": ACTION + " (resident gives a vault grant)",
    "routes:withdraw": ACTION + " (resident)",
    "routes:my_involvements": OWN + "; organisation names and dates only",
    "routes:worklist": ROUTE,
    "routes:request_open_for": FORM + " (case workers)",
    "routes:request_detail": ROUTE + "; the question only with a vault basis (logged)",
    "routes:refer": ROUTE + " (the organisation holding the request)",
    "routes:accept": ACTION + " (receiving organisation)",
    "routes:refuse": ACTION + " (receiving organisation)",
    "routes:escalate": ACTION + " (organisation holding the request)",
    "routes:close": ACTION + " (organisation holding the request)",
    "routes:add_note": ACTION + " (writes through the vault's access layer)",
    "routes:take_ownership": ACTION + " (the regie team)",
    "routes:involvements": (
        "case workers: their organisations' involvements and their own signals; names logged"
    ),
    "routes:involvement_new": FORM + " (case workers)",
    "routes:involvement_end": ACTION + " (the registering organisation)",
    "routes:signal_contact": ACTION + " (the signal's recipient)",
    "routes:involvement_team": (
        "team leads: signals of their organisations, contact made or not; names logged"
    ),
    "routes:figures": AGGREGATE,
    # The API (router names; classified per operation below).
    "routes-request-list": "see OPERATIONS",
    "routes-request-detail": "see OPERATIONS",
    "routes-request-accept": "see OPERATIONS",
    "routes-request-close": "see OPERATIONS",
    "routes-request-escalate": "see OPERATIONS",
    "routes-request-pillar-to-post": "see OPERATIONS",
    "routes-request-question": "see OPERATIONS",
    "routes-request-refer": "see OPERATIONS",
    "routes-request-refuse": "see OPERATIONS",
    "routes-request-share": "see OPERATIONS",
    "routes-request-take-ownership": "see OPERATIONS",
    "routes-request-withdraw": "see OPERATIONS",
    "routes-referral-list": "see OPERATIONS",
    "routes-referral-detail": "see OPERATIONS",
    "routes-involvement-list": "see OPERATIONS",
    "routes-involvement-end": "see OPERATIONS",
    "routes-signal-list": "see OPERATIONS",
    "routes-signal-contact-made": "see OPERATIONS",
}

API_ROUTE = "residents: own; case workers: requests on their organisations' routes (logged)"

OPERATIONS: dict[tuple[str, str], str] = {
    ("/api/v1/help-requests/", "get"): API_ROUTE + "; routing metadata only",
    ("/api/v1/help-requests/", "post"): "opens a request through services.open_request",
    ("/api/v1/help-requests/{id}/", "get"): API_ROUTE + "; routing metadata only",
    (
        "/api/v1/help-requests/{id}/question/",
        "get",
    ): "the question through vault.access.read_record (grant, basis, break-glass, own; logged)",
    ("/api/v1/help-requests/{id}/refer/", "post"): "organisation holding the request",
    ("/api/v1/help-requests/{id}/accept/", "post"): "receiving organisation",
    ("/api/v1/help-requests/{id}/refuse/", "post"): "receiving organisation",
    ("/api/v1/help-requests/{id}/escalate/", "post"): "organisation holding the request",
    ("/api/v1/help-requests/{id}/pillar-to-post/", "post"): "the resident",
    ("/api/v1/help-requests/{id}/take-ownership/", "post"): "the regie team",
    ("/api/v1/help-requests/{id}/close/", "post"): "organisation holding the request",
    ("/api/v1/help-requests/{id}/share/", "post"): "the resident (a vault grant)",
    ("/api/v1/help-requests/{id}/withdraw/", "post"): "the resident",
    (
        "/api/v1/referrals/",
        "get",
    ): "handovers of visible requests: organisations and dates, no resident",
    ("/api/v1/referrals/{id}/", "get"): "one handover of a visible request",
    (
        "/api/v1/involvements/",
        "get",
    ): "case workers: own organisations' registrations; residents: organisation names only",
    ("/api/v1/involvements/", "post"): "case workers register for their own organisation",
    ("/api/v1/involvements/{id}/end/", "post"): "the registering organisation",
    (
        "/api/v1/involvement-signals/",
        "get",
    ): "the signal's recipient: other professionals' contact details, never content",
    ("/api/v1/involvement-signals/{id}/contact-made/", "post"): "the signal's recipient",
}
