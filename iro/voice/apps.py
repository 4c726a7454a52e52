from django.apps import AppConfig


class VoiceConfig(AppConfig):
    name = "iro.voice"
    label = "voice"
    verbose_name = "The child's voice and feedback"
