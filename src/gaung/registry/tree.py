"""The organisation tree with employee and account counts rolled up over every subtree.

Four queries whatever the size of the tree: the visible units, and three grouped counts keyed
by unit path (active employees, their personal accounts, official accounts). Each count is then
added to the unit's own path and to every ancestor path, in Python.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.db.models import Count, Q

from gaung.registry.models import Employee, OrganisationUnit
from gaung.registry.querysets import account_model
from gaung.registry.scope import Scope, scope_for


@dataclass
class UnitCounts:
    """Counts over a unit and everything below it."""

    employees: int = 0
    official_accounts: int = 0
    personal_accounts: int = 0

    @property
    def accounts(self) -> int:
        """Official and personal accounts together."""
        return self.official_accounts + self.personal_accounts


@dataclass
class TreeNode:
    """One shown unit, its rolled-up counts and its shown children."""

    unit: OrganisationUnit
    counts: UnitCounts
    level: int = 0
    matched: bool = True
    children: list["TreeNode"] = field(default_factory=list)
    # How many open branches the template closes before this node (a range to loop over).
    closes_before: range = range(0)


@dataclass
class UnitTree:
    """The shown part of the tree, nested (`roots`) and in display order (`nodes`)."""

    roots: list[TreeNode]
    nodes: list[TreeNode]
    closes_at_end: range
    filtered: bool


def ancestor_paths(path: str) -> Iterator[str]:
    """The path itself and the path of every unit above it."""
    segments = path.rstrip(".").split(".")
    for length in range(1, len(segments) + 1):
        yield ".".join(segments[:length]) + "."


def _within(scope: Scope, root: OrganisationUnit | None, path_field: str) -> Q:
    query = scope.units_q(path_field)
    if root is not None:
        query &= Q(**{f"{path_field}__startswith": root.path})
    return query


def _roll_up(counts: dict[str, UnitCounts], rows: Iterable[tuple[str, int]], name: str) -> None:
    for path, number in rows:
        for ancestor in ancestor_paths(path):
            bucket = counts[ancestor]
            setattr(bucket, name, getattr(bucket, name) + number)


def subtree_counts(user, root: OrganisationUnit | None = None) -> dict[str, UnitCounts]:
    """Rolled-up counts by unit path over the user's scope (or one subtree of it).

    Employees are the active ones; personal accounts are those of active employees; official
    accounts are all accounts owned by units. A path with nothing below it reads as zeros.
    """
    counts: dict[str, UnitCounts] = defaultdict(UnitCounts)
    scope = scope_for(user)
    if not scope.is_admin:
        return counts
    employees = (
        Employee.objects.filter(_within(scope, root, "unit__path"), is_active=True)
        .order_by()
        .values_list("unit__path")
        .annotate(n=Count("pk"))
    )
    accounts = account_model()._default_manager
    personal = (
        accounts.filter(
            _within(scope, root, "owner_employee__unit__path"), owner_employee__is_active=True
        )
        .order_by()
        .values_list("owner_employee__unit__path")
        .annotate(n=Count("pk"))
    )
    official = (
        accounts.filter(_within(scope, root, "owner_unit__path"), owner_unit__isnull=False)
        .order_by()
        .values_list("owner_unit__path")
        .annotate(n=Count("pk"))
    )
    _roll_up(counts, employees, "employees")
    _roll_up(counts, personal, "personal_accounts")
    _roll_up(counts, official, "official_accounts")
    return counts


def _matches(unit: OrganisationUnit, search: str, kind: str, is_active: bool | None) -> bool:
    if kind and unit.kind != kind:
        return False
    if is_active is not None and unit.is_active != is_active:
        return False
    if search:
        needle = search.casefold()
        return any(needle in text.casefold() for text in (unit.name, unit.short_name, unit.code))
    return True


def _prune(nodes: list[TreeNode], search: str, kind: str, is_active: bool | None) -> list[TreeNode]:
    """Keep matching nodes and the ancestors of matching nodes."""
    kept = []
    for node in nodes:
        node.children = _prune(node.children, search, kind, is_active)
        node.matched = _matches(node.unit, search, kind, is_active)
        if node.matched or node.children:
            kept.append(node)
    return kept


def _in_display_order(roots: list[TreeNode]) -> tuple[list[TreeNode], range]:
    """Depth-first order, with the number of branches to close before each node."""
    ordered: list[TreeNode] = []
    open_levels: list[int] = []

    def visit(node: TreeNode, level: int) -> None:
        node.level = level
        closes = 0
        while open_levels and open_levels[-1] >= level:
            open_levels.pop()
            closes += 1
        node.closes_before = range(closes)
        ordered.append(node)
        if node.children:
            open_levels.append(level)
        for child in node.children:
            visit(child, level + 1)

    for root in roots:
        visit(root, 0)
    return ordered, range(len(open_levels))


def build_tree(
    user,
    *,
    root: OrganisationUnit | None = None,
    search: str = "",
    kind: str = "",
    is_active: bool | None = None,
) -> UnitTree:
    """The units the user administers (or one subtree) as a tree, filtered and counted.

    A filter keeps the matching units and their ancestors; counts always cover whole subtrees.
    """
    units = OrganisationUnit.objects.visible_to(user).select_related("parent")
    if root is not None:
        units = units.filter(path__startswith=root.path)
    counts = subtree_counts(user, root)
    nodes_by_id: dict[int, TreeNode] = {}
    roots: list[TreeNode] = []
    # Path order puts every parent before its children.
    for unit in units.order_by("path"):
        node = TreeNode(unit=unit, counts=counts[unit.path])
        parent = nodes_by_id.get(unit.parent_id)
        (parent.children if parent else roots).append(node)
        nodes_by_id[unit.pk] = node
    for node in nodes_by_id.values():
        node.children.sort(key=lambda child: child.unit.name.casefold())
    roots.sort(key=lambda node: node.unit.name.casefold())
    filtered = bool(search or kind or is_active is not None)
    if filtered:
        roots = _prune(roots, search, kind, is_active)
    nodes, closes_at_end = _in_display_order(roots)
    return UnitTree(roots=roots, nodes=nodes, closes_at_end=closes_at_end, filtered=filtered)
