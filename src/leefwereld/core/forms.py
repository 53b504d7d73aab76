from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code uit uw authenticator-app (6 cijfers)"),
        min_length=6,
        max_length=6,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": "[0-9]*",
                "class": "utrecht-textbox utrecht-textbox--html-input",
            }
        ),
    )


class EnrolmentCodeForm(forms.Form):
    """The one-time code an administrator issued to set up the second factor."""

    code = forms.CharField(
        label=_("Inschrijfcode van de beheerder (12 tekens)"),
        max_length=40,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "class": "utrecht-textbox utrecht-textbox--html-input",
            }
        ),
    )


class LoginForm(AuthenticationForm):
    """Django's login form with the NL Design System's text box styling."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "utrecht-textbox utrecht-textbox--html-input"
