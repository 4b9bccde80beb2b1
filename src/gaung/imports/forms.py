"""The upload form of the import pages; it only validates input, the actions do the writing."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gaung.imports.actions import importable_instansi, may_import
from gaung.imports.choices import ImportKind
from gaung.imports.models import ALLOWED_SUFFIXES
from gaung.registry.forms import StyledForm
from gaung.registry.models import OrganisationUnit


class ImportForm(StyledForm):
    """Upload a roster or an account file, with the roster's options."""

    kind = forms.ChoiceField(
        label=_("What does the file contain?"), choices=ImportKind.choices, widget=forms.RadioSelect
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_("Excel (.xlsx, .xls), OpenDocument (.ods) or CSV, with a header row."),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ALLOWED_SUFFIXES)}),
    )
    instansi = forms.ModelChoiceField(
        label=_("Agency"), queryset=OrganisationUnit.objects.none(), required=False
    )
    full_roster = forms.BooleanField(
        label=_("This is the full roster of the agency"),
        required=False,
        help_text=_(
            "Employees of the agency who are not in the file are marked inactive. Leave it "
            "unticked to only add and update employees."
        ),
    )
    create_units = forms.BooleanField(
        label=_("Create missing perangkat daerah"),
        required=False,
        help_text=_(
            "Without it, a row whose Unit Induk is not an existing perangkat daerah is "
            "invalid. Missing units below an existing one are always created."
        ),
    )

    def __init__(self, *args: Any, user, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kinds = [(value, label) for value, label in ImportKind.choices if may_import(user, value)]
        self.fields["kind"].choices = kinds
        if kinds:
            self.fields["kind"].initial = kinds[0][0]
        agencies = OrganisationUnit.objects.filter(
            pk__in=[
                pk
                for kind, _label in kinds
                for pk in importable_instansi(user, kind).values_list("pk", flat=True)
            ]
        ).order_by("name")
        self.fields["instansi"].queryset = agencies
        # One agency (the usual case) needs no choice.
        self.choose_instansi = agencies.count() > 1
        if self.choose_instansi:
            self.fields["instansi"].required = True
        self.fields["kind"].widget.attrs["class"] = "form-check-input"
