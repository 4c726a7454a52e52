from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from iro.api.clients import api_client_create

ALL_SCOPES = ["care-events:write", "children:read", "reviews:read", "disputes:read"]


@pytest.fixture
def make_token(db: Any) -> Callable[..., str]:
    def make(scopes: list[str] | None = None, **extra: Any) -> str:
        name = extra.pop("name", f"Case system {make.count}")
        make.count += 1
        _client, token = api_client_create(
            acting_user=None, name=name, scopes=scopes or ALL_SCOPES, **extra
        )
        return token

    make.count = 0  # type: ignore[attr-defined]
    return make


@pytest.fixture
def api(client: Any, make_token: Callable[..., str]) -> Any:
    """A test client that sends a token with every call."""
    token = make_token()

    class Api:
        def get(self, path: str, **kw: Any) -> Any:
            return client.get(f"/api/v1{path}", HTTP_AUTHORIZATION=f"Bearer {token}", **kw)

        def post(self, path: str, body: dict[str, Any]) -> Any:
            return client.post(
                f"/api/v1{path}",
                body,
                content_type="application/json",
                HTTP_AUTHORIZATION=f"Bearer {token}",
            )

    return Api()
