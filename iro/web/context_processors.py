from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def page(request: HttpRequest) -> dict[str, Any]:
    # The GOV.UK template's one inline script needs the Content-Security-Policy nonce.
    nonce = getattr(request, "csp_nonce", None)
    # str() makes django-csp generate the nonce and put it in the header.
    return {"cspNonce": str(nonce) if nonce is not None else None}
