from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "iro.reviews"
    label = "reviews"
    verbose_name = "Reviews"
