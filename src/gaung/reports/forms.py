"""Forms of the reports app: taking a compilation and editing the letterhead."""

from typing import Any

from django import forms
from django.core.validators import MaxValueValidator
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gaung.registry.models import OrganisationUnit
from gaung.registry.scope import scope_for
from gaung.reports.actions import EARLIEST_YEAR, LETTERHEAD_FIELDS
from gaung.reports.choices import PeriodKind
from gaung.reports.models import Letterhead
from gaung.socials.forms import TablerForm


def agencies_for(user) -> QuerySet[OrganisationUnit]:
    """The agencies (instansi) whose compilations and letterhead the user manages."""
    scope = scope_for(user)
    roots = OrganisationUnit.objects.roots().order_by("name")
    if scope.is_superuser:
        return roots
    return roots.filter(path__in=scope.instansi_paths)


class DateInput(forms.DateInput):
    """The browser's date picker, with ISO values."""

    input_type = "date"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class CompilationForm(TablerForm):
    """A year (the default) or other dates, for one of the agencies the user administers."""

    instansi = forms.ModelChoiceField(
        label=_("Agency"), queryset=OrganisationUnit.objects.none(), empty_label=None
    )
    period_kind = forms.ChoiceField(
        label=_("Period"),
        choices=PeriodKind.choices,
        initial=PeriodKind.YEAR,
        widget=forms.RadioSelect,
    )
    year = forms.IntegerField(
        label=_("Year"),
        min_value=EARLIEST_YEAR,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        help_text=_("1 January to 31 December."),
    )
    period_start = forms.DateField(label=_("From"), required=False, widget=DateInput())
    period_end = forms.DateField(label=_("To"), required=False, widget=DateInput())
    title = forms.CharField(
        label=_("Title"),
        max_length=255,
        required=False,
        help_text=_(
            "Leave empty for the standard title: Kompilasi Data Media Sosial ASN "
            "(agency) Tahun (year)."
        ),
    )

    def __init__(self, *args: Any, user=None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["instansi"].queryset = agencies_for(user)
        this_year = timezone.localdate().year
        # The upper bound moves with the calendar, so it is set per form, not per class.
        self.fields["year"].validators.append(MaxValueValidator(this_year))
        self.fields["year"].widget.attrs.update(min=EARLIEST_YEAR, max=this_year)
        self.initial.setdefault("year", this_year)
        agencies = list(self.fields["instansi"].queryset[:2])
        if len(agencies) == 1:
            self.initial.setdefault("instansi", agencies[0].pk)

    def clean(self) -> dict[str, Any]:
        """A year for a calendar year; both dates otherwise."""
        data = super().clean()
        if data.get("period_kind") == PeriodKind.CUSTOM:
            for name in ("period_start", "period_end"):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, _("Give both dates, or choose a calendar year."))
            data["year"] = None
        else:
            if data.get("year") is None and "year" not in self.errors:
                self.add_error("year", _("Give the year."))
            data["period_start"] = data["period_end"] = None
        return data

    def action_arguments(self) -> dict[str, Any]:
        """Keyword arguments for actions.take_compilation."""
        data = self.cleaned_data
        return {
            "year": data.get("year"),
            "period_start": data.get("period_start"),
            "period_end": data.get("period_end"),
            "title": data.get("title", ""),
        }


class LogoInput(forms.ClearableFileInput):
    """A file input with a "remove the current logo" box (no link to the stored file)."""

    template_name = "reports/includes/logo_input.html"


class LetterheadForm(TablerForm):
    """The kop surat and the signature block of an agency's printed reports."""

    government_name = forms.CharField(
        label=_("Government"),
        max_length=150,
        help_text=_("First line, e.g. PEMERINTAH KOTA HARAPAN."),
    )
    office_name = forms.CharField(
        label=_("Office"),
        max_length=200,
        required=False,
        help_text=_("Second line, e.g. BADAN KEPEGAWAIAN DAN PENGEMBANGAN SUMBER DAYA MANUSIA."),
    )
    address = forms.CharField(label=_("Address"), max_length=255, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=60, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    website = forms.CharField(label=_("Website"), max_length=120, required=False)
    logo = forms.FileField(
        label=_("Logo"),
        required=False,
        widget=LogoInput(attrs={"accept": "image/png,image/jpeg"}),
        help_text=_("PNG or JPEG, at most 1 MB."),
    )
    signature_place = forms.CharField(
        label=_("Place of signing"),
        max_length=80,
        required=False,
        help_text=_("Printed before the date, e.g. Harapan."),
    )
    signer_position = forms.CharField(
        label=_("Signer's position"),
        max_length=150,
        required=False,
        help_text=_("e.g. Kepala BKPSDM"),
    )
    signer_name = forms.CharField(label=_("Signer's name"), max_length=150, required=False)
    signer_rank = forms.CharField(
        label=_("Signer's rank"),
        max_length=100,
        required=False,
        help_text=_("e.g. Pembina Utama Muda"),
    )
    signer_nip = forms.CharField(label=_("Signer's NIP"), max_length=21, required=False)

    @classmethod
    def initial_for(cls, letterhead: Letterhead | None, defaults: dict) -> dict[str, Any]:
        """The form's starting values: the saved letterhead, else the defaults."""
        if letterhead is None:
            return dict(defaults)
        return {name: getattr(letterhead, name) for name in LETTERHEAD_FIELDS}

    def action_arguments(self) -> dict[str, Any]:
        """Keyword arguments for actions.save_letterhead (logo: None keeps, False removes)."""
        data = self.cleaned_data
        values = {name: data.get(name, "") for name in LETTERHEAD_FIELDS}
        values["signer_nip"] = values["signer_nip"].replace(" ", "")
        values["logo"] = data.get("logo")
        return values
