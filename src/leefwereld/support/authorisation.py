"""Support's entries for the authorisation matrix (tests/test_authorisation_matrix.py).

Every page decides access through the vault: `services.may_see` / `may_see_household`
(any basis for the resident now), `can_write_household` (a writing basis), and every
content read is `vault.access.read_record` / `read_records`, which refuse and log without
a basis. Tested in support/tests/test_pages.py (`test_strangers_get_403`) and the API test.
"""

_CASE = "professional or team lead with a vault basis (grant or legal basis) for the resident"
_HOUSEHOLD = "household member, network member with a grant, or professional with a basis"

URLS = {
    "support:deadlines": "professional/team lead: the melding dates of their caseload",
    "support:melding_new": _CASE + "; the question is written through the vault",
    "support:case": _CASE,
    "support:intake": _CASE,
    "support:report": _HOUSEHOLD + " (read_record)",
    "support:report_pdf": _HOUSEHOLD + " (read_record)",
    "support:application_new": _CASE,
    "support:decide": _CASE,
    "support:decision": _HOUSEHOLD + " (read_record)",
    "support:letter_pdf": _HOUSEHOLD + " (read_record)",
    "support:my_support": "the resident only: their own requests",
    "support:receipt": "the resident only: their own request",
    "support:plan": _HOUSEHOLD + " (read_record of the current version)",
    "support:plan_compare": _HOUSEHOLD,
    "support:plan_pdf": _HOUSEHOLD,
    "support:plan_start": "POST; a writing basis for the household",
    "support:plan_edit": "a writing basis for the household (the resident always)",
    "support:measure": "a writing basis for the household",
    "support:plan_sign": (
        "POST; household residents, and network members the household invited to co-sign "
        "who can read the plan (active membership + grant)"
    ),
    "support:plan_coach": (
        "the household's resident, or a professional/team lead with a writing basis; "
        "candidates are members of organisations with a writing basis for the household"
    ),
    "support:plan_cosigners": "POST; a resident of the household only",
    "support-plan-list": "metadata of visible households only (set-based)",
    "support-plan-detail": "visible households; content via read_record (logged)",
    "support-measurement-list": "visible household; scores via read_records (logged)",
    "support-decision-list": "metadata of visible decisions only",
    "support-decision-detail": "visible decisions; content via read_record (logged)",
}
OPERATIONS = {
    ("/api/v1/support/plans/", "get"): URLS["support-plan-list"],
    ("/api/v1/support/plans/{id}/", "get"): URLS["support-plan-detail"],
    ("/api/v1/support/measurements/", "get"): URLS["support-measurement-list"],
    ("/api/v1/support/measurements/", "post"): "a writing basis for the household (vault)",
    ("/api/v1/support/decisions/", "get"): URLS["support-decision-list"],
    ("/api/v1/support/decisions/{id}/", "get"): URLS["support-decision-detail"],
}
