"""Each person's Notifications page, and the failures list for the IRO manager."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from iro.accounts.access import requires
from iro.audit.services import audit_record

from .forms import PreferenceForm
from .models import Notification, Preference
from .services import kinds_for


@requires("notifications.view_own")
def mine(request: HttpRequest) -> HttpResponse:
    preference, _ = Preference.objects.get_or_create(user=request.user)
    initial = {"weekly_digest": "yes" if preference.weekly_digest else "no"}
    form = PreferenceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            before = preference.weekly_digest
            preference.weekly_digest = form.cleaned_data["weekly_digest"]
            preference.save(update_fields=["weekly_digest"])
            audit_record(
                actor=request.user,
                action="update",
                object_type="notification_preference",
                object_id=preference.pk,
                summary="Changed whether they receive the weekly digest",
                changes={"weekly_digest": [before, preference.weekly_digest]},
            )
        messages.success(request, "Your notification settings have been saved.")
        return HttpResponseRedirect(reverse("notifications:mine"))
    sent = Notification.objects.filter(recipient_id=request.user.pk).order_by("-created_at", "-id")
    page = Paginator(sent, 50).get_page(request.GET.get("page"))
    kinds = kinds_for(request.user)
    return render(
        request,
        "notifications/mine.html",
        {"form": form, "page": page, "kinds": kinds, "has_digest": any(k.optional for k in kinds)},
    )


@requires("notifications.view_failures")
def failures(request: HttpRequest) -> HttpResponse:
    failed = Notification.objects.filter(
        status__in=[
            Notification.Status.FAILED,
            Notification.Status.GAVE_UP,
            Notification.Status.BLOCKED,
        ]
    ).select_related("recipient")
    page = Paginator(failed, 50).get_page(request.GET.get("page"))
    return render(request, "notifications/failures.html", {"page": page})
