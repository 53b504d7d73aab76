"""Keep offers findable under their organisation's current name (search looks in it)."""

from __future__ import annotations

from django.db.models.signals import post_save
from django.dispatch import receiver

from leefwereld.core.models import Organisation

from . import services
from .models import Offer


@receiver(post_save, sender=Organisation, dispatch_uid="socialmap-reindex-organisation")
def reindex_after_organisation_change(sender, instance: Organisation, created: bool, **kwargs):
    if created or kwargs.get("raw"):
        return
    # An organisation is saved rarely and has a handful of offers: recompute them all.
    offers = Offer.objects.filter(organisation=instance)
    if offers.exists():
        services.reindex_offers(offers)
