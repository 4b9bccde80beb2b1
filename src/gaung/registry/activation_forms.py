"""Forms of the activation pages and the login form (which accepts a NIP with spaces)."""

from allauth.account.forms import LoginForm as AllauthLoginForm
from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from gaung.registry.nip import NipError, clean_nip_input


class NipForm(forms.Form):
    """Asks for the NIP / NI PPPK, typed with or without the SK's spaces."""

    nip = forms.CharField(
        label=_("NIP / NI PPPK"),
        max_length=40,
        help_text=_("18 digits, with or without spaces."),
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "username", "autofocus": True}
        ),
    )

    def clean_nip(self) -> str:
        try:
            return clean_nip_input(self.cleaned_data["nip"])
        except NipError as error:
            raise ValidationError(error.render(gettext)) from error


class NewPasswordForm(forms.Form):
    """A new password, typed twice and checked against the password rules."""

    password = forms.CharField(
        label=_("New password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    confirm_password = forms.CharField(
        label=_("New password (again)"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, user=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        # Built per form: the rules' texts follow the language of the request.
        self.fields["password"].help_text = password_validation.password_validators_help_text_html()

    def clean(self) -> dict:
        cleaned = super().clean()
        password, again = cleaned.get("password"), cleaned.get("confirm_password")
        if password and again and password != again:
            self.add_error("confirm_password", _("The two passwords are not the same."))
        elif password:
            try:
                password_validation.validate_password(password, self.user)
            except ValidationError as error:
                self.add_error("password", error)
        return cleaned


class ConfirmCodeForm(NipForm, NewPasswordForm):
    """NIP, the e-mailed one-time code and the new password."""

    code = forms.RegexField(
        label=_("Code from the e-mail"),
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": _("The code has 6 digits.")},
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "maxlength": 6}
        ),
    )

    field_order = ["nip", "code", "password", "confirm_password"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.initial.get("nip"):
            # The NIP is carried over from the previous step; the code is what to type next.
            self.fields["nip"].widget.attrs.pop("autofocus", None)
            self.fields["code"].widget.attrs["autofocus"] = True

    def clean_code(self) -> str:
        return self.cleaned_data["code"].strip()


class LoginForm(AllauthLoginForm):
    """allauth's login form; a NIP typed as printed (`19680411 199303 1 009`) is accepted."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["login"].label = _("Username (NIP for ASN) or e-mail")
        self.fields["login"].widget.attrs["autocomplete"] = "username"
        self.fields["login"].widget.attrs["autofocus"] = True
        # The page links "Forgot your password?" itself, next to the ASN activation link.
        self.fields["password"].help_text = ""

    def clean_login(self) -> str:
        login = super().clean_login()
        compact = "".join(login.split())
        return compact if compact.isdigit() else login
