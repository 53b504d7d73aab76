from django import forms
from django.utils.translation import gettext_lazy as _

TEXTBOX = {"class": "utrecht-textbox utrecht-textbox--html-input"}


class EHerkenningDevelopmentForm(forms.Form):
    """What eHerkenning would tell us: which organisation, and a pseudonym for the person."""

    kvk = forms.RegexField(
        label=_("KvK-nummer (8 cijfers)"),
        regex=r"^[0-9]{8}$",
        error_messages={"invalid": _("Een KvK-nummer heeft 8 cijfers.")},
        widget=forms.TextInput(attrs={**TEXTBOX, "inputmode": "numeric", "autocomplete": "off"}),
    )
    branch = forms.RegexField(
        label=_("Vestigingsnummer (12 cijfers, mag leeg)"),
        regex=r"^[0-9]{12}$",
        required=False,
        error_messages={"invalid": _("Een vestigingsnummer heeft 12 cijfers.")},
        widget=forms.TextInput(attrs={**TEXTBOX, "inputmode": "numeric", "autocomplete": "off"}),
    )
    subject = forms.CharField(
        label=_("Pseudoniem van de medewerker"),
        max_length=200,
        widget=forms.TextInput(attrs={**TEXTBOX, "autocomplete": "off"}),
    )
