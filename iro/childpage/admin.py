from django.contrib import admin

from .models import ChildPageSettings


@admin.register(ChildPageSettings)
class ChildPageSettingsAdmin(admin.ModelAdmin):
    list_display = ("service_phone", "service_email", "link_days")
