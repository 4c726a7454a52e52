"""Roles and the permission matrix: one declared table of role × action.

Every view declares the action it needs (`iro.accounts.access.requires`). Roles are Django groups;
each action is a Django permission given to exactly the groups listed here (synchronised after
every migrate), so an administrator can see in the admin what each role may do.
"""

from __future__ import annotations

import itertools
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

# Record-level rule on top of the matrix (iro.children.access.can_change_child_records): an IRO
# changes only the records of children they hold or cover; these roles' actions on a child's
# records (arranging reviews, distributing minutes, feedback requests) serve the whole service.
CHANGE_ANY_CHILD: frozenset[Role] = frozenset({MGR, BS})

# action -> (what it allows, the roles that have it). Add a row for every new view.
ACTIONS: dict[str, tuple[str, frozenset[Role]]] = {
    "home.view": ("See the start page", EVERY_STAFF_ROLE),
    "retention.review": (
        "See the records past the council's retention period",
        frozenset({MGR}),
    ),
    "retention.delete": (
        "Delete a child's records at the end of the retention period",
        frozenset({MGR}),
    ),
    "notifications.view_own": (
        "See what notifications I receive and what was sent to me",
        EVERY_STAFF_ROLE,
    ),
    "notifications.view_failures": (
        "See notifications that could not be delivered",
        frozenset({MGR, ADM}),
    ),
    "api.docs": ("Read the API's documentation", EVERY_STAFF_ROLE),
    "childpage.give_link": (
        "Give a child a link to their own page, or withdraw it",
        frozenset({IRO, MGR}),
    ),
    "operations.view_status": (
        "See whether the background worker and scheduled jobs are running",
        frozenset({MGR, HOS, ADM}),
    ),
    "children.view": (
        "View the register of children and a child's record",
        frozenset({IRO, MGR, HOS, OPS, BS, AUD}),
    ),
    "children.add": ("Add a child coming into care", frozenset({MGR, BS, OPS})),
    "children.start_period": (
        "Start a new period of care for a child who has left care",
        frozenset({MGR, BS, OPS}),
    ),
    "children.allocate_iro": ("Allocate or transfer a child's IRO", frozenset({MGR})),
    "children.cover": (
        "Arrange an IRO to cover another IRO's children, between two dates",
        frozenset({MGR}),
    ),
    "caseload.view_own": ("See 'My children' as an IRO", frozenset({IRO})),
    "reviews.view_due": ("See reviews due across the service", frozenset({MGR, HOS, BS, AUD})),
    "reviews.record": ("Record a review", frozenset({IRO, MGR})),
    # --- reviews: convening, review record, letters, recommendations (issue 5) ---
    "reviews.view": (
        "See a review, its convening record and its recommendations",
        frozenset({IRO, MGR, HOS, OPS, BS, AUD}),
    ),
    "reviews.view_own": ("See 'My reviews' as an IRO", frozenset({IRO})),
    "reviews.convene": (
        "Arrange a review: date, venue, invitations, plans received",
        frozenset({IRO, MGR, BS}),
    ),
    "reviews.convening_queue": ("See the convening queue", frozenset({BS, MGR})),
    "reviews.letter": ("Write and finalise the letter to the child", frozenset({IRO, MGR})),
    "reviews.distribute": ("Record that the minutes were distributed", frozenset({IRO, MGR, BS})),
    "recommendations.view_own": (
        "See recommendations addressed to me or my children",
        frozenset({OPS}),
    ),
    "recommendations.complete": (
        "Mark a review recommendation done",
        frozenset({IRO, MGR, OPS}),
    ),
    # --- ssda903: import and export (issue 4) ---
    "ssda903.import": ("Upload and import the council's 903 data", frozenset({MGR, BS})),
    "ssda903.view_imports": (
        "See the history of 903 imports and their data-quality reports",
        frozenset({MGR, BS}),
    ),
    # --- disputes (issue 6) ---
    "disputes.view": (
        "See a dispute and its full history",
        frozenset({IRO, MGR, HOS, OPS, AUD}),
    ),
    "disputes.list": (
        "See the list of disputes across the service",
        frozenset({IRO, MGR, HOS, AUD}),
    ),
    "disputes.raised_with_me": ("See disputes raised with me", frozenset({OPS, HOS})),
    "disputes.raise": ("Raise a dispute or a good-practice alert", frozenset({IRO})),
    "disputes.respond": (
        "Respond to a dispute raised with me (or my team, or delegated to me), or delegate it",
        frozenset({OPS, HOS}),
    ),
    "disputes.escalate": (
        "Escalate, resolve, refer or add to a dispute the IRO raised",
        frozenset({IRO}),
    ),
    "disputes.withdraw": (
        "Withdraw a dispute, with the reason (the IRO who raised it, or a manager)",
        frozenset({IRO, MGR}),
    ),
    "disputes.manage_meeting": (
        "Run the weekly dispute meeting and record its actions",
        frozenset({MGR}),
    ),
    "disputes.view_restricted": (
        "See Cafcass referrals and records of independent legal advice",
        frozenset({IRO, MGR, AUD}),
    ),
    "disputes.systemic": ("Record systemic issues raised with senior managers", frozenset({MGR})),
    # --- monitoring: oversight, midpoint reviews, drift, dip-sampling (issue 7) ---
    "oversight.record": ("Record an oversight or a midpoint review", frozenset({IRO})),
    "oversight.view": (
        "See oversights, midpoint reviews and the oversight standard",
        frozenset({IRO, MGR, HOS, AUD}),
    ),
    "drift.view_own": ("See drift and delay for my children", frozenset({IRO})),
    "drift.view_service": (
        "See drift and delay across the service",
        frozenset({MGR, HOS, AUD}),
    ),
    "qa.dip_sample": ("Dip-sample oversights and reviews and rate them", frozenset({MGR})),
    "qa.view_feedback": ("See dip-sample feedback on IROs' work", frozenset({IRO, MGR})),
    "qa.view_report": ("See the monthly dip-sample report", frozenset({MGR, HOS, AUD})),
    # --- caseloads: IRO staff, caseloads, allocation, forecast (issue 8) ---
    "caseloads.view": (
        "See IRO caseloads per FTE, their history and IRO continuity",
        frozenset({MGR, HOS, AUD}),
    ),
    "staff.manage": ("Add and edit IRO staff records (FTE, contract)", frozenset({MGR, ADM})),
    "forecast.view": ("See the demand forecast and FTE need", frozenset({MGR, HOS})),
    # --- reporting: scorecard and annual report (issue 9) ---
    "reporting.scorecard": (
        "See the scorecard and the records behind it",
        frozenset({MGR, HOS, AUD}),
    ),
    "reporting.annual_report_edit": ("Write and publish the IRO annual report", frozenset({MGR})),
    "reporting.annual_report_approve": (
        "Approve an edition of the IRO annual report, freezing its figures",
        frozenset({MGR}),
    ),
    "reporting.comparators_edit": (
        "Enter the comparators (statistical neighbours, region, England) for the annual report",
        frozenset({MGR}),
    ),
    "reporting.annual_report_view": (
        "Read and download the IRO annual report",
        frozenset({MGR, HOS, AUD}),
    ),
    # --- independence: indicators, pressure on independence, recurring challenge (issue 21) ---
    "independence.indicators": (
        "See the independence indicators and the records behind them",
        frozenset({MGR, HOS, AUD}),
    ),
    "independence.pressure": (
        "Record pressure on my independence as an IRO",
        frozenset({IRO}),
    ),
    "independence.pressure_view": (
        "See records of pressure on IROs' independence (the IRO, the IRO service manager and "
        "the independent officer named in the settings)",
        frozenset({IRO, MGR, AUD, ADM, BS}),
    ),
    # --- accounts and audit: security, audit trail, data protection (issue 10) ---
    "accounts.two_factor": ("Set up and use two-factor sign-in", EVERY_STAFF_ROLE),
    "audit.search": ("Search and export the audit trail", frozenset({MGR, AUD})),
    "children.restrict": ("Restrict a child's record to named people", frozenset({MGR, ADM})),
    "children.export_sar": (
        "Export everything held about a child (subject access request)",
        frozenset({MGR}),
    ),
    # --- voice: consultation, advocacy, feedback, compliments, complaints (issue 11) ---
    "voice.record": (
        "Record a child's consultation, advocacy and independent visitor referrals",
        frozenset({IRO, MGR}),
    ),
    "voice.view": (
        "See a child's consultations, advocacy and independent visitor records",
        frozenset({IRO, MGR, HOS, AUD}),
    ),
    "voice.summary": (
        "See the service's voice and feedback figures and referral waiting times",
        frozenset({MGR, HOS}),
    ),
    "complaints.manage": (
        "Record compliments and complaints about the IRO service",
        frozenset({MGR, BS}),
    ),
    "feedback.request": (
        "Ask for feedback after a review and type in paper responses",
        frozenset({IRO, BS}),
    ),
    # --- child protection conferences and the CIN census (issue 24) ---
    "conferences.view": (
        "See a child's section 47 enquiries, child protection conferences and plans",
        frozenset({IRO, MGR, HOS, AUD}),
    ),
    "conferences.view_own": ("See 'My conferences' as a conference chair", frozenset({IRO})),
    "conferences.view_due": (
        "See child protection conferences due across the service",
        frozenset({MGR, HOS, AUD}),
    ),
    "conferences.record": (
        "Record a strategy discussion, a child protection conference and its decision",
        frozenset({IRO, MGR}),
    ),
    "cin.import": (
        "Upload and import the council's Children in Need census",
        frozenset({MGR, BS}),
    ),
    # --- fostering: foster carer reviews; orders: supervision order reviews (issue 24) ---
    "fostering.view_own": (
        "See 'My foster carer reviews' as a fostering IRO",
        frozenset({IRO}),
    ),
    "fostering.view": (
        "See a foster household, its approval and its reviews",
        frozenset({IRO, MGR, HOS, BS, AUD}),
    ),
    "fostering.view_service": (
        "See the foster carer reviews due across the service",
        frozenset({MGR, HOS, BS, AUD}),
    ),
    "fostering.manage_households": (
        "Add a foster household or change its approval",
        frozenset({MGR, BS}),
    ),
    "fostering.record_review": (
        "Record a foster carer review and the fostering panel's outcome",
        frozenset({IRO, MGR}),
    ),
    "orders.view_own": ("See 'My supervision orders' as an IRO", frozenset({IRO})),
    "orders.view_service": (
        "See the supervision orders and their reviews across the service",
        frozenset({MGR, HOS, AUD}),
    ),
    "orders.record": (
        "Record a supervision order and the reviews of its plan",
        frozenset({IRO, MGR}),
    ),
    "caseloads.weights": (
        "Change the weight each kind of work carries in IRO caseloads",
        frozenset({MGR, ADM}),
    ),
    "settings.manage": (
        "Manage users and roles and the council's settings in the admin",
        frozenset({ADM}),
    ),
}

