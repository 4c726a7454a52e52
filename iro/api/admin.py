from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest

from iro.accounts.models import User

from .clients import api_client_create, api_client_revoke
from .models import SCOPES, ApiClient


class ApiClientForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        choices=list(SCOPES.items()), widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = ApiClient
        fields = ["name", "scopes", "allowed_networks", "expires_at"]


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):
    form = ApiClientForm
    list_display = ("name", "key_id", "expires_at", "revoked_at")
    readonly_fields = ("key_id", "created_at", "created_by", "revoked_at")
    actions = ["revoke"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        client, token = api_client_create(
            acting_user=_staff(request),
            name=form.cleaned_data["name"],
            scopes=form.cleaned_data["scopes"],
            expires_at=form.cleaned_data["expires_at"],
            allowed_networks=form.cleaned_data["allowed_networks"],
        )
        obj.pk = client.pk
        obj._state.adding = False
        messages.warning(request, f"Token for {client.name} (shown only now): {token}")

    @admin.action(description="Revoke the selected clients")
    def revoke(self, request: HttpRequest, queryset: Any) -> None:
        for client in queryset:
            api_client_revoke(acting_user=_staff(request), client=client)


def _staff(request: HttpRequest) -> User:
    # The admin site only lets signed-in staff through.
    assert isinstance(request.user, User)  # nosec B101 - narrows the type; the admin has checked
    return request.user
