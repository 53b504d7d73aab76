"""Forms of the ombudsman desk. They parse input; services.py decides and refuses."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from leefwereld.core.models import Neighbourhood, Organisation
from leefwereld.democracy.models import BlockingRule

from .models import Category, Complaint


class ComplaintForm(forms.Form):
    about = forms.ChoiceField(
        label=_("Waar gaat uw klacht over?"),
        choices=Complaint.About.choices,
        widget=forms.RadioSelect,
    )
    organisation = forms.ModelChoiceField(
        label=_("Welke organisatie (zorgaanbieder of wijkteam)?"),
        queryset=Organisation.objects.filter(
            kind__in=[
                Organisation.Kind.CARE_PROVIDER,
                Organisation.Kind.NEIGHBOURHOOD_TEAM,
                Organisation.Kind.MUNICIPALITY,
            ]
        ).order_by("name"),
        required=False,
        empty_label=_("(geen of weet ik niet)"),
    )
    category = forms.ModelChoiceField(
        label=_("Onderwerp"),
        queryset=Category.objects.none(),
        empty_label=None,
    )
    summary = forms.CharField(label=_("Uw klacht in één zin"), max_length=200)
    description = forms.CharField(
        label=_("Wat is er gebeurd?"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6})
    )

    def __init__(self, *args, anonymous: bool = True, staff: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        category: forms.ModelChoiceField = self.fields["category"]  # type: ignore[assignment]
        category.queryset = (
            Category.objects.filter(active=True)
            .exclude(parent__active=False)
            .select_related("parent")
            .order_by("parent__name", "name")
        )
        if anonymous:
            self.fields["name"] = forms.CharField(
                label=_("Uw naam"), max_length=150, required=False
            )
            self.fields["email"] = forms.EmailField(label=_("Uw e-mailadres"), required=False)
            self.fields["phone"] = forms.CharField(
                label=_("Uw telefoonnummer"), max_length=32, required=False
            )
            self.fields["neighbourhood"] = forms.ModelChoiceField(
                label=_("In welke wijk woont u? (mag leeg blijven)"),
                queryset=Neighbourhood.objects.order_by("name"),
                required=False,
            )
        if staff:
            self.fields["channel"] = forms.ChoiceField(
                label=_("Binnengekomen via"),
                choices=[
                    (c.value, c.label)
                    for c in (
                        Complaint.Channel.PHONE,
                        Complaint.Channel.LETTER,
                        Complaint.Channel.COUNTER,
                    )
                ],
            )


class FollowForm(forms.Form):
    number = forms.CharField(label=_("Zaaknummer"), max_length=20)
    code = forms.CharField(label=_("Geheime code (op uw ontvangstbevestiging)"), max_length=20)


class FeedbackForm(forms.Form):
    satisfied = forms.TypedChoiceField(
        label=_("Bent u tevreden met het antwoord?"),
        choices=[
            ("yes", _("Ja, de klacht mag worden afgesloten")),
            ("no", _("Nee, ik wil dat de ombudsman verder kijkt")),
        ],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Toelichting (mag leeg blijven)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class StepForm(forms.Form):
    note = forms.CharField(
        label=_("Toelichting of antwoord"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class CauseForm(forms.Form):
    cause = forms.ChoiceField(
        label=_("Beleidsoorzaak"), choices=Complaint.Cause.choices, required=False
    )


class ResolveForm(forms.Form):
    resolution = forms.CharField(
        label=_("Wat heeft het actieteam gedaan?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class CategoryForm(forms.Form):
    name = forms.CharField(label=_("Naam"), max_length=100)
    parent = forms.ModelChoiceField(
        label=_("Hoofdcategorie (leeg: dit is een hoofdcategorie)"),
        queryset=Category.objects.filter(parent__isnull=True).order_by("name"),
        required=False,
    )
    active = forms.BooleanField(label=_("In gebruik"), required=False, initial=True)


class SignalForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=200)
    recommendation = forms.CharField(
        label=_("Aanbeveling aan de gemeente"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    cause = forms.ChoiceField(
        label=_("Beleidsoorzaak"), choices=Complaint.Cause.choices, required=False
    )
    blocking_rule = forms.ModelChoiceField(
        label=_("Regel uit het register van blokkerende regels (mag leeg blijven)"),
        queryset=BlockingRule.objects.order_by("title"),
        required=False,
    )
    complaints = forms.CharField(
        label=_("Zaaknummers van de klachten (gescheiden door komma's)"),
        max_length=2000,
        required=False,
    )

    def clean_complaints(self) -> list[Complaint]:
        numbers = [
            n.strip().upper() for n in self.cleaned_data["complaints"].split(",") if n.strip()
        ]
        found = list(Complaint.objects.filter(number__in=numbers))
        missing = sorted(set(numbers) - {c.number for c in found})
        if missing:
            raise forms.ValidationError(
                _("Onbekend zaaknummer: %(numbers)s") % {"numbers": ", ".join(missing)}
            )
        return found


class FollowUpForm(forms.Form):
    follow_up = forms.CharField(
        label=_("Wat doet de gemeente met dit signaal?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    close = forms.BooleanField(label=_("Het signaal is hiermee afgehandeld"), required=False)
