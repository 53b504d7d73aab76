from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from leefwereld.core.numbers import EuroField

from .lifecycle import MAX_ALLOWANCE_CENTS
from .models import (
    MAX_PANEL_SIZE,
    MIN_PANEL_SIZE,
    Category,
    ImplementationUpdate,
    Meeting,
    Panel,
    Quota,
    Recommendation,
    Volunteer,
    Vote,
)
from .services import MAX_LETTERS_PER_BATCH, STANDARD_CATEGORIES

TEXTBOX = {"class": "utrecht-textbox utrecht-textbox--html-input"}
NUMBER = {"class": "utrecht-textbox utrecht-textbox--html-input lw-panels-number"}
TEXTAREA = {"class": "utrecht-textarea", "rows": 4}


class PanelForm(forms.ModelForm):
    class Meta:
        model = Panel
        fields = [
            "title",
            "question",
            "size",
            "method",
            "max_probability_percent",
            "registration_deadline",
            "answer_working_days",
        ]
        widgets = {
            "title": forms.TextInput(attrs=TEXTBOX),
            "question": forms.Textarea(attrs=TEXTAREA),
            "size": forms.NumberInput(
                attrs={**NUMBER, "min": MIN_PANEL_SIZE, "max": MAX_PANEL_SIZE}
            ),
            "method": forms.RadioSelect,
            "max_probability_percent": forms.NumberInput(attrs={**NUMBER, "step": "0.01"}),
            "registration_deadline": forms.DateInput(
                attrs={**TEXTBOX, "type": "date"}, format="%Y-%m-%d"
            ),
            "answer_working_days": forms.NumberInput(attrs={**NUMBER, "min": 1, "max": 260}),
        }
        help_texts = {
            "answer_working_days": _(
                "Zoals de participatieverordening het zegt. Feestdagen en weekenden tellen "
                "niet mee."
            ),
            "size": _("Van 20 tot en met 1.000 mensen."),
            "max_probability_percent": _(
                "Niet verplicht. Niemand krijgt een grotere kans dan dit percentage, ook niet in "
                "een kleine groep."
            ),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Left empty, the college's usual answer term applies (the model's default).
        self.fields["answer_working_days"].required = False

    def clean_answer_working_days(self) -> int:
        days = self.cleaned_data.get("answer_working_days")
        return days or Panel._meta.get_field("answer_working_days").get_default()


