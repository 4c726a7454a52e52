from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "iro.notifications"
    label = "notifications"
    verbose_name = "Notifications"
