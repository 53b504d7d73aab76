from django.contrib import admin

from .models import Offer, OfferProposal


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "kind", "approved_at"]
    list_filter = ["kind", "access"]
    search_fields = ["name", "organisation__name"]
    list_select_related = ["organisation"]
    exclude = ["search_document", "search_stems"]


@admin.register(OfferProposal)
class OfferProposalAdmin(admin.ModelAdmin):
    list_display = ["__str__", "organisation", "status", "proposed_at"]
    list_filter = ["status"]
