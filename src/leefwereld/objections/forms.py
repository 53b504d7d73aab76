from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Objection


class FileForm(forms.Form):
    grounds = forms.CharField(
        label=_("Waarom bent u het niet eens met het besluit?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    received_on = forms.DateField(
        label=_("Ontvangen op (alleen bij een brief)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class HearingForm(forms.Form):
    state = forms.ChoiceField(
        label=_("Hoorzitting"),
        choices=[c for c in Objection.Hearing.choices if c[0] != Objection.Hearing.NOT_PLANNED],
        widget=forms.RadioSelect,
    )
    at = forms.DateTimeField(
        label=_("Datum en tijd"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )


class DecideForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Uitkomst"),
        choices=[c for c in Objection.Outcome.choices if c[0] != Objection.Outcome.PENDING],
        widget=forms.RadioSelect,
    )
