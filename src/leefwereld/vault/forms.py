"""Forms of the vault pages, styled with the NL Design System's classes."""

from __future__ import annotations

import datetime

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from leefwereld.core.bsn import normalise_bsn

from .models import BreakGlass, Category, LegalBasis, Mode

TEXTBOX = "utrecht-textbox utrecht-textbox--html-input"
TEXTAREA = "utrecht-textarea utrecht-textarea--html-textarea"
SELECT = "utrecht-select utrecht-select--html-select"

# Purposes residents and professionals pick most; free text is allowed too.
PURPOSE_SUGGESTIONS = [
    "keukentafelgesprek",
    "schuldhulp",
    "jeugdhulp",
    "ondersteuning thuis",
    "werk en inkomen",
    "huisvesting",
    "klacht bij de ombudsman",
]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs={"class": TEXTBOX, **(attrs or {})}, format="%Y-%m-%d")


def categories_field(**kwargs) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=kwargs.pop("label", _("Over welke onderwerpen?")),
        choices=Category.choices,
        widget=forms.CheckboxSelectMultiple(
            attrs={"class": "utrecht-checkbox utrecht-checkbox--html-input"}
        ),
        error_messages={"required": _("Kies minstens één onderwerp.")},
        **kwargs,
    )


def purpose_field(**kwargs) -> forms.CharField:
    return forms.CharField(
        label=kwargs.pop("label", _("Waarvoor?")),
        max_length=100,
        help_text=kwargs.pop(
            "help_text", _("Bijvoorbeeld: schuldhulp, keukentafelgesprek of jeugdhulp.")
        ),
        widget=forms.TextInput(attrs={"class": TEXTBOX, "list": "doelen"}),
        error_messages={"required": _("Vul in waarvoor de toegang nodig is.")},
        **kwargs,
    )


def mode_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Wat mag er?"),
        choices=Mode.choices,
        initial=Mode.READ,
        widget=forms.RadioSelect(
            attrs={"class": "utrecht-radio-button utrecht-radio-button--html-input"}
        ),
    )


class RecordForm(forms.Form):
    category = forms.ChoiceField(
        label=_("Onderwerp"), choices=Category.choices, widget=forms.Select(attrs={"class": SELECT})
    )
    title = forms.CharField(
        label=_("Titel"), max_length=120, widget=forms.TextInput(attrs={"class": TEXTBOX})
    )
    text = forms.CharField(
        label=_("Tekst"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"class": TEXTAREA, "rows": 6}),
    )

    def __init__(self, *args, categories: frozenset[str] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if categories is not None:
            self.fields["category"].choices = [  # type: ignore[attr-defined]
                (value, label) for value, label in Category.choices if value in categories
            ]


class GrantForm(forms.Form):
    grantee = forms.ChoiceField(
        label=_("Wie krijgt toegang?"), widget=forms.Select(attrs={"class": SELECT})
    )
    categories = categories_field()
    purpose = purpose_field()
    mode = mode_field()
    ends_on = forms.DateField(
        label=_("Tot en met"),
        help_text=_("Na deze dag stopt de toegang vanzelf."),
        widget=DateInput(),
    )

    def __init__(self, *args, grantees: list[tuple[str, list[tuple[str, str]]]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["grantee"].choices = [("", _("Kies …")), *grantees]  # type: ignore[attr-defined]


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "approve"), ("decline", "decline")])


class InviteForm(forms.Form):
    name = forms.CharField(
        label=_("Naam"), max_length=120, widget=forms.TextInput(attrs={"class": TEXTBOX})
    )
    email = forms.EmailField(
        label=_("E-mailadres"),
        widget=forms.EmailInput(attrs={"class": TEXTBOX, "autocomplete": "off"}),
        error_messages={"invalid": _("Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl.")},
    )
    relation = forms.CharField(
        label=_("Wie is dit voor u?"),
        help_text=_("Bijvoorbeeld: zus, buurman of vriendin."),
        max_length=60,
        required=False,
        widget=forms.TextInput(attrs={"class": TEXTBOX}),
    )


