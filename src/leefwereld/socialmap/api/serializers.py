from rest_framework import serializers

from ..models import Offer


class OfferSerializer(serializers.ModelSerializer):
    organisation = serializers.CharField(source="organisation.name")
    domains = serializers.SerializerMethodField()
    neighbourhoods = serializers.SerializerMethodField()

    class Meta:
        model = Offer
        fields = [
            "id",
            "name",
            "description",
            "organisation",
            "domains",
            "neighbourhoods",
            "target_group",
            "min_age",
            "max_age",
            "kind",
            "costs",
            "access",
            "opening_hours",
            "address",
            "phone",
            "email",
            "website",
            "accessibility",
        ]

    def get_domains(self, offer: Offer) -> list[str]:
        return [link.domain for link in offer.domain_links.all()]

    def get_neighbourhoods(self, offer: Offer) -> list[str]:
        return [n.cbs_code for n in offer.neighbourhoods.all()]
