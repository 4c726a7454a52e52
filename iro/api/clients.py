"""Making, checking and revoking API clients."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from iro.accounts.models import User
from iro.audit.services import audit_record

from .models import SCOPES, ApiClient, ApiRateWindow

PREFIX = "iro"


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def parse_networks(text: str) -> list[Any]:
    networks = []
    for item in (part.strip() for part in text.split(",")):
        if not item:
            continue
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError as error:
            raise ValidationError(
                {"allowed_networks": f"{item} is not an IP range (for example 10.20.0.0/16)"}
            ) from error
    return networks


@transaction.atomic
def api_client_create(
    *,
    acting_user: User | None,
    name: str,
    scopes: list[str],
    expires_at: datetime | None = None,
    allowed_networks: str = "",
) -> tuple[ApiClient, str]:
    """Make a client and return it with its token, which is shown this once and never stored."""
    unknown = sorted(set(scopes) - set(SCOPES))
    if unknown or not scopes:
        raise ValidationError(
            {
                "scopes": f"Unknown scope {', '.join(unknown)}"
                if unknown
                else "Give at least one scope"
            }
        )
    parse_networks(allowed_networks)
    key_id = secrets.token_hex(6)
    secret = secrets.token_urlsafe(32)
    client = ApiClient(
        name=name,
        key_id=key_id,
        secret_hash=_hash(secret),
        scopes=sorted(set(scopes)),
        allowed_networks=allowed_networks,
        expires_at=expires_at or timezone.now() + timedelta(days=365),
        created_by=acting_user,
    )
    client.full_clean()
    client.save()
    audit_record(
        actor=acting_user,
        action="create",
        object_type="api_client",
        object_id=client.pk,
        summary=f"API client {name} created with {', '.join(client.scopes)}",
    )
    return client, f"{PREFIX}_{key_id}_{secret}"


@transaction.atomic
def api_client_revoke(*, acting_user: User | None, client: ApiClient) -> ApiClient:
    client.revoked_at = timezone.now()
    client.save(update_fields=["revoked_at"])
    audit_record(
        actor=acting_user,
        action="update",
        object_type="api_client",
        object_id=client.pk,
        summary=f"API client {client.name} revoked",
    )
    return client


def client_for_token(token: str, address: str) -> ApiClient | None:
    """The live client this token belongs to, calling from an allowed address; else None."""
    prefix, _, rest = token.partition("_")
    key_id, _, secret = rest.partition("_")
    if prefix != PREFIX or not key_id or not secret:
        return None
    client = ApiClient.objects.filter(key_id=key_id).first()
    if client is None or not hmac.compare_digest(client.secret_hash, _hash(secret)):
        return None
    if client.revoked_at is not None or client.expires_at <= timezone.now():
        return None
    networks = parse_networks(client.allowed_networks)
    if networks:
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return None
        if not any(ip in network for network in networks):
            return None
    return client


def rate_limited(client: ApiClient, limit: int) -> bool:
    """Count this call; True when the client has made more than `limit` calls this minute."""
    minute = timezone.now().replace(second=0, microsecond=0)
    window, _ = ApiRateWindow.objects.get_or_create(client=client, minute=minute)
    ApiRateWindow.objects.filter(pk=window.pk).update(calls=F("calls") + 1)
    window.refresh_from_db(fields=["calls"])
    return window.calls > limit
