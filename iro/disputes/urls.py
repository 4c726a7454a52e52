from django.urls import path

from . import views

app_name = "disputes"
urlpatterns = [
    path("disputes/", views.dispute_list, name="list"),
    path("disputes/raised-with-me", views.raised_with_me, name="raised_with_me"),
    path("disputes/raise", views.dispute_raise, name="raise"),
    path("disputes/<int:pk>/", views.dispute_detail, name="detail"),
    path("disputes/<int:pk>/respond", views.dispute_respond, name="respond"),
    path("disputes/<int:pk>/escalate", views.dispute_escalate, name="escalate"),
    path("disputes/<int:pk>/resolve", views.dispute_resolve, name="resolve"),
    path("disputes/<int:pk>/withdraw", views.dispute_withdraw, name="withdraw"),
    path("disputes/<int:pk>/follow-up", views.dispute_follow_up, name="follow_up"),
    path("disputes/follow-ups", views.follow_ups, name="follow_ups"),
    path("disputes/<int:pk>/delegate", views.dispute_delegate, name="delegate"),
    path("disputes/<int:pk>/meeting", views.dispute_meeting_held, name="meeting_held"),
    path("disputes/<int:pk>/note", views.dispute_note, name="note"),
    path(
        "disputes/<int:pk>/events/<int:event_pk>/correct",
        views.dispute_correct,
        name="correct",
    ),
    path("dispute-meeting/", views.meeting_agenda, name="meeting"),
    path("disputes/cafcass-referral", views.cafcass_refer, name="cafcass_refer"),
    path("disputes/legal-advice", views.legal_advice_new, name="legal_advice"),
    path("disputes/iro-service-records", views.restricted, name="restricted"),
    path("disputes/good-practice/", views.good_practice_list, name="good_practice"),
    path("disputes/good-practice/new", views.good_practice_new, name="good_practice_new"),
    path("disputes/systemic-issues/", views.systemic_list, name="systemic"),
    path("disputes/systemic-issues/new", views.systemic_new, name="systemic_new"),
    path(
        "disputes/systemic-issues/<int:pk>/response",
        views.systemic_respond,
        name="systemic_respond",
    ),
]
