import datetime

import factory

from leefwereld.core.domains import LifeDomain
from leefwereld.core.tests.factories import OrganisationFactory
from leefwereld.socialmap.models import Offer, OfferDomain
from leefwereld.socialmap.services import index_offer, store_search_vectors


class OfferFactory(factory.django.DjangoModelFactory):
    """An approved offer; pass domains=[...] and neighbourhoods=[...] as needed."""

    class Meta:
        model = Offer
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Aanbod {n}")
    description = "Hulp in de wijk."
    kind = Offer.Kind.GENERAL
    access = Offer.Access.WALK_IN
    approved_at = factory.LazyFunction(lambda: datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC))

    @factory.post_generation
    def domains(self, create, extracted, **kwargs):
        domains = extracted or [LifeDomain.FINANCES]
        OfferDomain.objects.bulk_create(OfferDomain(offer=self, domain=d) for d in domains)
        index_offer(self, domains)
        self.save(update_fields=["search_document", "search_stems"])
        store_search_vectors(Offer.objects.filter(pk=self.pk))

    @factory.post_generation
    def neighbourhoods(self, create, extracted, **kwargs):
        if extracted:
            self.neighbourhoods.set(extracted)
