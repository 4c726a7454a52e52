"""The child's own page (no account: a personal link and a short code), and the IRO's pages
for giving and withdrawing the link."""

from __future__ import annotations

from typing import Any

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from markupsafe import Markup

from iro.accounts.access import SignedInRequest, public, requires
from iro.children.selectors import child_for_user
from iro.core.forms import add_service_errors
from iro.reviews.models import Review
from iro.voice.rules import age_on

from . import rules, services
from .forms import CodeForm, ViewsForm
from .models import ChildLink

SESSION_KEY = "child_page_links"


def _qr_svg(text: str) -> Markup:
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    # Made by qrcode from our own link (no user input), so safe as markup.
    return Markup(image.to_string(encoding="unicode"))  # noqa: S704  # nosec B704


@requires("childpage.give_link")
def link_create(request: SignedInRequest, pk: int) -> HttpResponse:
    child = child_for_user(request, pk)
    if request.method != "POST":
        return render(
            request,
            "childpage/link_confirm.html",
            {"child": child, "days": services.page_settings().link_days},
        )
    try:
        link, token, code = services.child_link_create(acting_user=request.user, child=child)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return HttpResponseRedirect(reverse("children:detail", args=[child.pk]))
    link_url = request.build_absolute_uri(reverse("childpage:enter", args=[token]))
    return render(
        request,
        "childpage/link_created.html",
        {"child": child, "link": link, "link_url": link_url, "code": code, "qr": _qr_svg(link_url)},
    )


@requires("childpage.give_link")
def letter_with_link(request: SignedInRequest, pk: int) -> HttpResponse:
    """The finalised letter printed with a link to the child's page: a new link and code for
    this print only (any earlier link stops), since only their hashes are kept."""
    review = get_object_or_404(Review.objects.select_related("child", "chair"), pk=pk)
    child = child_for_user(request, review.child_id)
    if not review.minutes_written_on:
        raise Http404("The letter is not finalised")
    if request.method != "POST":
        return render(
            request,
            "childpage/letter_link_confirm.html",
            {"child": child, "review": review, "days": services.page_settings().link_days},
        )
    try:
        link, token, code = services.child_link_create(acting_user=request.user, child=child)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return HttpResponseRedirect(reverse("reviews:letter", args=[review.pk]))
    link_url = request.build_absolute_uri(reverse("childpage:enter", args=[token]))
    return render(
        request,
        "childpage/letter_with_link.html",
        {
            "child": child,
            "review": review,
            "link": link,
            "link_url": link_url,
            "code": code,
            "qr": _qr_svg(link_url),
        },
    )


@requires("childpage.give_link")
def consultation_form(request: SignedInRequest, pk: int) -> HttpResponse:
    """The paper "Tell your IRO before your review" form for the child's age, to print; a POST
    prints it with a new link to the child's page (any earlier link stops)."""
    child = child_for_user(request, pk)
    band = rules.age_band(age_on(child.date_of_birth, timezone.localdate()))
    context: dict[str, Any] = {
        "child": child,
        "band": band,
        "questions": ViewsForm(band=band),
        "facts": services.page_facts(child),
        "days": services.page_settings().link_days,
    }
    if request.method == "POST":
        try:
            link, token, code = services.child_link_create(acting_user=request.user, child=child)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(reverse("childpage:consultation_form", args=[child.pk]))
        link_url = request.build_absolute_uri(reverse("childpage:enter", args=[token]))
        context |= {"link": link, "link_url": link_url, "code": code, "qr": _qr_svg(link_url)}
    return render(request, "childpage/consultation_form.html", context)


@requires("childpage.give_link")
def link_withdraw(request: SignedInRequest, pk: int) -> HttpResponse:
    link = get_object_or_404(ChildLink.objects.select_related("child"), pk=pk)
    child = child_for_user(request, link.child_id)
    if request.method == "POST":
        services.child_link_withdraw(acting_user=request.user, link=link)
        messages.success(request, "The link has been withdrawn: it no longer works.")
        return HttpResponseRedirect(reverse("children:detail", args=[child.pk]))
    return render(request, "childpage/link_withdraw.html", {"child": child, "link": link})


def _link_or_404(token: str) -> ChildLink:
    link = services.link_for_token(token)
    if link is None:
        raise Http404("No such page")
    return link


def _opened(request: HttpRequest, link: ChildLink) -> bool:
    return link.pk in request.session.get(SESSION_KEY, [])


@public
@never_cache
def enter(request: HttpRequest, token: str) -> HttpResponse:
    link = _link_or_404(token)
    state = services.link_state(link)
    if state != "active":
        return render(request, "childpage/stopped.html", {"state": state}, status=410)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = services.code_check(link=link, code=form.cleaned_data["code"])
        if result == "ok":
            request.session.cycle_key()
            request.session[SESSION_KEY] = [*request.session.get(SESSION_KEY, []), link.pk]
            return HttpResponseRedirect(reverse("childpage:page", args=[token]))
        form.add_error(
            "code",
            "Too many wrong codes. Wait 15 minutes, then try again"
            if result == "locked"
            else "That code is not right. Check it and try again",
        )
    return render(request, "childpage/enter.html", {"form": form})


def _child_or_back(request: HttpRequest, token: str) -> tuple[ChildLink, HttpResponse | None]:
    link = _link_or_404(token)
    state = services.link_state(link)
    if state != "active":
        return link, render(request, "childpage/stopped.html", {"state": state}, status=410)
    if not _opened(request, link):
        return link, HttpResponseRedirect(reverse("childpage:enter", args=[token]))
    return link, None


@public
@never_cache
def page(request: HttpRequest, token: str) -> HttpResponse:
    link, stop = _child_or_back(request, token)
    if stop:
        return stop
    facts = services.page_facts(link.child)
    return render(request, "childpage/page.html", {"token": token, **facts})


@public
@never_cache
def tell(request: HttpRequest, token: str) -> HttpResponse:
    link, stop = _child_or_back(request, token)
    if stop:
        return stop
    band = rules.age_band(age_on(link.child.date_of_birth, timezone.localdate()))
    form = ViewsForm(request.POST or None, band=band)
    if request.method == "POST" and form.is_valid():
        answers: dict[str, Any] = {k: v or "" for k, v in form.cleaned_data.items()}
        try:
            services.child_views_submit(link=link, age_band=band, **answers)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return render(request, "childpage/sent.html", {"token": token})
    return render(request, "childpage/tell.html", {"form": form, "band": band, "token": token})


@public
@never_cache
def stop(request: HttpRequest, token: str) -> HttpResponse:
    link, stopped = _child_or_back(request, token)
    if stopped:
        return stopped
    if request.method == "POST":
        services.child_link_opt_out(link=link)
        request.session.pop(SESSION_KEY, None)
        return render(request, "childpage/stopped.html", {"state": "opted_out"})
    return render(request, "childpage/stop.html", {"token": token})
