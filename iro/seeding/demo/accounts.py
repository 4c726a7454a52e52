"""Demo: one restricted record (a child who has left care), open only to the IRO service manager,
so the restricted-record behaviour can be seen by signing in as anyone else."""

from __future__ import annotations

from typing import Any

from iro.accounts.services import child_restriction_set


def populate(context: Any) -> None:
    manager = context.users.get("manager")
    left_care = [c for c in context.children if c.current_period_id is None]
    if manager is None or not left_care:
        return
    child = left_care[context.rng.randrange(len(left_care))]
    child_restriction_set(acting_user=manager, child=child, restricted=True, users=[manager])
