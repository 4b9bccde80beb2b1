"""Forms of the registry pages; they only validate input, the actions do the writing."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gaung.registry.choices import (
    PNS_RANKS,
    PPPK_GRADES,
    TIME_ZONES,
    EmployeeType,
    Role,
    UnitKind,
)
from gaung.registry.models import Employee, OrganisationUnit
from gaung.registry.querysets import users_by_login
from gaung.registry.scope import scope_for


def style_widgets(form: forms.BaseForm) -> forms.BaseForm:
    """Give every widget Tabler's class (also used on FilterSet forms)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        widget.attrs.setdefault("class", css)
    return form


class StyledForm(forms.Form):
    """A form whose widgets carry Tabler's classes, red when invalid (also under FilterSets)."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        style_widgets(self)

    def add_error(self, field: str | None, error) -> None:
        """Record the error and mark the field's widget invalid (errors from actions too)."""
        super().add_error(field, error)
        for name in self.errors:
            widget = self.fields[name].widget if name in self.fields else None
            if widget is not None and "is-invalid" not in widget.attrs.get("class", ""):
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()


class UnitChoiceField(forms.ModelChoiceField):
    """A select of units indented by their depth in the tree."""

    def label_from_instance(self, obj: OrganisationUnit) -> str:
        """The unit's name, indented with non-breaking spaces that a select keeps."""
        return "\u00a0\u00a0\u00a0" * obj.depth + obj.name


class UnitForm(StyledForm):
    """Create or change an organisation unit."""

    parent = UnitChoiceField(
        label=_("Parent unit"), queryset=OrganisationUnit.objects.none(), required=True
    )
    name = forms.CharField(label=_("Name"), max_length=255)
    short_name = forms.CharField(
        label=_("Short name"),
        max_length=60,
        required=False,
        help_text=_("Shown in lists and menus, e.g. Dinkes."),
    )
    kind = forms.ChoiceField(label=_("Type"), choices=UnitKind.choices)
    code = forms.CharField(
        label=_("Code"),
        max_length=64,
        required=False,
        help_text=_("Identifier in SIASN/SIMPEG (unorId), if known."),
    )
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=TIME_ZONES)
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args: Any, actor, unit: OrganisationUnit | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if unit is not None and unit.is_root:
            # An agency (instansi) is never moved.
            del self.fields["parent"]
        else:
            parents = OrganisationUnit.objects.visible_to(actor)
            if unit is not None:
                # The current parent stays selectable even when the actor administers only
                # this unit's subtree, so saving other fields does not ask for a move.
                parents = parents.exclude(path__startswith=unit.path) | (
                    OrganisationUnit.objects.filter(pk=unit.parent_id)
                )
            self.fields["parent"].queryset = parents.order_by("path")
            if unit is None and scope_for(actor).is_superuser:
                self.fields["parent"].required = False
                self.fields["parent"].empty_label = _("None: a new agency (instansi)")

    @staticmethod
    def initial_for(unit: OrganisationUnit) -> dict[str, Any]:
        """The form's starting values for an existing unit."""
        return {
            "parent": unit.parent_id,
            "name": unit.name,
            "short_name": unit.short_name,
            "kind": unit.kind,
            "code": unit.code,
            "time_zone": unit.time_zone,
            "is_active": unit.is_active,
        }


def rank_choices() -> list:
    """PNS golongan and PPPK grades, grouped so the pairing with the type is visible."""
    return [
        ("", _("None")),
        (_("PNS golongan"), [(rank, rank) for rank in PNS_RANKS]),
        (_("PPPK grade"), [(grade, grade) for grade in PPPK_GRADES]),
    ]


class EmployeeForm(StyledForm):
    """Create or change an employee; the NIP is checked by the action."""

    employee_type = forms.ChoiceField(label=_("Employee type"), choices=EmployeeType.choices)
    nip = forms.CharField(
        label=_("NIP / NI PPPK"),
        max_length=40,
        required=False,
        help_text=_("18 digits, with or without spaces. Leave empty for non-ASN staff."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    front_title = forms.CharField(
        label=_("Front title"), max_length=60, required=False, help_text=_("e.g. Dr. or Hj.")
    )
    name = forms.CharField(label=_("Name (without titles)"), max_length=150)
    back_title = forms.CharField(
        label=_("Back title"), max_length=100, required=False, help_text=_("e.g. S.Sos., M.Si.")
    )
    rank = forms.ChoiceField(
        label=_("Rank / grade"),
        choices=rank_choices,
        required=False,
        help_text=_("A golongan for PNS, a grade for PPPK, none for non-ASN staff."),
    )
    position = forms.CharField(label=_("Position"), max_length=255, required=False)
    unit = UnitChoiceField(
        label=_("Unit"), queryset=OrganisationUnit.objects.none(), empty_label=_("Choose a unit")
    )
    email = forms.EmailField(label=_("Government e-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args: Any, actor, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = OrganisationUnit.objects.visible_to(actor).order_by("path")

    def clean_nip(self) -> str:
        """The number as typed, trimmed; the action parses it for the chosen type."""
        return self.cleaned_data["nip"].strip()

    @staticmethod
    def initial_for(employee: Employee) -> dict[str, Any]:
        """The form's starting values for an existing employee."""
        return {
            "employee_type": employee.employee_type,
            "nip": employee.nip_grouped,
            "front_title": employee.front_title,
            "name": employee.name,
            "back_title": employee.back_title,
            "rank": employee.rank,
            "position": employee.position,
            "unit": employee.unit_id,
            "email": employee.email,
            "phone": employee.phone,
            "is_active": employee.is_active,
        }


class RoleAssignmentForm(StyledForm):
    """Appoint an existing login as an admin of a unit."""

    login = forms.CharField(
        label=_("Username or e-mail"),
        max_length=254,
        help_text=_("The person must already have a login."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.UNIT_ADMIN)

    def __init__(self, *args: Any, unit: OrganisationUnit, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if not unit.is_root:
            # Agency admins are appointed on the agency itself.
            self.fields["role"].choices = [(Role.UNIT_ADMIN, Role.UNIT_ADMIN.label)]

    def clean_login(self):
        """The one user with this username or e-mail."""
        users = list(users_by_login(self.cleaned_data["login"])[:2])
        if not users:
            raise forms.ValidationError(
                _(
                    "No login has this username or e-mail. Check the spelling, or invite the "
                    "person first."
                )
            )
        if len(users) > 1:
            raise forms.ValidationError(
                _("Several logins share this e-mail. Enter the username instead.")
            )
        return users[0]