class AcceptInvitationForm(forms.Form):
    first_name = forms.CharField(
        label=_("Voornaam"),
        max_length=150,
        widget=forms.TextInput(attrs={"class": TEXTBOX, "autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Achternaam"),
        max_length=150,
        widget=forms.TextInput(attrs={"class": TEXTBOX, "autocomplete": "family-name"}),
    )
    username = forms.RegexField(
        label=_("Gebruikersnaam"),
        max_length=150,
        regex=r"^[\w.@+-]+$",
        help_text=_("Letters, cijfers en . @ + - _"),
        widget=forms.TextInput(attrs={"class": TEXTBOX, "autocomplete": "username"}),
    )
    password = forms.CharField(
        label=_("Wachtwoord"),
        widget=forms.PasswordInput(attrs={"class": TEXTBOX, "autocomplete": "new-password"}),
    )
    password_again = forms.CharField(
        label=_("Wachtwoord nog een keer"),
        widget=forms.PasswordInput(attrs={"class": TEXTBOX, "autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean() or {}
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", _("De twee wachtwoorden zijn niet gelijk."))
        elif data.get("password"):
            try:
                validate_password(data["password"])
            except forms.ValidationError as error:
                self.add_error("password", error)
        return data


class AccessRequestForm(forms.Form):
    organisation = forms.ChoiceField(
        label=_("Namens"), widget=forms.Select(attrs={"class": SELECT}), required=False
    )
    categories = categories_field()
    purpose = purpose_field()
    mode = mode_field()

    def __init__(self, *args, organisations: list[tuple[int, str]], max_days: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [  # type: ignore[attr-defined]
            ("", _("Alleen voor mijzelf")),
            *organisations,
        ]
        if organisations:
            self.fields["organisation"].initial = organisations[0][0]
        self.fields["days"] = forms.IntegerField(
            label=_("Aantal dagen"),
            help_text=_("Hoogstens %(days)s dagen.") % {"days": max_days},
            min_value=1,
            max_value=max_days,
            initial=min(90, max_days),
            widget=forms.NumberInput(attrs={"class": TEXTBOX}),
        )


class BreakGlassForm(forms.Form):
    reason = forms.CharField(
        label=_("Reden"),
        help_text=_("Waarom is dit een noodgeval? Minstens 20 tekens. De ombudsman leest dit."),
        min_length=20,
        widget=forms.Textarea(attrs={"class": TEXTAREA, "rows": 4}),
    )
    categories = categories_field(initial=list(Category.values))
    confirm = forms.BooleanField(
        label=_(
            "Ik begrijp dat deze noodtoegang 24 uur geldt, dat de inwoner het ziet en dat de "
            "ombudsman het controleert."
        ),
        widget=forms.CheckboxInput(
            attrs={"class": "utrecht-checkbox utrecht-checkbox--html-input"}
        ),
        error_messages={"required": _("Bevestig dat u dit begrijpt.")},
    )


class LegalBasisForm(forms.Form):
    law = forms.ChoiceField(
        label=_("Wet"), choices=LegalBasis.Law.choices, widget=forms.Select(attrs={"class": SELECT})
    )
    article = forms.CharField(
        label=_("Artikel"),
        help_text=_("Bijvoorbeeld: artikel 5.1.1"),
        max_length=120,
        widget=forms.TextInput(attrs={"class": TEXTBOX}),
    )
    explanation = forms.CharField(
        label=_("Uitleg in gewone woorden"),
        help_text=_(
            "De inwoner leest dit. Schrijf kort en eenvoudig wat de wet toestaat en waarom."
        ),
        widget=forms.Textarea(attrs={"class": TEXTAREA, "rows": 4}),
    )
    organisation = forms.ChoiceField(
        label=_("Welke organisatie krijgt toegang?"), widget=forms.Select(attrs={"class": SELECT})
    )
    categories = categories_field()
    purpose = purpose_field()
    mode = mode_field()
    ends_on = forms.DateField(label=_("Tot en met"), widget=DateInput())

    def __init__(self, *args, organisations: list[tuple[int, str]], laws, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = organisations  # type: ignore[attr-defined]
        self.fields["law"].choices = laws  # type: ignore[attr-defined]
        self.fields["ends_on"].initial = timezone.localdate() + datetime.timedelta(days=180)


class FindResidentForm(forms.Form):
    bsn = forms.CharField(
        label=_("BSN"),
        max_length=11,
        widget=forms.TextInput(
            attrs={"class": TEXTBOX, "inputmode": "numeric", "autocomplete": "off"}
        ),
    )

    def clean_bsn(self) -> str:
        return normalise_bsn(self.cleaned_data["bsn"])


class ReviewForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Was de noodtoegang terecht?"),
        choices=BreakGlass.Outcome.choices,
        widget=forms.RadioSelect(
            attrs={"class": "utrecht-radio-button utrecht-radio-button--html-input"}
        ),
    )
    note = forms.CharField(
        label=_("Toelichting"),
        required=False,
        widget=forms.Textarea(attrs={"class": TEXTAREA, "rows": 3}),
    )
