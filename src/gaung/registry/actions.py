"""Every write to the registry: permission check, mutation and audit event in one place."""

import uuid
from typing import Any

from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from gaung.core import audit
from gaung.core.choices import AuditAction
from gaung.core.permissions import PermissionDenied, ValidationError, require
from gaung.registry.choices import PNS_RANKS, PPPK_GRADES, EmployeeType, Role, UnitKind
from gaung.registry.models import (
    PATH_SEGMENT_WIDTH,
    Employee,
    OrganisationUnit,
    RoleAssignment,
)
from gaung.registry.nip import NipError, parse_employee_number
from gaung.registry.scope import forget_scope, scope_for

UNIT_FIELDS = ("parent", "name", "short_name", "kind", "code", "time_zone", "is_active")
EMPLOYEE_FIELDS = (
    "nip",
    "employee_type",
    "front_title",
    "name",
    "back_title",
    "rank",
    "position",
    "unit",
    "email",
    "phone",
    "is_active",
)
SELF_SERVICE_EMPLOYEE_FIELDS = ("email", "phone")


def _segment(unit: OrganisationUnit) -> str:
    return f"{unit.pk:0{PATH_SEGMENT_WIDTH}d}."


def _require_may_place_unit(actor, parent: OrganisationUnit | None) -> None:
    scope = scope_for(actor)
    if parent is None:
        require(scope.is_superuser, _("Only a superadmin may create a new agency (instansi)."))
    else:
        require(scope.administers(parent), _("You do not administer the parent unit."))


@transaction.atomic
def create_unit(actor, **fields: Any) -> OrganisationUnit:
    """Add a unit to the tree under `parent` (None: a new instansi)."""
    parent = fields.get("parent")
    _require_may_place_unit(actor, parent)
    if parent is None and fields.get("kind") != UnitKind.INSTANSI:
        raise ValidationError({"kind": _("A unit without a parent must be an agency (instansi).")})
    unit = OrganisationUnit(**{k: v for k, v in fields.items() if k in UNIT_FIELDS})
    unit.path = f"tmp-{uuid.uuid4().hex}"
    unit.depth = parent.depth + 1 if parent else 0
    unit.full_clean(exclude=["path"])
    unit.save()
    unit.path = (parent.path if parent else "") + _segment(unit)
    unit.save(update_fields=["path"])
    audit.record(
        actor, AuditAction.CREATE, unit,
        changes=audit.diff({}, audit.snapshot(unit, UNIT_FIELDS)), unit_path=unit.path,
    )  # fmt: skip
    return unit


def _move_subtree(unit: OrganisationUnit, new_parent: OrganisationUnit | None) -> None:
    old_path = unit.path
    new_path = (new_parent.path if new_parent else "") + _segment(unit)
    depth_change = (new_parent.depth + 1 if new_parent else 0) - unit.depth
    for descendant in OrganisationUnit.objects.filter(path__startswith=old_path).order_by("-depth"):
        descendant.path = new_path + descendant.path[len(old_path) :]
        descendant.depth += depth_change
        descendant.save(update_fields=["path", "depth"])
    unit.path, unit.depth = new_path, unit.depth + depth_change


@transaction.atomic
def update_unit(actor, unit: OrganisationUnit, **fields: Any) -> OrganisationUnit:
    """Change a unit; moving it to another parent moves its whole subtree."""
    scope = scope_for(actor)
    require(scope.administers(unit), _("You do not administer this unit."))
    if unit.is_root:
        require(scope.is_instansi_admin, _("Only an agency admin may change the agency itself."))
    before = audit.snapshot(unit, UNIT_FIELDS)
    new_parent = fields.get("parent", unit.parent)
    if new_parent != unit.parent:
        if unit.is_root or new_parent is None:
            raise ValidationError({"parent": _("An agency (instansi) cannot be moved.")})
        if new_parent.path.startswith(unit.path):
            raise ValidationError({"parent": _("A unit cannot be moved below itself.")})
        _require_may_place_unit(actor, new_parent)
        _move_subtree(unit, new_parent)
    for name, value in fields.items():
        if name in UNIT_FIELDS:
            setattr(unit, name, value)
    unit.full_clean(exclude=["path"])
    unit.save()
    changes = audit.diff(before, audit.snapshot(unit, UNIT_FIELDS))
    if changes:
        audit.record(actor, AuditAction.UPDATE, unit, changes=changes, unit_path=unit.path)
    return unit


