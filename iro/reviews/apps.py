from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "iro.reviews"
    label = "reviews"
    verbose_name = "Reviews"
    # (order, url name, label, action) — read by the service navigation.
    navigation = [
        (40, "reviews:my_reviews", "My reviews", "reviews.view_own"),
        (41, "reviews:convening_queue", "Convening", "reviews.convening_queue"),
        (42, "reviews:my_recommendations", "My recommendations", "recommendations.view_own"),
    ]

    def ready(self) -> None:
        from . import receivers  # noqa: F401  (connects the signal receivers)
