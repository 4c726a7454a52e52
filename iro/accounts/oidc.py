"""Single sign-on with the council's OpenID Connect provider (e.g. Microsoft Entra ID).

Only people who already have an active account here (matched by email) can sign in this way;
their roles are still given in this service."""

from __future__ import annotations

from typing import Any

from mozilla_django_oidc.auth import OIDCAuthenticationBackend


class CouncilOIDCBackend(OIDCAuthenticationBackend):
    def filter_users_by_claims(self, claims: dict[str, Any]) -> Any:
        email = claims.get("email")
        if not email:
            return self.UserModel.objects.none()
        return self.UserModel.objects.filter(email__iexact=email, is_active=True)
