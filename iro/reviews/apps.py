from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "iro.reviews"
    label = "reviews"
    verbose_name = "Reviews"

    def ready(self) -> None:
        from iro.audit.labels import register
        from iro.core.templating import govuk_date

        from .models import Recommendation, Review

        register(
            "review",
            lambda ids: {
                str(pk): f"Review of {govuk_date(held_on)}"
                for pk, held_on in Review.objects.filter(pk__in=ids).values_list("pk", "held_on")
            },
        )
        register(
            "recommendation",
            lambda ids: {
                str(pk): f"Recommendation: {action}"
                for pk, action in Recommendation.objects.filter(pk__in=ids).values_list(
                    "pk", "action"
                )
            },
        )
