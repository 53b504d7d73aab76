"""Who may open the council monitor: council members and policy officers (and the budget
holder and advisory council, who steer on the same figures) read it; council members and
policy officers set targets; the open-data version is public. No page shows a person."""

from __future__ import annotations

from leefwereld.core import policy
from leefwereld.core.roles import Role

READERS = policy.roles(policy.COUNCIL, Role.CONTROLLER, Role.ADVISORY_COUNCIL)
TARGET_SETTERS = policy.COUNCIL
AGGREGATE = "protected aggregates per neighbourhood and year (rules/disclosure.py)"

URLS: dict[str, policy.Policy] = {
    "monitor:monitor": policy.page(AGGREGATE, READERS),
    "monitor:csv": policy.page(AGGREGATE + " as CSV", READERS),
    "monitor:xlsx": policy.page(AGGREGATE + " as a spreadsheet", READERS),
    "monitor:report": policy.page(AGGREGATE + ": the yearly evaluation as PDF", READERS),
    "monitor:target": policy.action("sets a target for a neighbourhood", TARGET_SETTERS),
    "monitor:open": policy.public(AGGREGATE + ", without login: open data"),
    "monitor:open_csv": policy.public(AGGREGATE + ", the documented open-data CSV"),
}
OPERATIONS: dict[tuple[str, str], policy.Policy] = {}
