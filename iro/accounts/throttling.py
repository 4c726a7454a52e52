"""Sign-in throttling by account and by address, counted separately (django-axes).

An account locks after AXES_FAILURE_LIMIT failures from anywhere, whatever browser string is
sent, so password spraying one account is stopped. An address locks after
SIGN_IN_ADDRESS_FAILURE_LIMIT failures across every username: higher, because a whole council
office signs in from one address and one person mistyping must not lock out their colleagues.
"""

from __future__ import annotations

from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum


class AccountAndAddressHandler(AxesDatabaseHandler):
    def get_failures(self, request: Any, credentials: dict[str, Any] | None = None) -> int:
        # AXES_LOCKOUT_PARAMETERS is ["username", "ip_address"]: one queryset for each.
        by_account, by_address = (
            attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        # The address's count on the account's scale, so axes's one limit decides both.
        account_limit = int(settings.AXES_FAILURE_LIMIT)
        scaled = by_address * account_limit // int(settings.SIGN_IN_ADDRESS_FAILURE_LIMIT)
        return max(by_account, scaled)
