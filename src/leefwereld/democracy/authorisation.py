"""How every page and API operation of Meedoen is classified for the authorisation matrix
(tests/test_authorisation_matrix.py reads URLS and OPERATIONS).

Meedoen publishes what residents decide together; it shows no personal data except:

* the voting-code file (names and addresses of residents who vote on paper, with their
  codes): policy officers only, made on a POST and never stored;
* a resident's own eligibility and own ballot while voting is open (the vote page);
* contact persons of an initiative (professionals' names, by their own choice): logged-in
  users only.

Hardship decisions under a blocking rule are published on the rule's page as anonymous
facts (date, law, deciding organisation, a description without personal data); who
recorded one is never shown, and there is no link to a resident.

Who proposed, supported, voted or reported is never shown. Drafts and analysis rounds are
for policy officers, council members and administrators (services.visible_rounds).
Tests: democracy/tests/test_pages.py, test_api.py, test_authorisation.py.
"""

PUBLIC = "public (no login): published data only, no person"
PUBLIC_CODE = PUBLIC + "; a voting-code form (wrong codes throttled per address)"
LOGGED_IN = "logged-in, no personal data"
OWN = "personal data: the resident's own eligibility and own ballot only (resident)"
ACTION = "POST only: changes state through services.py, answers with a redirect; shows nothing"
OFFICER = "logged-in, no personal data: policy officers only (403 for other roles)"
COUNCIL = "logged-in, no personal data: council members and policy officers (aggregates)"
CODES = (
    "personal data: names, addresses and one-time codes of paper voters, as a download on "
    "POST; policy officers only; codes are never stored"
)

URLS: dict[str, str] = {
    "democracy:index": PUBLIC,
    "democracy:round_list": PUBLIC,
    "democracy:round_detail": PUBLIC + " (drafts/analysis rounds: staff who run them)",
    "democracy:round_result": PUBLIC + " (only after voting closed)",
    "democracy:project_detail": PUBLIC,
    "democracy:vote_with_code": PUBLIC_CODE,
    "democracy:propose": LOGGED_IN + ": a form (residents of the round's area)",
    "democracy:project_support": ACTION + " (residents of the round's area)",
    "democracy:vote": OWN,
    "democracy:round_export": (
        "logged-in, no personal data: anonymous ballots as pabulib, after closing; "
        "policy officers, council members, administrators"
    ),
    "democracy:manage": OFFICER,
    "democracy:round_create": OFFICER,
    "democracy:round_import": OFFICER,
    "democracy:round_manage": OFFICER + " (counts of voters and codes, no names)",
    "democracy:round_transition": ACTION + " (policy officers)",
    "democracy:voting_codes": CODES,
    "democracy:project_review": OFFICER,
    "democracy:realisation_update": OFFICER,
    "democracy:initiative_list": PUBLIC,
    "democracy:initiative_detail": PUBLIC
    + " (contact persons' names, professionals by choice, only when logged in)",
    "democracy:initiative_create": LOGGED_IN + ": a form (residents)",
    "democracy:initiative_answer": OFFICER,
    "democracy:initiative_link": LOGGED_IN + ": the initiator or a policy officer",
    "democracy:initiative_contact": (
        LOGGED_IN + ": professionals, team leads, policy officers (a list of staff names for "
        "policy officers)"
    ),
    "democracy:grant_create": OFFICER,
    "democracy:grant_report": LOGGED_IN + ": the initiator or a policy officer",
    "democracy:rule_list": PUBLIC,
    "democracy:rule_detail": PUBLIC,
    "democracy:rule_report": LOGGED_IN + ": a form (any role)",
    "democracy:rule_support": ACTION + " (any logged-in user)",
    "democracy:rule_status": OFFICER,
    "democracy:rule_hardship": (
        "logged-in, no personal data: a form to record an anonymous hardship decision "
        "(professionals, team leads, debt officers, policy officers; 403 for other roles)"
    ),
    "democracy:council": COUNCIL,
    "democracy:challenge_list": PUBLIC,
    "democracy:challenge_detail": PUBLIC,
    "democracy:challenge_create": LOGGED_IN + ": a form (residents)",
    "democracy:challenge_join": ACTION + " (residents)",
    "democracy:challenge_criteria": OFFICER,
    "democracy:challenge_decide": OFFICER,
    # The API (router names; classified per operation below).
    "democracy-round-list": "see OPERATIONS",
    "democracy-round-detail": "see OPERATIONS",
    "democracy-round-result": "see OPERATIONS",
    "democracy-project-list": "see OPERATIONS",
    "democracy-project-detail": "see OPERATIONS",
    "democracy-project-support": "see OPERATIONS",
    "democracy-initiative-list": "see OPERATIONS",
    "democracy-initiative-detail": "see OPERATIONS",
    "democracy-rule-list": "see OPERATIONS",
    "democracy-rule-detail": "see OPERATIONS",
    "democracy-rule-support": "see OPERATIONS",
    "democracy-challenge-list": "see OPERATIONS",
    "democracy-challenge-detail": "see OPERATIONS",
}

API_WRITE = "logged-in: creates through services.py; no personal data in the answer"

OPERATIONS: dict[tuple[str, str], str] = {
    ("/api/v1/budget-rounds/", "get"): PUBLIC + " (drafts/analysis rounds: staff)",
    ("/api/v1/budget-rounds/{id}/", "get"): PUBLIC + " (drafts/analysis rounds: staff)",
    ("/api/v1/budget-rounds/{id}/result/", "get"): PUBLIC + " (after voting closed)",
    ("/api/v1/budget-projects/", "get"): PUBLIC,
    ("/api/v1/budget-projects/", "post"): API_WRITE + " (residents of the round's area)",
    ("/api/v1/budget-projects/{id}/", "get"): PUBLIC,
    ("/api/v1/budget-projects/{id}/support/", "post"): API_WRITE + " (residents)",
    ("/api/v1/budget-projects/{id}/support/", "delete"): API_WRITE + " (residents)",
    ("/api/v1/initiatives/", "get"): PUBLIC,
    ("/api/v1/initiatives/", "post"): API_WRITE + " (residents)",
    ("/api/v1/initiatives/{id}/", "get"): PUBLIC,
    ("/api/v1/blocking-rules/", "get"): PUBLIC,
    ("/api/v1/blocking-rules/", "post"): API_WRITE + " (any role)",
    ("/api/v1/blocking-rules/{id}/", "get"): PUBLIC,
    ("/api/v1/blocking-rules/{id}/support/", "post"): API_WRITE + " (any role)",
    ("/api/v1/blocking-rules/{id}/support/", "delete"): API_WRITE + " (any role)",
    ("/api/v1/challenges/", "get"): PUBLIC,
    ("/api/v1/challenges/{id}/", "get"): PUBLIC,
}
