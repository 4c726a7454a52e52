from django.contrib import admin
from django.http import HttpRequest

from .models import Notification, NotificationSetting, StageContact


@admin.register(NotificationSetting)
class NotificationSettingAdmin(admin.ModelAdmin):
    list_display = ("kind", "enabled", "days_before")
    list_editable = ("enabled", "days_before")


@admin.register(StageContact)
class StageContactAdmin(admin.ModelAdmin):
    list_display = ("stage", "user")


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("created_at", "kind", "recipient", "child_ref", "status", "attempts")
    list_filter = ("status", "kind", "channel")
    readonly_fields = [f.name for f in Notification._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
