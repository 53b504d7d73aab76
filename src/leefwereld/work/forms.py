from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from leefwereld.core.numbers import EuroField

from .services import DAYTIME, LADDER, OBLIGATIONS, SOURCES

DATE = forms.DateInput(attrs={"type": "date", "class": "utrecht-textbox"})
TEXT = {"class": "utrecht-textbox"}
SELECT = {"class": "utrecht-select"}


class BenefitForm(forms.Form):
    receives = forms.TypedChoiceField(
        label=_("Krijgt deze persoon bijstand?"),
        choices=[("1", _("Ja")), ("0", _("Nee"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    since = forms.DateField(label=_("Sinds"), required=False, widget=DATE)
    obligations = forms.MultipleChoiceField(
        label=_("Verplichtingen"),
        choices=list(OBLIGATIONS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    source = forms.ChoiceField(
        label=_("Waar komt dit vandaan?"),
        choices=list(SOURCES.items()),
        widget=forms.Select(attrs=SELECT),
    )
    reference = forms.CharField(
        label=_("Kenmerk van de bron (mag leeg)"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs=TEXT),
    )


class LadderForm(forms.Form):
    step = forms.TypedChoiceField(
        label=_("Trede op de participatieladder"),
        choices=[(k, f"{k}. {v}") for k, v in LADDER.items()],
        coerce=int,
        widget=forms.RadioSelect,
    )
    measured_on = forms.DateField(label=_("Gemeten op"), widget=DATE)
    note = forms.CharField(
        label=_("Toelichting (mag leeg)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={**TEXT, "rows": 3}),
    )


class DaytimeForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Wat is het?"), choices=list(DAYTIME.items()), widget=forms.Select(attrs=SELECT)
    )
    provider = forms.CharField(
        label=_("Bij welke organisatie?"), max_length=200, widget=forms.TextInput(attrs=TEXT)
    )
    hours_per_week = forms.IntegerField(
        label=_("Uren per week"), min_value=1, max_value=40, widget=forms.NumberInput(attrs=TEXT)
    )
    starts_on = forms.DateField(label=_("Begint op"), widget=DATE)
    ends_on = forms.DateField(label=_("Eindigt op (mag leeg)"), required=False, widget=DATE)


class SchemesForm(forms.Form):
    age = forms.IntegerField(
        label=_("Uw leeftijd"), min_value=16, max_value=120, widget=forms.NumberInput(attrs=TEXT)
    )
    partner = forms.BooleanField(label=_("Ik woon samen of ben getrouwd"), required=False)
    aow = forms.BooleanField(label=_("Ik (of mijn partner) heb de AOW-leeftijd"), required=False)
    children_ages = forms.CharField(
        label=_("Leeftijden van uw kinderen, met komma's (mag leeg)"),
        help_text=_("Bijvoorbeeld: 4, 14"),
        required=False,
        max_length=60,
        widget=forms.TextInput(attrs=TEXT),
    )
    income_year = EuroField(label=_("Bruto inkomen per jaar, samen met uw partner"))
    net_income_month = EuroField(label=_("Netto inkomen per maand, samen met uw partner"))
    rent_month = EuroField(label=_("Kale huur per maand (leeg als u niet huurt)"), required=False)
    savings = EuroField(label=_("Spaargeld en ander vermogen (mag leeg)"), required=False)
    special_costs_month = EuroField(
        label=_("Bijzondere kosten per maand die u niet kunt betalen (mag leeg)"), required=False
    )

    def clean_children_ages(self) -> tuple[int, ...]:
        raw = self.cleaned_data["children_ages"].strip()
        if not raw:
            return ()
        try:
            ages = tuple(int(part) for part in raw.replace(";", ",").split(",") if part.strip())
        except ValueError as error:
            raise forms.ValidationError(
                _("Schrijf de leeftijden als getallen, bijvoorbeeld: 4, 14")
            ) from error
        if any(not 0 <= a <= 30 for a in ages) or len(ages) > 15:
            raise forms.ValidationError(_("Vul leeftijden van 0 tot en met 30 in."))
        return ages