class NewPanelForm(PanelForm):
    categories = forms.MultipleChoiceField(
        label=_("Samenstellen op"),
        choices=[(key, label) for key, (label, _q, _s) in STANDARD_CATEGORIES.items()],
        initial=["wijk", "leeftijd", "geslacht"],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    theme_label = forms.CharField(
        label=_("Naam van de eigen groepsindeling"),
        required=False,
        initial=_("Groep"),
        widget=forms.TextInput(attrs=TEXTBOX),
    )
    theme_groups = forms.CharField(
        label=_("Eigen groepen voor dit thema (één per regel)"),
        required=False,
        help_text=_(
            "Bijvoorbeeld: mensen met een uitkering, ondernemers, onderwijs en ambtenaren."
        ),
        widget=forms.Textarea(attrs=TEXTAREA),
    )

    def clean_theme_groups(self) -> list[str]:
        return [
            line.strip() for line in self.cleaned_data["theme_groups"].splitlines() if line.strip()
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        assert cleaned is not None  # BaseModelForm.clean returns self.cleaned_data
        groups = cleaned.get("theme_groups") or []
        if len(groups) == 1:
            self.add_error("theme_groups", _("Geef minstens twee groepen, of laat dit veld leeg."))
        if not cleaned.get("categories") and not groups:
            self.add_error("categories", _("Kies minstens één kenmerk."))
        return cleaned


class CategoryForm(forms.Form):
    label = forms.CharField(
        label=_("Naam van het kenmerk"), max_length=80, widget=forms.TextInput(attrs=TEXTBOX)
    )
    question = forms.CharField(
        label=_("Vraag op het aanmeldformulier"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs=TEXTBOX),
    )
    values = forms.CharField(
        label=_("Groepen (één per regel)"),
        widget=forms.Textarea(attrs=TEXTAREA),
    )

    def clean_values(self) -> list[str]:
        values = [line.strip() for line in self.cleaned_data["values"].splitlines() if line.strip()]
        if len(values) < 2:
            raise forms.ValidationError(_("Geef minstens twee groepen, elk op een eigen regel."))
        return values


class QuotaBoundsForm(forms.Form):
    """Four numbers per quota; the template lays them out as a table."""

    BOUNDS = ("min", "max", "min_flex", "max_flex")

    def __init__(self, panel: Panel, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.panel = panel
        # Per category its quotas, each with the names of its four bound fields.
        self.rows: list[tuple[Category, list[tuple[Quota, list[str]]]]] = []
        for category in panel.categories.prefetch_related("quotas"):
            quotas = []
            for quota in category.quotas.all():
                names = []
                for bound in self.BOUNDS:
                    name = f"{bound}-{quota.pk}"
                    self.fields[name] = forms.IntegerField(
                        min_value=0,
                        max_value=MAX_PANEL_SIZE,
                        required=bound in ("min", "max"),
                        initial=getattr(quota, bound),
                        widget=forms.NumberInput(
                            attrs={
                                **NUMBER,
                                "aria-labelledby": f"quotum-{quota.pk} kop-{category.pk}-{bound}",
                            }
                        ),
                    )
                    names.append(name)
                quotas.append((quota, names))
            self.rows.append((category, quotas))

    def table(self) -> list[tuple[Category, list[tuple[Quota, list[forms.BoundField]]]]]:
        return [
            (category, [(quota, [self[name] for name in names]) for quota, names in quotas])
            for category, quotas in self.rows
        ]

    def bounds(self) -> dict[int, tuple[int, int, int | None, int | None]]:
        out: dict[int, tuple[int, int, int | None, int | None]] = {}
        for _category, quotas in self.rows:
            for quota, _names in quotas:
                # The cleaned IntegerFields (min and max required): Any in the stubs.
                values: list[Any] = [
                    self.cleaned_data.get(f"{bound}-{quota.pk}") for bound in self.BOUNDS
                ]
                out[quota.pk] = (values[0], values[1], values[2], values[3])
        return out


class InvitationForm(forms.Form):
    count = forms.IntegerField(
        label=_("Aantal brieven"),
        min_value=1,
        max_value=MAX_LETTERS_PER_BATCH,
        help_text=_(
            "De brieven gaan naar willekeurige inwoners van 16 jaar en ouder, verdeeld over de "
            "wijken naar het aantal inwoners. Eén brief per huishouden."
        ),
        widget=forms.NumberInput(attrs=NUMBER),
    )


class PoolImportForm(forms.Form):
    file = forms.FileField(label=_("CSV-bestand (UTF-8, puntkomma of komma gescheiden)"))


class SeedForm(forms.Form):
    numbers = forms.CharField(
        label=_("De getrokken getallen, in de volgorde van trekken"),
        max_length=200,
        help_text=_("Bijvoorbeeld: 17 4 33 8 21. Scheid de getallen met spaties of komma's."),
        widget=forms.TextInput(attrs={**TEXTBOX, "autocomplete": "off", "inputmode": "numeric"}),
    )


class RegistrationForm(forms.Form):
    code = forms.CharField(
        label=_("Uw code uit de brief"),
        max_length=20,
        help_text=_("Bijvoorbeeld: ABCD-EFGH-JKLM."),
        widget=forms.TextInput(
            attrs={**TEXTBOX, "autocomplete": "off", "autocapitalize": "characters"}
        ),
    )
    name = forms.CharField(
        label=_("Uw naam"),
        max_length=200,
        widget=forms.TextInput(attrs={**TEXTBOX, "autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Uw e-mailadres"),
        required=False,
        widget=forms.EmailInput(attrs={**TEXTBOX, "autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Uw telefoonnummer"),
        max_length=32,
        required=False,
        widget=forms.TextInput(attrs={**TEXTBOX, "autocomplete": "tel", "type": "tel"}),
    )
    address = forms.CharField(
        label=_("Straat en huisnummer"),
        max_length=120,
        widget=forms.TextInput(attrs={**TEXTBOX, "autocomplete": "street-address"}),
    )
    postcode = forms.CharField(
        label=_("Postcode"),
        max_length=7,
        widget=forms.TextInput(attrs={**TEXTBOX, "autocomplete": "postal-code"}),
    )

    def __init__(self, categories: list[Category], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.feature_names = []
        for category in categories:
            self.fields[category.key] = forms.ChoiceField(
                label=category.question or category.label,
                choices=[(q.value, q.label) for q in category.quotas.all()],
                widget=forms.RadioSelect,
            )
            self.feature_names.append(category.key)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        assert cleaned is not None  # Form.clean returns self.cleaned_data
        if not cleaned.get("email") and not cleaned.get("phone"):
            self.add_error(
                "email",
                _("Vul een e-mailadres of een telefoonnummer in, zodat we u kunnen bereiken."),
            )
        return cleaned

    def features(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name in self.feature_names}

    def feature_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.feature_names]


class SelectionSettingsForm(forms.ModelForm):
    class Meta:
        model = Panel
        fields = ["method", "max_probability_percent"]
        widgets = {
            "method": forms.RadioSelect,
            "max_probability_percent": forms.NumberInput(attrs={**NUMBER, "step": "0.01"}),
        }
        help_texts = PanelForm.Meta.help_texts


# --- after the draw (issue 19) ----------------------------------------------------------

DATE = {**TEXTBOX, "type": "date"}


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["kind", "date", "start_time", "place", "agenda", "experts", "documents"]
        widgets = {
            "kind": forms.RadioSelect,
            "date": forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
            "start_time": forms.TimeInput(attrs={**TEXTBOX, "type": "time"}, format="%H:%M"),
            "place": forms.TextInput(attrs=TEXTBOX),
            "agenda": forms.Textarea(attrs=TEXTAREA),
            "experts": forms.Textarea(attrs={**TEXTAREA, "rows": 2}),
            "documents": forms.Textarea(attrs={**TEXTAREA, "rows": 3}),
        }
        help_texts = {
            "experts": _("Alleen bij een expertsessie: wie spreekt er, en namens wie?"),
            "documents": _("Eén stuk per regel: titel | https://webadres"),
        }


class AttendanceForm(forms.Form):
    """One row per member: present, travel and care allowance in euros (kept in cents)."""

    def __init__(self, members: list[Volunteer], existing: dict, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.members = members
        for member in members:
            row = existing.get(member.pk)
            self.fields[f"present_{member.pk}"] = forms.BooleanField(
                label=_("Aanwezig"), required=False, initial=bool(row and row.present)
            )
            for kind, label in (("travel", _("Reiskosten")), ("care", _("Oppas of zorg"))):
                cents = getattr(row, f"{kind}_cents", 0) if row else 0
                self.fields[f"{kind}_{member.pk}"] = EuroField(
                    label=label,
                    required=False,
                    maximum=MAX_ALLOWANCE_CENTS,
                    initial=f"{cents // 100},{cents % 100:02d}" if cents else "",
                    widget=forms.TextInput(attrs={**NUMBER, "inputmode": "decimal"}),
                )

    def rows(self):
        for member in self.members:
            yield (
                member,
                self[f"present_{member.pk}"],
                self[f"travel_{member.pk}"],
                self[f"care_{member.pk}"],
            )

    def lines(self):
        from .lifecycle import AttendanceLine

        return [
            AttendanceLine(
                member.pk,
                bool(self.cleaned_data[f"present_{member.pk}"]),
                self.cleaned_data[f"travel_{member.pk}"] or 0,
                self.cleaned_data[f"care_{member.pk}"] or 0,
            )
            for member in self.members
        ]


class RecommendationForm(forms.ModelForm):
    class Meta:
        model = Recommendation
        fields = ["title", "text"]
        widgets = {
            "title": forms.TextInput(attrs=TEXTBOX),
            "text": forms.Textarea(attrs={**TEXTAREA, "rows": 6}),
        }


VOTE_CHOICES = [("", _("Niet gestemd")), *Vote.Choice.choices]


class RecordVotesForm(forms.Form):
    """The secretary records the vote taken in the room, one choice per member."""

    def __init__(self, members: list[Volunteer], existing: dict, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.members = members
        for member in members:
            self.fields[f"vote_{member.pk}"] = forms.ChoiceField(
                label=member.public_id,
                choices=VOTE_CHOICES,
                required=False,
                initial=existing.get(member.pk, ""),
                widget=forms.Select(attrs={"class": "utrecht-select"}),
            )

    def rows(self):
        for member in self.members:
            yield member, self[f"vote_{member.pk}"]

    def choices(self) -> dict[int, str]:
        return {m.pk: self.cleaned_data[f"vote_{m.pk}"] for m in self.members}


class AnswerForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Besluit van het college"),
        choices=Recommendation.Decision.choices,
        widget=forms.RadioSelect,
    )
    reasons = forms.CharField(
        label=_("Toelichting"),
        required=False,
        max_length=5_000,
        help_text=_("Verplicht bij 'overgenomen met aanpassingen' en 'niet overgenomen'."),
        widget=forms.Textarea(attrs=TEXTAREA),
    )


class ImplementationForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Stand"),
        choices=ImplementationUpdate.Status.choices,
        widget=forms.Select(attrs={"class": "utrecht-select"}),
    )
    progress = forms.IntegerField(
        label=_("Voortgang (%)"),
        min_value=0,
        max_value=100,
        initial=0,
        widget=forms.NumberInput(attrs={**NUMBER, "min": 0, "max": 100}),
    )
    date = forms.DateField(label=_("Datum"), widget=forms.DateInput(attrs=DATE, format="%Y-%m-%d"))
    note = forms.CharField(
        label=_("Toelichting"),
        required=False,
        max_length=5_000,
        help_text=_("Verplicht bij 'vertraagd' en 'gestopt'."),
        widget=forms.Textarea(attrs=TEXTAREA),
    )


class MemberCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code uit uw brief"),
        max_length=20,
        widget=forms.TextInput(attrs={**TEXTBOX, "autocomplete": "off", "spellcheck": "false"}),
    )


class VoteForm(forms.Form):
    choice = forms.ChoiceField(
        label=_("Uw stem"), choices=Vote.Choice.choices, widget=forms.RadioSelect
    )
