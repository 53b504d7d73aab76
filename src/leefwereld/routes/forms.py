from __future__ import annotations

import datetime
from typing import cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leefwereld.core.bsn import is_valid_bsn, normalise_bsn
from leefwereld.core.models import Organisation, Resident
from leefwereld.vault.models import Category

from .models import HelpRequest

TEXTBOX = {"class": "utrecht-textbox utrecht-textbox--html-input"}
TEXTAREA = {"class": "utrecht-textarea utrecht-textarea--html-textarea", "rows": 5}
SELECT = {"class": "utrecht-select utrecht-select--html-select"}
CHECKBOX = {"class": "utrecht-checkbox utrecht-checkbox--html-input"}
RADIO = {"class": "utrecht-radio-button utrecht-radio-button--html-input"}


def organisation_choices(first: list[int] | None = None, exclude: int | None = None):
    """Organisations for a select, the ones in `first` (e.g. the resident's own team) on top."""
    rows = list(Organisation.objects.order_by("name").values_list("pk", "name", "kind"))
    kinds = dict(Organisation.Kind.choices)
    first = first or []
    ordered = [r for r in rows if r[0] in first] + [r for r in rows if r[0] not in first]
    return [
        (pk, f"{name} ({kinds.get(kind, kind)})") for pk, name, kind in ordered if pk != exclude
    ]


class HelpRequestForm(forms.Form):
    """A resident asks for help."""

    subject = forms.TypedChoiceField(
        label=_("Voor wie is de vraag?"), coerce=int, widget=forms.Select(attrs=SELECT)
    )
    organisation = forms.TypedChoiceField(
        label=_("Bij welke organisatie stelt u uw vraag?"),
        help_text=_("Weet u het niet? Kies dan uw wijkteam: dat staat bovenaan."),
        coerce=int,
        widget=forms.Select(attrs=SELECT),
    )
    category = forms.ChoiceField(
        label=_("Waar gaat uw vraag over?"),
        choices=Category.choices,
        widget=forms.Select(attrs=SELECT),
    )
    question = forms.CharField(
        label=_("Wat is uw vraag?"),
        help_text=_(
            "Schrijf in uw eigen woorden wat er aan de hand is. Dit komt in uw eigen kluis."
        ),
        widget=forms.Textarea(attrs=TEXTAREA),
        max_length=4000,
    )
    share = forms.BooleanField(
        label=_("Deze organisatie mag mijn vraag lezen"),
        help_text=_("U kunt deze toestemming altijd weer intrekken bij 'Mijn gegevens'."),
        required=False,
        widget=forms.CheckboxInput(attrs=CHECKBOX),
    )

    def __init__(self, *args, subjects: list[Resident], first: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.subjects = {s.pk: s for s in subjects}
        # self.fields is typed dict[str, Field]: the stubs can't know which field a key holds.
        cast(forms.ChoiceField, self.fields["subject"]).choices = [
            (s.pk, s.full_name) for s in subjects
        ]
        if len(subjects) <= 1:
            self.fields["subject"].widget = forms.HiddenInput()
            self.fields["subject"].initial = subjects[0].pk if subjects else None
        cast(forms.ChoiceField, self.fields["organisation"]).choices = organisation_choices(first)
        if first:
            self.fields["organisation"].initial = first[0]

    def clean_subject(self):
        subject = self.cleaned_data["subject"]
        if subject not in self.subjects:
            raise forms.ValidationError(_("Kies iemand uit de lijst."))
        return self.subjects[subject]


class BsnField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("BSN van de inwoner"))
        kwargs.setdefault("max_length", 11)
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={**TEXTBOX, "inputmode": "numeric", "autocomplete": "off"}),
        )
        super().__init__(**kwargs)

    def clean(self, value):
        value = normalise_bsn(super().clean(value) or "")
        if not is_valid_bsn(value):
            raise forms.ValidationError(
                _("Dit is geen geldig BSN: het heeft 9 cijfers en doorstaat de elfproef.")
            )
        return value


