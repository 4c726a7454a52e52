"""The caseloads app's model, the IRO staff record, is defined in `iro.accounts.models` so that
the apps below caseloads (children, reviews) can use it; it is re-exported here."""

from iro.accounts.models import ReviewingOfficer

__all__ = ["ReviewingOfficer"]
