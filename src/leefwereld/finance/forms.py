"""Finance forms: read and bound what people type; the verbs check the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from leefwereld.core.models import Neighbourhood
from leefwereld.core.numbers import BoundedIntegerField, EuroField
from leefwereld.democracy.models import BlockingRule
from leefwereld.rules import products

from .models import Law, ProviderProfile, Purpose


def _choices(table: dict[str, str]) -> list[tuple[str, str]]:
    return [(code, f"{code} – {name}") for code, name in table.items()]


class AllocationForm(forms.Form):
    product_code = forms.ChoiceField(
        label=_("Product"),
        choices=[
            (p.code, f"{p.code} – {p.name}")
            for p in products.PRODUCTS.values()
            if p.variant != products.TAAK
        ],
    )
    provider = forms.ModelChoiceField(
        label=_("Aanbieder"),
        queryset=ProviderProfile.objects.select_related("organisation").order_by(
            "organisation__name"
        ),
    )
    volume = BoundedIntegerField(label=_("Omvang"), minimum=1, maximum=100_000)
    unit = forms.ChoiceField(label=_("Eenheid"), choices=_choices(products.UNITS))
    frequency = forms.ChoiceField(label=_("Frequentie"), choices=_choices(products.FREQUENCIES))
    start = forms.DateField(label=_("Ingangsdatum"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("Einddatum"), widget=forms.DateInput(attrs={"type": "date"}))
    tariff = EuroField(label=_("Tarief per eenheid"), minimum=1)
    purpose = forms.ChoiceField(label=_("Doel"), choices=Purpose.choices)
    law = forms.ChoiceField(label=_("Wet"), choices=Law.choices)
    overrun_reason = forms.CharField(
        label=_("Reden als het budget overschreden wordt"), required=False, max_length=300
    )


class BudgetChangeForm(forms.Form):
    year = BoundedIntegerField(label=_("Jaar"), minimum=2000, maximum=2100)
    neighbourhood = forms.ModelChoiceField(
        label=_("Wijk"), queryset=Neighbourhood.objects.order_by("name")
    )
    purpose = forms.ChoiceField(label=_("Doel"), choices=Purpose.choices)
    amount = EuroField(label=_("Nieuw budget"))
    reason = forms.CharField(label=_("Reden en besluit"), max_length=300)


class DeclarationLineForm(forms.Form):
    toewijzingnummer = forms.CharField(label=_("Toewijzingnummer"), max_length=20)
    productcode = forms.CharField(label=_("Productcode"), max_length=5)
    begindatum = forms.CharField(
        label=_("Begin van de periode"), widget=forms.DateInput(attrs={"type": "date"})
    )
    einddatum = forms.CharField(
        label=_("Einde van de periode"), widget=forms.DateInput(attrs={"type": "date"})
    )
    aantal = forms.CharField(label=_("Aantal eenheden"), max_length=12)
    tarief = forms.CharField(label=_("Tarief per eenheid (euro)"), max_length=20)
    bedrag = forms.CharField(label=_("Bedrag (euro)"), max_length=20)


class DeclarationFileForm(forms.Form):
    file = forms.FileField(label=_("CSV-bestand met declaratieregels"))


class HardshipForm(forms.Form):
    amount = EuroField(label=_("Bedrag"), minimum=1)
    rule: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("De regel die in de weg zit"), queryset=BlockingRule.objects.none()
    )
    law = forms.ChoiceField(label=_("Wet"), choices=Law.choices)
    why = forms.CharField(label=_("Waarom doet de regel hier pijn?"), widget=forms.Textarea)
    alternatives = forms.CharField(
        label=_("Welke andere oplossingen zijn bekeken?"), widget=forms.Textarea
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rule"].queryset = BlockingRule.objects.order_by("title")  # type: ignore[attr-defined]


class DrawdownForm(forms.Form):
    amount = EuroField(label=_("Bedrag"), minimum=1)
    reason = forms.CharField(label=_("Reden"), max_length=300)
    link = forms.CharField(label=_("Waarvoor (verwijzing)"), max_length=200, required=False)
