"""The content state machine: which action moves an item from which state, and who may take it.

One table, read by the actions (to allow or refuse), the pages (to show only the buttons the
user may press) and the tests (every allowed and refused transition by role).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from gaung.content.choices import FINAL_STATES, ContentState, TeamRole

S = ContentState
R = TeamRole
# The item's author acts on their own drafts whatever their team roles.
AUTHOR = "author"
EVERY_ROLE = frozenset({*R.values, AUTHOR})


@dataclass(frozen=True)
class Transition:
    action: str
    label: object  # lazy translation
    target: str
    # Source state -> the roles that may take the transition from it.
    by: Mapping[str, frozenset[str]]
    comment_required: bool = False

    def allowed(self, state: str, roles: frozenset[str] | set[str]) -> bool:
        return bool(self.by.get(state, frozenset()) & set(roles))


def _from(states, roles) -> dict[str, frozenset[str]]:
    return {state: frozenset(roles) for state in states}


_OPEN = [s for s in S.values if s not in FINAL_STATES]

TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition(
            "submit", _("Submit"), S.SUBMITTED,
            _from((S.DRAFT, S.REVISION_REQUESTED), (R.CONTRIBUTOR, R.SUPERVISOR, AUTHOR)),
        ),
        Transition(
            "start_design", _("Start design"), S.IN_DESIGN,
            _from((S.SUBMITTED,), (R.SUPERVISOR, R.DESIGNER)),
        ),
        Transition(
            "send_to_review", _("Send to review"), S.IN_REVIEW,
            {
                S.SUBMITTED: frozenset({R.SUPERVISOR}),
                S.IN_DESIGN: frozenset({R.DESIGNER, R.SUPERVISOR}),
            },
        ),
        Transition(
            "request_revision", _("Request revision"), S.REVISION_REQUESTED,
            _from(
                (S.SUBMITTED, S.IN_DESIGN, S.IN_REVIEW, S.APPROVED, S.SCHEDULED),
                (R.SUPERVISOR, R.REVIEWER),
            ),
            comment_required=True,
        ),
        Transition(
            "approve", _("Approve"), S.APPROVED, _from((S.IN_REVIEW,), (R.SUPERVISOR,))
        ),
        Transition(
            "reject", _("Reject"), S.REJECTED,
            _from((S.SUBMITTED, S.IN_DESIGN, S.IN_REVIEW), (R.SUPERVISOR,)),
            comment_required=True,
        ),
        Transition(
            "schedule", _("Schedule"), S.SCHEDULED,
            _from((S.APPROVED,), (R.PUBLISHER, R.SUPERVISOR)),
        ),
        Transition(
            "unschedule", _("Unschedule"), S.APPROVED,
            _from((S.SCHEDULED,), (R.PUBLISHER, R.SUPERVISOR)),
        ),
        Transition(
            "mark_published", _("Mark published"), S.PUBLISHED,
            _from((S.APPROVED, S.SCHEDULED), (R.PUBLISHER,)),
        ),
        Transition(
            "cancel", _("Cancel"), S.CANCELLED,
            {
                **_from(_OPEN, (R.SUPERVISOR,)),
                S.DRAFT: frozenset({R.SUPERVISOR, AUTHOR}),
            },
            comment_required=True,
        ),
    )
}  # fmt: skip


def available(state: str, roles: frozenset[str] | set[str]) -> list[Transition]:
    """The transitions these roles may take from this state (for the item page's buttons)."""
    return [t for t in TRANSITIONS.values() if t.allowed(state, roles)]


# Who may change the item's content in each state (anything else is refused).
EDITORS: dict[str, frozenset[str]] = {
    S.DRAFT: frozenset({AUTHOR, R.CONTRIBUTOR, R.SUPERVISOR}),
    S.REVISION_REQUESTED: frozenset({AUTHOR, R.CONTRIBUTOR, R.SUPERVISOR, R.DESIGNER}),
    S.SUBMITTED: frozenset({R.CONTRIBUTOR, R.SUPERVISOR}),
    S.IN_DESIGN: frozenset({R.DESIGNER, R.SUPERVISOR}),
    S.IN_REVIEW: frozenset({R.SUPERVISOR, R.DESIGNER, R.CONTRIBUTOR}),
    # Editing after approval is allowed but sends the item back to review (actions.edit_item).
    S.APPROVED: frozenset({R.SUPERVISOR, R.DESIGNER, R.CONTRIBUTOR}),
    S.SCHEDULED: frozenset({R.SUPERVISOR, R.DESIGNER, R.CONTRIBUTOR}),
}
# Who may move the planned time (the calendar's drag and drop).
RESCHEDULERS: dict[str, frozenset[str]] = {
    **{state: frozenset({R.SUPERVISOR, R.PUBLISHER}) for state in _OPEN},
    S.DRAFT: frozenset({AUTHOR, R.CONTRIBUTOR, R.SUPERVISOR, R.PUBLISHER}),
}
