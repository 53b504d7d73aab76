"""How every page and API operation of the debt fund is classified for the authorisation
matrix (tests/test_authorisation_matrix.py reads URLS and OPERATIONS).

Who sees what:

* debt officers (role debt_officer): signals, outreach and cases; a resident's name and
  address are logged as a basic-registration read; the inventory and the income figures
  only through the vault, with the Wgs legal basis recorded when the case opens (logged);
* the resident: their own household's case, read from their own vault (logged);
* signal partners (members of a creditor organisation): their own signals and *whether*
  each was picked up — never a name, reason or outcome;
* debt officers, policy officers and council members: the fund's figures per month and a
  trial balance per kind of account, never a household.

Tests: debts/tests/test_pages_and_api.py.
"""

OFFICER = "debt officers only; names logged (basic registration)"
VAULT = OFFICER + "; debts and income through vault.access.read_records (Wgs legal basis, logged)"
ACTION = "POST only, debt officers: changes state through services.py and redirects"
FIGURES = "aggregates only (debt officers, policy officers, council members)"
SEE_OPERATIONS = "see OPERATIONS"

URLS: dict[str, str] = {
    "debts:dashboard": "debt officers; counts and case references only",
    "debts:signals": OFFICER + "; the review queue shows the signal's identity and a candidate",
    "debts:signal_import": ACTION + " (CSV upload, all or nothing)",
    "debts:signal_review": ACTION,
    "debts:outreach": "debt officers; addresses of households with signals",
    "debts:outreach_detail": OFFICER,
    "debts:outreach_contact": ACTION,
    "debts:outreach_close": ACTION,
    "debts:outreach_open_case": ACTION + " (records the Wgs legal basis in the vault)",
    "debts:cases": OFFICER,
    "debts:case_walk_in": "debt officers; GET shows an empty form; POST looks a resident up by"
    " BSN + birth date (basic-registration read, logged) and opens a case (Wgs basis)",
    "debts:case_detail": VAULT,
    "debts:case_advance": ACTION,
    "debts:case_moratorium": ACTION,
    "debts:case_add_debt": ACTION + " (writes through vault.access.write_record)",
    "debts:case_capacity": ACTION + " (writes through vault.access.write_record)",
    "debts:case_offers": ACTION + " (reads the inventory through the vault, logged)",
    "debts:case_takeover": ACTION,
    "debts:case_compulsory": OFFICER + "; printable dwangakkoord letters (Fw 287a): the"
    " debtor's name and address (logged), claims and offers from the fund's own offers",
    "debts:case_repayment": ACTION,
    "debts:case_goal": ACTION,
    "debts:case_change_arrangement": ACTION
    + " (a new payment-capacity record through vault.access.write_record)",
    "debts:case_aftercare": ACTION,
    "debts:offer_respond": ACTION,
    "debts:offer_court": ACTION + " (reads the capacity through the vault, logged)",
    "debts:instruction_paid": ACTION,
    "debts:goal_reached": ACTION,
    "debts:refusals": "debt officers; creditor names, amounts and case references, no names",
    "debts:escalations": "debt officers (all) and team leads (cases of their own organisation);"
    " case references, deadlines and the officer's name, no resident's name",
    "debts:sepa_export": "debt officers; creditor names and IBANs, case references only",
    "debts:fund": FIGURES,
    "debts:fund_csv": FIGURES,
    "debts:fund_contribute": "POST only, debt and policy officers: books a contribution",
    "debts:partner": "members of a creditor organisation: own kenmerken and picked up yes/no",
    "debts:mine": "the resident: own household's case, read from their own vault (logged)",
    "debts:decline": "POST only, the resident: declines the offer of help for their household",
    "debt-signal-list": SEE_OPERATIONS,
    "debt-case-list": SEE_OPERATIONS,
    "debt-case-detail": SEE_OPERATIONS,
    "debt-fund-economics": SEE_OPERATIONS,
}

OPERATIONS: dict[tuple[str, str], str] = {
    (
        "/api/v1/debt-signals/",
        "get",
    ): "members of a creditor organisation: own kenmerken, picked up yes/no",
    (
        "/api/v1/debt-signals/",
        "post",
    ): "signal partners (own organisation) and debt officers; all or nothing",
    (
        "/api/v1/debt-cases/",
        "get",
    ): "debt officers; process fields only (no names, no vault content)",
    (
        "/api/v1/debt-cases/{id}/",
        "get",
    ): "debt officers; process fields only (no names, no vault content)",
    ("/api/v1/debt-fund/economics/", "get"): FIGURES,
}
