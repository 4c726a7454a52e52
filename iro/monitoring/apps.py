from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "iro.monitoring"
    label = "monitoring"
    verbose_name = "Oversight and drift"
    # (order, url name, label, action) — read by the service navigation.
    navigation = [
        (60, "monitoring:my_drift", "Drift", "drift.view_own"),
        (61, "monitoring:service_drift", "Drift", "drift.view_service"),
        (62, "monitoring:standards", "Oversight", "oversight.view"),
        (65, "monitoring:dip_sample", "Dip sampling", "qa.dip_sample"),
        (66, "monitoring:feedback", "Feedback", "qa.view_feedback"),
    ]
