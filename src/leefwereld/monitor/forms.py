from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leefwereld.core.models import Neighbourhood

from .models import Indicator


class TargetForm(forms.Form):
    neighbourhood = forms.ModelChoiceField(
        label=_("Wijk"), queryset=Neighbourhood.objects.order_by("name"), empty_label=None
    )
    indicator = forms.ChoiceField(label=_("Indicator"), choices=Indicator.choices)
    year = forms.IntegerField(label=_("Jaar"), min_value=2000, max_value=2100)
    value = forms.DecimalField(
        label=_("Streefwaarde"),
        min_value=0,
        max_digits=8,
        decimal_places=1,
        help_text=_("In de eenheid van de indicator: dagen, aantal, of een percentage."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year

    def clean(self):
        data = super().clean() or {}
        if data.get("indicator", "").endswith(("_4w", "_on_time", "_improved", "_use")) and (
            data.get("value") is not None and data["value"] > 100
        ):
            self.add_error("value", _("Een percentage is hoogstens 100."))
        return data
