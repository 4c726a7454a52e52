from django.apps import AppConfig


class VoiceConfig(AppConfig):
    name = "iro.voice"
    label = "voice"
    verbose_name = "The child's voice and feedback"
    # (order, url name, label, action) — read by the service navigation.
    navigation = [
        (80, "voice:summary", "Voice and feedback", "voice.summary"),
        (85, "voice:representations", "Compliments and complaints", "complaints.manage"),
    ]
