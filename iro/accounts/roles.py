"""Roles and the permission matrix: one declared table of role × action.

Every view declares the action it needs (`iro.accounts.access.requires`). Roles are Django groups;
each action is a Django permission given to exactly the groups listed here (synchronised after
every migrate), so an administrator can see in the admin what each role may do.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    IRO = "iro"
    IRO_MANAGER = "iro_manager"
    HEAD_OF_SERVICE = "head_of_service"
    OPERATIONAL = "operational"
    BUSINESS_SUPPORT = "business_support"
    AUDITOR = "auditor"
    ADMINISTRATOR = "administrator"


ROLE_LABELS: dict[Role, str] = {
    Role.IRO: "Independent Reviewing Officer",
    Role.IRO_MANAGER: "IRO manager",
    Role.HEAD_OF_SERVICE: "Head of service",
    Role.OPERATIONAL: "Social worker or team manager",
    Role.BUSINESS_SUPPORT: "Business support",
    Role.AUDITOR: "Auditor (read only)",
    Role.ADMINISTRATOR: "Administrator",
}

IRO, MGR, HOS, OPS, BS, AUD, ADM = (
    Role.IRO,
    Role.IRO_MANAGER,
    Role.HEAD_OF_SERVICE,
    Role.OPERATIONAL,
    Role.BUSINESS_SUPPORT,
    Role.AUDITOR,
    Role.ADMINISTRATOR,
)
EVERY_STAFF_ROLE = frozenset(Role)

# action -> (what it allows, the roles that have it). Add a row for every new view.
ACTIONS: dict[str, tuple[str, frozenset[Role]]] = {
    "home.view": ("See the start page", EVERY_STAFF_ROLE),
    "children.view": (
        "View the register of children and a child's record",
        frozenset({IRO, MGR, HOS, OPS, BS, AUD}),
    ),
    "children.add": ("Add a child coming into care", frozenset({MGR, BS, OPS})),
    "children.allocate_iro": ("Allocate or transfer a child's IRO", frozenset({MGR})),
    "caseload.view_own": ("See 'My children' as an IRO", frozenset({IRO})),
    "reviews.view_due": ("See reviews due across the service", frozenset({MGR, HOS, BS, AUD})),
    "reviews.record": ("Record a review", frozenset({IRO, MGR})),
    # --- reviews: convening, review record, letters, recommendations (issue 5) ---
    # --- ssda903: import and export (issue 4) ---
    # --- disputes (issue 6) ---
    # --- monitoring: oversight, midpoint reviews, drift, dip-sampling (issue 7) ---
    # --- caseloads: IRO staff, caseloads, allocation, forecast (issue 8) ---
    # --- reporting: scorecard and annual report (issue 9) ---
    # --- accounts and audit: security, audit trail, data protection (issue 10) ---
    # --- voice: consultation, advocacy, feedback, compliments, complaints (issue 11) ---
}


def roles_for(action: str) -> frozenset[Role]:
    """The roles allowed an action; an unknown action is allowed to nobody (deny by default)."""
    entry = ACTIONS.get(action)
    return entry[1] if entry else frozenset()


def permission_codename(action: str) -> str:
    return action.replace(".", "__")
