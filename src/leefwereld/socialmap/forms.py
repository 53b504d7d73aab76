from django import forms
from django.utils.translation import gettext_lazy as _

from leefwereld.core.domains import LifeDomain
from leefwereld.core.models import Neighbourhood

from .models import Offer

MAX_AGE = 120
TEXTBOX = {"class": "utrecht-textbox utrecht-textbox--html-input"}

# The fields of an offer a provider maintains (the same in forms, proposals and CSV files).
OFFER_FIELDS = [
    "name",
    "description",
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


class OfferForm(forms.ModelForm):
    """One offer's data, as typed by a provider or read from one line of a CSV file."""

    domains = forms.MultipleChoiceField(
        label=_("Leefgebieden"),
        choices=LifeDomain.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    website = forms.URLField(
        label=_("Website"),
        required=False,
        assume_scheme="https",
        widget=forms.URLInput(attrs=TEXTBOX),
    )
    neighbourhoods = forms.ModelMultipleChoiceField(
        label=_("Wijken (leeg: de hele gemeente)"),
        queryset=Neighbourhood.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Offer
        fields = OFFER_FIELDS
        widgets = {
            field: forms.TextInput(attrs=TEXTBOX)
            for field in OFFER_FIELDS
            if field not in ("description", "kind", "access", "min_age", "max_age")
        } | {
            "description": forms.Textarea(attrs={"class": "utrecht-textarea", "rows": 5}),
            "min_age": forms.NumberInput(attrs=TEXTBOX),
            "max_age": forms.NumberInput(attrs=TEXTBOX),
            "kind": forms.Select(attrs={"class": "utrecht-select"}),
            "access": forms.Select(attrs={"class": "utrecht-select"}),
        }

    def clean(self):
        cleaned = super().clean()
        assert cleaned is not None  # BaseModelForm.clean returns self.cleaned_data
        for field in ("min_age", "max_age"):
            age = cleaned.get(field)
            if age is not None and not 0 <= age <= MAX_AGE:
                self.add_error(
                    field, _("Vul een leeftijd van 0 tot en met %(max)s in.") % {"max": MAX_AGE}
                )
        low, high = cleaned.get("min_age"), cleaned.get("max_age")
        if low is not None and high is not None and low > high:
            self.add_error("max_age", _("De hoogste leeftijd is lager dan de laagste."))
        return cleaned


class FastSelect(forms.Select):
    """A plain select (no option groups) rendered without an include per option."""

    template_name = "socialmap/widgets/select.html"


class ListedChoiceIterator(forms.models.ModelChoiceIterator):
    """Reads a short choice list with one plain query. Django's default iterates through a
    server-side cursor, which on PostgreSQL costs three round trips (DECLARE, FETCH, CLOSE)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset.all():
            yield self.choice(obj)


class ListedModelChoiceField(forms.ModelChoiceField):
    iterator = ListedChoiceIterator


# A search is a few words; hundreds of them made PostgreSQL's query parser recurse too deep.
MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 10


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Waar zoekt u hulp bij?"),
        required=False,
        max_length=MAX_QUERY_LENGTH,
        error_messages={
            "max_length": _("Zoek met minder tekst: hoogstens %(limit_value)d tekens.")
        },
        widget=forms.TextInput(attrs={**TEXTBOX, "type": "search"}),
    )
    domain = forms.ChoiceField(
        label=_("Leefgebied"),
        choices=[("", _("Alle leefgebieden")), *LifeDomain.choices],
        required=False,
        widget=FastSelect(attrs={"class": "utrecht-select"}),
    )
    neighbourhood = ListedModelChoiceField(
        label=_("Wijk"),
        queryset=Neighbourhood.objects.order_by("name"),
        required=False,
        empty_label=_("Alle wijken"),
        widget=FastSelect(attrs={"class": "utrecht-select"}),
    )
    age = forms.IntegerField(
        label=_("Leeftijd"),
        min_value=0,
        max_value=120,
        required=False,
        widget=forms.NumberInput(attrs=TEXTBOX),
    )

    def clean_q(self) -> str:
        query = self.cleaned_data["q"]
        if len(query.split()) > MAX_QUERY_WORDS:
            raise forms.ValidationError(
                _("Zoek met hoogstens %(max)s woorden.") % {"max": MAX_QUERY_WORDS}
            )
        return query


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV-bestand (UTF-8, puntkomma of komma gescheiden)"))


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Waarom wijst u dit af?"),
        widget=forms.Textarea(attrs={"class": "utrecht-textarea", "rows": 3}),
    )
