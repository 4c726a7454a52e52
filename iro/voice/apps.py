from django.apps import AppConfig


class VoiceConfig(AppConfig):
    name = "iro.voice"
    label = "voice"
