"""Sending one message: Django's e-mail (SMTP; the console in development) or GOV.UK Notify,
chosen by the NOTIFICATIONS_CHANNEL setting. Raises DeliveryError on failure."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from notifications_python_client.notifications import NotificationsAPIClient


class DeliveryError(Exception):
    pass


def domain_allowed(email: str) -> bool:
    domain = email.rpartition("@")[2].lower()
    allowed = [d.lower().lstrip("@") for d in settings.NOTIFICATIONS_ALLOWED_DOMAINS]
    return bool(domain) and any(domain == d or domain.endswith("." + d) for d in allowed)


def _notify_client() -> NotificationsAPIClient:
    return NotificationsAPIClient(settings.NOTIFY_API_KEY, base_url=settings.NOTIFY_BASE_URL)


def send(*, channel: str, email: str, subject: str, body: str, kind: str, reference: str) -> str:
    """Send, and return the provider's id for the message ('' for e-mail)."""
    try:
        if channel == "notify":
            template = settings.NOTIFY_TEMPLATE_IDS.get(kind) or settings.NOTIFY_TEMPLATE_ID
            response: Any = _notify_client().send_email_notification(
                email_address=email,
                template_id=template,
                personalisation={"subject": subject, "body": body},
                reference=reference,
            )
            return str(response["id"])
        EmailMessage(
            subject=subject, body=body, from_email=settings.NOTIFICATIONS_FROM_EMAIL, to=[email]
        ).send()
        return ""
    except Exception as error:
        raise DeliveryError(f"{type(error).__name__}: {error}"[:300]) from error


def notify_status(provider_id: str) -> str:
    try:
        return str(_notify_client().get_notification_by_id(provider_id)["status"])
    except Exception as error:
        raise DeliveryError(f"{type(error).__name__}: {error}"[:300]) from error
