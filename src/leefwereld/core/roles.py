"""The roles of the platform and what they group into.

One role per account keeps authorisation legible: what a person may see follows from the
role plus their memberships and the grants a resident gave (the vault), never from ad-hoc
flags.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    RESIDENT = "resident", _("Inwoner")
    NETWORK_MEMBER = "network_member", _("Netwerklid")
    PROFESSIONAL = "professional", _("Professional")
    TEAM_LEAD = "team_lead", _("Teamleider")
    DEBT_OFFICER = "debt_officer", _("Medewerker schuldenfonds")
    OMBUDSMAN = "ombudsman", _("Ombudsman")
    POLICY_OFFICER = "policy_officer", _("Beleidsmedewerker")
    COUNCIL_MEMBER = "council_member", _("Raadslid")
    ADMINISTRATOR = "administrator", _("Beheerder")
    # Staff of a contracted provider (a care organisation or a self-employed zzp'er): sees
    # only its own organisation's allocations and declarations (finance).
    PROVIDER = "provider", _("Zorgaanbieder")
    # The municipality's budget holder and controller: budgets, reserve, declarations and
    # payment batches (finance); sees amounts and allocations, never a resident's records.
    CONTROLLER = "controller", _("Budgethouder")
    # A member of the advisory council for the social domain (adviesraad sociaal domein).
    ADVISORY_COUNCIL = "advisory_council", _("Adviesraad")


# Roles that act for the municipality or a partner organisation and therefore must use a
# second factor. Residents and their network log in with DigiD in production instead.
STAFF_ROLES = frozenset(
    {
        Role.PROFESSIONAL,
        Role.TEAM_LEAD,
        Role.DEBT_OFFICER,
        Role.OMBUDSMAN,
        Role.POLICY_OFFICER,
        Role.COUNCIL_MEMBER,
        Role.ADMINISTRATOR,
        Role.PROVIDER,
        Role.CONTROLLER,
        Role.ADVISORY_COUNCIL,
    }
)

# Roles that work with residents' cases (caseloads, intakes, referrals).
CASEWORK_ROLES = frozenset({Role.PROFESSIONAL, Role.TEAM_LEAD, Role.DEBT_OFFICER})

# Roles that act for an organisation (and so maintain its offers on the sociale kaart).
ORGANISATION_ROLES = frozenset(
    {Role.PROFESSIONAL, Role.TEAM_LEAD, Role.DEBT_OFFICER, Role.POLICY_OFFICER, Role.ADMINISTRATOR}
)

# The home page each role lands on after login.
HOME_URL_NAMES = {
    Role.RESIDENT: "resident_home",
    Role.NETWORK_MEMBER: "resident_home",
    Role.PROFESSIONAL: "professional_home",
    Role.TEAM_LEAD: "professional_home",
    Role.DEBT_OFFICER: "professional_home",
    Role.OMBUDSMAN: "professional_home",
    Role.POLICY_OFFICER: "council_home",
    Role.COUNCIL_MEMBER: "council_home",
    Role.ADMINISTRATOR: "administrator_home",
    Role.PROVIDER: "professional_home",
    Role.CONTROLLER: "council_home",
    Role.ADVISORY_COUNCIL: "council_home",
}
