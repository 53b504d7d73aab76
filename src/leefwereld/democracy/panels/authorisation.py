"""How every URL and API operation of the citizen panels is classified for the
authorisation matrix (tests/test_authorisation_matrix.py reads URLS and OPERATIONS).

Three kinds:

* public — no login, no personal data: volunteers appear only by their random public id;
* municipality — policy officers and administrators only (`role_required`), shows the
  names and contact details volunteers gave (never data from the vault);
* action — POST only (`require_POST`), answers with a redirect, shows nothing itself.

The panels' own tests check the claims: the public page and the API show no names
(test_public.py), residents get 403 on the municipality's pages (test_setup.py).
"""

PUBLIC = "public: no login, no personal data (anonymous public ids only)"
MUNICIPALITY = "policy officer and administrator only: volunteers' names and contact details"
MUNICIPALITY_NO_PERSONAL_DATA = "policy officer and administrator only: no personal data"
ACTION = "POST only, policy officer and administrator: changes state and redirects"

URLS: dict[str, str] = {
    "panels:list": PUBLIC,
    "panels:public": PUBLIC,
    "panels:lottery_file": PUBLIC + "; the published lottery file",
    "panels:replacement_file": PUBLIC + "; the published lottery of a replacement round",
    "panels:register": "public: a resident with a letter registers; the code is the credential, "
    "the page shows only what the visitor typed",
    "panels:registered": "public: shows the visitor's own anonymous id once (from the session)",
    "panels:manage": MUNICIPALITY_NO_PERSONAL_DATA,
    "panels:create": MUNICIPALITY_NO_PERSONAL_DATA,
    "panels:manage_panel": MUNICIPALITY_NO_PERSONAL_DATA + " (aggregates and the event log)",
    "panels:edit": MUNICIPALITY_NO_PERSONAL_DATA,
    "panels:quotas": MUNICIPALITY_NO_PERSONAL_DATA,
    "panels:invite": MUNICIPALITY
    + "; the POST answer is the letters PDF (residents' names and addresses, not cached)",
    "panels:pool": MUNICIPALITY,
    "panels:selection": MUNICIPALITY_NO_PERSONAL_DATA,
    "panels:run": MUNICIPALITY_NO_PERSONAL_DATA + " (probabilities by anonymous id)",
    "panels:run_progress": MUNICIPALITY_NO_PERSONAL_DATA + " (htmx fragment)",
    "panels:draw": MUNICIPALITY + " (the drawn members, to contact them)",
    "panels:transition": ACTION,
    "panels:resuggest": ACTION,
    "panels:add_category": ACTION,
    "panels:remove_category": ACTION,
    "panels:import_pool": ACTION + "; on errors it lists the file's problems (line, column, value)",
    "panels:withdraw": ACTION,
    "panels:start_selection": ACTION,
    "panels:cancel_run": ACTION,
    "panels:relax": ACTION,
    "panels:publish": ACTION,
    "panels:dropout": ACTION,
    "panels:prepare_replacements": ACTION,
    # The API router's URL names (the operations are classified below).
    "panel-list": PUBLIC,
    "panel-detail": PUBLIC,
}

OPERATIONS: dict[tuple[str, str], str] = {
    ("/api/v1/panels/", "get"): PUBLIC,
    ("/api/v1/panels/{id}/", "get"): PUBLIC,
}