# Django admin model permissions each role's group holds, beside the actions above: the
# administrator keeps users and roles and the council's settings (every change is audited by
# iro.audit.admin_hooks). app_label -> model -> permissions.
ADMIN_PERMISSIONS: dict[Role, dict[str, dict[str, tuple[str, ...]]]] = {
    ADM: {
        "accounts": {"user": ("view", "add", "change")},
        "auth": {"group": ("view",)},
        "core": {
            "councilsettings": ("view", "change"),
            "closureday": ("view", "add", "change", "delete"),
        },
        "disputes": {
            "disputestage": ("view", "add", "change"),
            "disputesettings": ("view", "change"),
        },
        "independence": {"independencesettings": ("view", "add", "change")},
    }
}


def roles_for(action: str) -> frozenset[Role]:
    """The roles allowed an action; an unknown action is allowed to nobody (deny by default)."""
    entry = ACTIONS.get(action)
    return entry[1] if entry else frozenset()


def permission_codename(action: str) -> str:
    return action.replace(".", "__")


# The first word of each action's description as it reads after "was refused:" in the audit
# trail ("Priya Shah was refused: raising a dispute"). A new verb needs a row here (tested).
_GERUNDS = {
    "Add": "adding", "Allocate": "allocating", "Arrange": "arranging", "Ask": "asking",
    "Dip-sample": "dip-sampling", "Escalate,": "escalating,", "Export": "exporting",
    "Mark": "marking", "Raise": "raising", "Read": "reading", "Record": "recording",
    "Respond": "responding", "Restrict": "restricting", "Run": "running",
    "Search": "searching", "See": "seeing", "Set": "setting", "Upload": "uploading",
    "View": "viewing", "Write": "writing", "Manage": "managing", "Change": "changing",
    # Verbs joined to the first ("allocate or transfer", "write and finalise").
    "Transfer": "transferring", "Finalise": "finalising", "Import": "importing",
    "Resolve": "resolving", "Refer": "referring", "Edit": "editing", "Rate": "rating",
    "Publish": "publishing", "Download": "downloading", "Use": "using", "Type": "typing",
    "Delete": "deleting", "Give": "giving", "Start": "starting", "Withdraw": "withdrawing",
    "Approve": "approving", "Enter": "entering",
}  # fmt: skip


def action_in_words(action: str) -> str:
    """What an action lets someone do, as "raising a dispute" (for the audit trail)."""
    entry = ACTIONS.get(action)
    if entry is None:
        return "a page nobody may use"
    words = entry[0].split(" ")
    out = [_GERUNDS.get(words[0], words[0].lower())]
    for previous, word in itertools.pairwise(words):
        joined = previous in {"and", "or"} or previous.endswith(",")
        bare = word.rstrip(",")
        gerund = _GERUNDS.get(bare.capitalize()) if joined and bare.islower() else None
        out.append(gerund + word[len(bare) :] if gerund else word)
    return " ".join(out)
