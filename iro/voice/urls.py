from django.urls import path

from . import views

app_name = "voice"
urlpatterns = [
    path(
        "children/<int:child_pk>/consultations/new",
        views.consultation_new,
        name="consultation_new",
    ),
    path("consultations/<int:pk>/", views.consultation_edit, name="consultation_edit"),
    path(
        "reviews/<int:review_pk>/consultation/link",
        views.consultation_link,
        name="consultation_link",
    ),
    path("children/<int:child_pk>/advocacy/new", views.advocacy_new, name="advocacy_new"),
    path("advocacy/<int:pk>/", views.advocacy_edit, name="advocacy_edit"),
    path("children/<int:child_pk>/independent-visitor/new", views.visitor_new, name="visitor_new"),
    path("independent-visitors/<int:pk>/", views.visitor_edit, name="visitor_edit"),
    path("voice/referrals/", views.referrals, name="referrals"),
    path("voice/summary/", views.summary, name="summary"),
    path("voice/feedback/", views.feedback_list, name="feedback_list"),
    path(
        "reviews/<int:review_pk>/feedback/new",
        views.feedback_request_new,
        name="feedback_request_new",
    ),
    path(
        "feedback-requests/<int:pk>/",
        views.feedback_request_created,
        name="feedback_request_created",
    ),
    path("feedback-requests/<int:pk>/paper", views.feedback_paper, name="feedback_paper"),
    path("feedback-requests/<int:pk>/print", views.feedback_print, name="feedback_print"),
    path("feedback/thank-you", views.feedback_thanks, name="feedback_thanks"),
    path("feedback/<str:token>", views.feedback_public, name="feedback_public"),
    path("compliments-and-complaints/", views.compliments_and_complaints, name="representations"),
    path("compliments/new", views.compliment_new, name="compliment_new"),
    path("complaints/new", views.complaint_new, name="complaint_new"),
    path("complaints/<int:pk>/", views.complaint_detail, name="complaint"),
    path("complaints/<int:pk>/respond", views.complaint_respond, name="complaint_respond"),
    path("complaints/<int:pk>/next-stage", views.complaint_escalate, name="complaint_escalate"),
]