@transaction.atomic
def delete_unit(actor, unit: OrganisationUnit) -> None:
    """Remove an empty unit; one with sub-units, employees or accounts must be emptied first."""
    scope = scope_for(actor)
    require(scope.administers(unit), _("You do not administer this unit."))
    if unit.is_root:
        require(scope.is_superuser, _("Only a superadmin may delete an agency (instansi)."))
    if unit.children.exists() or unit.employees.exists():
        raise ValidationError(
            _("This unit still has sub-units or employees. Move them or mark the unit inactive.")
        )
    audit.record(
        actor, AuditAction.DELETE, unit,
        changes=audit.diff(audit.snapshot(unit, UNIT_FIELDS), {}), unit_path=unit.path,
    )  # fmt: skip
    try:
        unit.delete()
    except ProtectedError as error:
        raise ValidationError(
            _("This unit still owns official accounts. Move or delete them first.")
        ) from error


def _apply_employee_number(employee: Employee) -> None:
    """Validate the NIP / NI PPPK for the employee type and store what it encodes."""
    if employee.employee_type == EmployeeType.NON_ASN and not employee.nip:
        employee.nip = None
        employee.birth_date = employee.tmt_cpns = employee.appointment_year = None
        return
    try:
        decoded = parse_employee_number(employee.nip or "", employee.employee_type)
    except NipError as error:
        # Rendered here, not in nip.py (which has no Django), so it reads in the user's language.
        raise ValidationError({"nip": error.render(_)}) from error
    if decoded is None:
        employee.nip = employee.nip or None
        return
    employee.nip = decoded.number
    employee.birth_date = decoded.birth_date
    employee.sex = decoded.sex
    employee.tmt_cpns = decoded.tmt_cpns
    employee.appointment_year = decoded.appointment_year


def rank_pairing_error(employee_type: str, rank: str) -> str:
    """Why a rank does not fit the employee type ('' when it does)."""
    if not rank:
        return ""
    if employee_type == EmployeeType.PNS and rank not in PNS_RANKS:
        return _("A PNS has a golongan from I/a to IV/e; %(rank)s is not one.") % {"rank": rank}
    if employee_type in {EmployeeType.PPPK, EmployeeType.PPPK_PW} and rank not in PPPK_GRADES:
        return _("A PPPK employee has a grade from I to XVII; %(rank)s is not one.") % {
            "rank": rank
        }
    if employee_type == EmployeeType.NON_ASN:
        return _("Non-ASN staff have no golongan or grade; leave the rank empty.")
    return ""


def _check_rank_and_number(employee: Employee, *, rank: bool, number: bool) -> None:
    # Checked together so a form shows every problem at once, not one per submission.
    errors: dict[str, str] = {}
    if rank and (message := rank_pairing_error(employee.employee_type, employee.rank)):
        errors["rank"] = message
    if number:
        try:
            _apply_employee_number(employee)
            _check_nip_free(employee)
        except ValidationError as error:
            errors.update(
                {field: " ".join(messages) for field, messages in error.message_dict.items()}
            )
    if errors:
        raise ValidationError(errors)


def _check_nip_free(employee: Employee) -> None:
    if not employee.nip:
        return
    holder = Employee.objects.filter(nip=employee.nip).exclude(pk=employee.pk).first()
    if holder:
        raise ValidationError(
            {"nip": _("This NIP already belongs to %(name)s (%(unit)s).")
             % {"name": holder.full_name, "unit": holder.unit}}
        )  # fmt: skip


