"""What each role may see of the basic registration through the API.

Every queryset is narrowed in one query (set-based), never by checking rows one by one.
Until the vault arrives, the rule is: residents see their own household; case workers see
the residents of the neighbourhoods their teams cover; the administrator sees everything;
council members and policy officers see aggregates only, never persons.
"""

from django.db.models import Q, QuerySet

from leefwereld.core.models import Household, Resident, User
from leefwereld.core.roles import CASEWORK_ROLES, Role


def neighbourhoods_of(user: User) -> Q:
    return Q(organisation__memberships__user=user)


def visible_residents(user: User) -> QuerySet[Resident]:
    residents = Resident.objects.all()
    if user.role == Role.ADMINISTRATOR:
        return residents
    if user.role in CASEWORK_ROLES:
        return residents.filter(
            household__address__neighbourhood__teams__organisation__memberships__user=user
        ).distinct()
    if user.role == Role.RESIDENT:
        own = Resident.objects.filter(user=user).values("household_id")
        return residents.filter(Q(user=user) | Q(household_id__in=own))
    return residents.none()


def visible_households(user: User) -> QuerySet[Household]:
    households = Household.objects.all()
    if user.role == Role.ADMINISTRATOR:
        return households
    if user.role in CASEWORK_ROLES:
        return households.filter(
            address__neighbourhood__teams__organisation__memberships__user=user
        ).distinct()
    if user.role == Role.RESIDENT:
        return households.filter(members__user=user)
    return households.none()