class OpenForResidentForm(forms.Form):
    """A professional opens a request at their own organisation for a resident."""

    bsn = BsnField()
    organisation = forms.TypedChoiceField(
        label=_("Uw organisatie"), coerce=int, widget=forms.Select(attrs=SELECT)
    )
    category = forms.ChoiceField(
        label=_("Waar gaat de vraag over?"),
        choices=Category.choices,
        widget=forms.Select(attrs=SELECT),
    )
    question = forms.CharField(
        label=_("De vraag (komt in de kluis van de inwoner)"),
        help_text=_(
            "Alleen als u schrijftoegang heeft tot de kluis van de inwoner. Anders leeg laten."
        ),
        required=False,
        widget=forms.Textarea(attrs=TEXTAREA),
        max_length=4000,
    )

    def __init__(self, *args, organisations: list[Organisation], **kwargs):
        super().__init__(*args, **kwargs)
        # self.fields is typed dict[str, Field]: the stubs can't know which field a key holds.
        cast(forms.ChoiceField, self.fields["organisation"]).choices = [
            (o.pk, o.name) for o in organisations
        ]


class ReferForm(forms.Form):
    to_organisation = forms.TypedChoiceField(
        label=_("Naar welke organisatie?"), coerce=int, widget=forms.Select(attrs=SELECT)
    )
    note = forms.CharField(
        label=_("Toelichting voor de nieuwe organisatie (komt in de kluis van de inwoner)"),
        help_text=_(
            "Alleen als u schrijftoegang heeft tot de kluis van de inwoner. Anders leeg laten."
        ),
        required=False,
        widget=forms.Textarea(attrs={**TEXTAREA, "rows": 3}),
        max_length=2000,
    )

    def __init__(self, *args, exclude: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # self.fields is typed dict[str, Field]: the stubs can't know which field a key holds.
        to_organisation = cast(forms.ChoiceField, self.fields["to_organisation"])
        to_organisation.choices = organisation_choices(exclude=exclude)


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Aantekening (komt in de kluis van de inwoner)"),
        widget=forms.Textarea(attrs={**TEXTAREA, "rows": 3}),
        max_length=2000,
    )


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Hoe is het afgelopen?"),
        choices=[
            (HelpRequest.Outcome.HELPED, _("De inwoner is geholpen")),
            (HelpRequest.Outcome.NOT_NEEDED, _("Hulp is niet meer nodig")),
        ],
        initial=HelpRequest.Outcome.HELPED,
        widget=forms.RadioSelect(attrs=RADIO),
    )


class InvolvementForm(forms.Form):
    """Register involvement: who and which organisation. Never a reason."""

    bsn = BsnField()
    organisation = forms.TypedChoiceField(
        label=_("Uw organisatie"), coerce=int, widget=forms.Select(attrs=SELECT)
    )
    starts_on = forms.DateField(
        label=_("Betrokken sinds"),
        # An <input type="date"> only takes ISO dates, whatever the language.
        widget=forms.DateInput(attrs={**TEXTBOX, "type": "date"}, format="%Y-%m-%d"),
    )
    contact_phone = forms.CharField(
        label=_("Uw telefoonnummer voor collega's"),
        required=False,
        max_length=32,
        widget=forms.TextInput(attrs={**TEXTBOX, "type": "tel", "autocomplete": "tel"}),
    )

    def __init__(self, *args, organisations: list[Organisation], **kwargs):
        super().__init__(*args, **kwargs)
        # self.fields is typed dict[str, Field]: the stubs can't know which field a key holds.
        cast(forms.ChoiceField, self.fields["organisation"]).choices = [
            (o.pk, o.name) for o in organisations
        ]
        self.fields["starts_on"].initial = timezone.localdate()

    def clean_starts_on(self) -> datetime.date:
        day = self.cleaned_data["starts_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("Deze datum ligt in de toekomst."))
        return day


class EndInvolvementForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Waarom stopt de betrokkenheid?"),
        choices=[
            ("ended", _("Onze hulp is klaar (5 jaar in het historisch archief)")),
            ("unjustified", _("De melding was onterecht (helemaal verwijderen)")),
        ],
        initial="ended",
        widget=forms.RadioSelect(attrs=RADIO),
    )
