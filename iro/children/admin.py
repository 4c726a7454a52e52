from django.contrib import admin

from .models import SocialWorker, Team


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    """Teams and their managers: a team manager answers disputes raised with their team."""

    list_display = ("name", "manager")
    search_fields = ("name",)


@admin.register(SocialWorker)
class SocialWorkerAdmin(admin.ModelAdmin):
    list_display = ("name", "sw_id", "team", "user")
    list_filter = ("team",)
    search_fields = ("name", "sw_id")