@transaction.atomic
def create_employee(actor, **fields: Any) -> Employee:
    """Register an employee in a unit the actor administers."""
    unit = fields.get("unit")
    require(scope_for(actor).administers(unit), _("You do not administer this unit."))
    employee = Employee(**{k: v for k, v in fields.items() if k in EMPLOYEE_FIELDS})
    _check_rank_and_number(employee, rank=True, number=True)
    employee.full_clean(validate_unique=False)
    employee.save()
    audit.record(
        actor, AuditAction.CREATE, employee,
        changes=audit.diff({}, audit.snapshot(employee, EMPLOYEE_FIELDS)),
        unit_path=employee.unit.path,
    )  # fmt: skip
    return employee


@transaction.atomic
def update_employee(actor, employee: Employee, **fields: Any) -> Employee:
    """Change an employee; an ASN may change only their own e-mail and phone."""
    scope = scope_for(actor)
    if scope.administers(employee.unit):
        allowed = EMPLOYEE_FIELDS
        new_unit = fields.get("unit", employee.unit)
        require(scope.administers(new_unit), _("You do not administer the new unit."))
    elif scope.employee_id == employee.pk:
        allowed = SELF_SERVICE_EMPLOYEE_FIELDS
    else:
        raise PermissionDenied(_("You may not change this employee."))
    refused = set(fields) - set(allowed)
    if refused:
        raise PermissionDenied(_("You may not change: %s") % ", ".join(sorted(refused)))
    before = audit.snapshot(employee, EMPLOYEE_FIELDS)
    for name, value in fields.items():
        setattr(employee, name, value)
    _check_rank_and_number(
        employee,
        rank=bool({"rank", "employee_type"} & set(fields)),
        number=bool({"nip", "employee_type"} & set(fields)),
    )
    employee.full_clean(validate_unique=False)
    employee.save()
    changes = audit.diff(before, audit.snapshot(employee, EMPLOYEE_FIELDS))
    if changes:
        audit.record(
            actor, AuditAction.UPDATE, employee, changes=changes, unit_path=employee.unit.path
        )
    return employee


@transaction.atomic
def delete_employee(actor, employee: Employee) -> None:
    """Remove an employee record (with their personal accounts)."""
    require(scope_for(actor).administers(employee.unit), _("You may not delete this employee."))
    audit.record(
        actor, AuditAction.DELETE, employee,
        changes=audit.diff(audit.snapshot(employee, EMPLOYEE_FIELDS), {}),
        unit_path=employee.unit.path,
    )  # fmt: skip
    employee.delete()


@transaction.atomic
def assign_role(actor, user, role: str, unit: OrganisationUnit) -> RoleAssignment:
    """Make `user` an admin of `unit`'s subtree."""
    scope = scope_for(actor)
    if role == Role.INSTANSI_ADMIN:
        require(scope.is_superuser or unit.path in scope.instansi_paths,
                _("Only a superadmin or agency admin may appoint agency admins."))  # fmt: skip
        if not unit.is_root:
            raise ValidationError({"unit": _("Agency admins are appointed on the agency itself.")})
    else:
        require(scope.administers(unit), _("You do not administer this unit."))
    assignment, created = RoleAssignment.objects.get_or_create(user=user, role=role, unit=unit)
    if created:
        changes = {"role": [None, role], "user": [None, user.get_username()]}
        audit.record(actor, AuditAction.ROLE, assignment, unit_path=unit.path, changes=changes)
    forget_scope(user)
    return assignment


@transaction.atomic
def revoke_role(actor, assignment: RoleAssignment) -> None:
    """Take an administrative role away."""
    scope = scope_for(actor)
    require(scope.administers(assignment.unit), _("You do not administer this unit."))
    if assignment.role == Role.INSTANSI_ADMIN:
        require(scope.is_instansi_admin, _("Only an agency admin may revoke agency admins."))
    audit.record(actor, AuditAction.ROLE, assignment, unit_path=assignment.unit.path,
                 changes={"role": [assignment.role, None]})  # fmt: skip
    assignment.delete()
    forget_scope(assignment.user)
