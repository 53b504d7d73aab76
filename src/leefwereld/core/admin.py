from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import (
    Address,
    Household,
    HouseholdAddress,
    Membership,
    Municipality,
    Neighbourhood,
    NeighbourhoodTeam,
    Organisation,
    Resident,
    User,
)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(User)
class LeefwereldUserAdmin(UserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "is_active"]
    list_filter = ["role", "is_active"]
    fieldsets = (*(UserAdmin.fieldsets or ()), ("Leefwereld", {"fields": ("role", "phone")}))
    inlines = [MembershipInline]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "cbs_code"]


@admin.register(Neighbourhood)
class NeighbourhoodAdmin(admin.ModelAdmin):
    list_display = ["name", "cbs_code", "population", "area_hectares", "municipality"]
    search_fields = ["name", "cbs_code"]


@admin.register(Address)
class AddressAdmin(admin.ModelAdmin):
    list_display = ["__str__", "postcode", "neighbourhood"]
    search_fields = ["street", "postcode"]
    list_select_related = ["neighbourhood"]
    autocomplete_fields = ["neighbourhood"]


class HouseholdAddressInline(admin.TabularInline):
    model = HouseholdAddress
    extra = 0
    readonly_fields = ["address", "moved_in", "moved_out"]
    can_delete = False


@admin.register(Household)
class HouseholdAdmin(admin.ModelAdmin):
    list_display = ["pk", "address"]
    list_select_related = ["address"]
    raw_id_fields = ["address"]
    inlines = [HouseholdAddressInline]


@admin.register(Resident)
class ResidentAdmin(admin.ModelAdmin):
    list_display = ["full_name", "birth_date", "household"]
    search_fields = ["surname", "bsn"]
    raw_id_fields = ["household", "user", "legal_representative", "parents"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "phone", "email"]
    list_filter = ["kind"]
    search_fields = ["name"]


@admin.register(NeighbourhoodTeam)
class NeighbourhoodTeamAdmin(admin.ModelAdmin):
    filter_horizontal = ["neighbourhoods"]
