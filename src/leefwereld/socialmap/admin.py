from django.contrib import admin

from . import services
from .models import Offer, OfferProposal


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "kind", "approved_at"]
    list_filter = ["kind", "access"]
    search_fields = ["name", "organisation__name"]
    list_select_related = ["organisation"]
    exclude = ["search_document", "search_stems", "search_vector"]

    def save_model(self, request, obj, form, change):
        # A text changed here must be findable under its new words.
        services.save_and_reindex(obj)


@admin.register(OfferProposal)
class OfferProposalAdmin(admin.ModelAdmin):
    list_display = ["__str__", "organisation", "status", "proposed_at"]
    list_filter = ["status"]
