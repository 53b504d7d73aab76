from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from leefwereld.core.bsn import is_valid_bsn, normalise_bsn
from leefwereld.core.models import Organisation

from .models import Access, Decision, Product


class RegisterForm(forms.Form):
    bsn = forms.CharField(label=_("BSN van de jeugdige"), max_length=11)
    route = forms.ChoiceField(label=_("Hoe kwam de jeugdige binnen?"), choices=Access.Route.choices)
    team = forms.ModelChoiceField(label=_("Wijkteam"), queryset=Organisation.objects.none())
    product = forms.ModelChoiceField(label=_("Product"), queryset=Product.objects.all())
    provider = forms.ModelChoiceField(
        label=_("Aanbieder"),
        queryset=Organisation.objects.filter(youth_products__isnull=False).distinct(),
    )
    received_on = forms.DateField(
        label=_("Ontvangen op"), widget=forms.DateInput(attrs={"type": "date"})
    )
    referrer_name = forms.CharField(
        label=_("Naam van de verwijzer (bij een verwijzing)"), max_length=120, required=False
    )
    referrer_agb = forms.CharField(
        label=_("AGB-code van de verwijzer (bij een verwijzing)"), max_length=8, required=False
    )
    volume = forms.IntegerField(label=_("Omvang (bij een verwijzing)"), min_value=0, required=False)
    starts_on = forms.DateField(
        label=_("Ingangsdatum (bij een verwijzing)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    ends_on = forms.DateField(
        label=_("Einddatum (bij een verwijzing)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams  # type: ignore[attr-defined]

    def clean_bsn(self) -> str:
        bsn = normalise_bsn(self.cleaned_data["bsn"])
        if not is_valid_bsn(bsn):
            raise forms.ValidationError(_("Dit is geen geldig BSN (9 cijfers, elfproef)."))
        return bsn


class DecideForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Besluit"),
        choices=[
            (Decision.Outcome.GRANTED, _("Toekennen")),
            (Decision.Outcome.REFUSED, _("Afwijzen")),
        ],
        widget=forms.RadioSelect,
    )
    volume = forms.IntegerField(label=_("Omvang"), min_value=0, required=False)
    starts_on = forms.DateField(
        label=_("Ingangsdatum"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(
        label=_("Einddatum"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class VoiceForm(forms.Form):
    text = forms.CharField(
        label=_("Wat vind jij zelf van deze hulp?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
