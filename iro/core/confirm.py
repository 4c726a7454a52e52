"""A confirmation step before a one-way action (escalate, resolve, finalise, lift a
restriction): the answers, what will happen, then one button that does it.

The first valid submit shows the step; its form carries the answers back as hidden fields with
`confirmed=yes` (do it) or `change=yes` (back to the form, answers kept).
"""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

Step = Literal["ask", "change", "do"]


def confirm_step(request: HttpRequest) -> Step:
    """What a valid POST asks for: see the confirmation, change the answers, or do it."""
    if request.POST.get("change") == "yes":
        return "change"
    return "do" if request.POST.get("confirmed") == "yes" else "ask"


def confirmation(
    request: HttpRequest,
    *,
    title: str,
    will_happen: list[str],
    button: str,
    back: str,
    answers: list[tuple[str, str]] | None = None,
    caption: str = "",
    warning: str = "",
) -> HttpResponse:
    carried = [
        (name, value)
        for name in request.POST
        if name not in {"csrfmiddlewaretoken", "confirmed", "change"}
        for value in request.POST.getlist(name)
    ]
    return render(
        request,
        "web/confirm.html",
        {
            "title": title,
            "caption": caption,
            "answers": answers or [],
            "will_happen": will_happen,
            "warning": warning,
            "button": button,
            "back": back,
            "carried": carried,
        },
    )
