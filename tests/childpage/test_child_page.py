"""The child's own page: an IRO gives a link and code; the child sees their page and sends
views the IRO then sees; the link stops after the review, on withdrawal or when the child says
no; guessing the code is stopped; nothing that could locate the child is shown."""

from __future__ import annotations

import re
from datetime import date, timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from iro.accounts.roles import Role
from iro.audit.models import AuditEntry
from iro.childpage import rules
from iro.childpage.models import ChildLink, ChildViews
from iro.reviews import services as review_services
from iro.reviews.models import Convening
from iro.reviews.plain_language import reading_age
from iro.voice.models import Consultation
from iro.voice.rules import counting_methods

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(make_iro: Any, make_child: Any) -> dict[str, Any]:
    iro = make_iro()
    child = make_child(
        iro=iro,
        first_name="Poppy",
        last_name="Farquharson",
        date_of_birth=date(2014, 2, 3),
        start_date=date(2025, 5, 1),
    )
    convening = Convening.objects.create(
        child=child,
        period_id=child.current_period_id,
        proposed_date=timezone.localdate() + timedelta(days=14),
        venue="Hollyhock Foster Home, 12 Acacia Road, Northtown NT4 7QP",
        meeting_format=Convening.Format.IN_PERSON,
    )
    convening.invitees.create(role="carer", name="Pat Osborne", invited=True)
    convening.invitees.create(role="social_worker", name="Jo Social", invited=True)
    return {"iro": iro, "child": child}


def _give_link(client: Client, child: Any) -> tuple[str, str]:
    page = client.post(f"/children/{child.pk}/child-page-link").content.decode()
    url = re.search(r"(http://testserver/for-you/[\w-]+)", page)
    code = re.search(r"Your code: <strong[^>]*>(\w+)</strong>", page)
    assert url and code, page
    return url.group(1).replace("http://testserver", ""), code.group(1)


def test_iro_gives_a_link_the_child_sees_their_page_and_tells_their_iro(
    setup: dict[str, Any], client: Client
) -> None:
    child, iro = setup["child"], setup["iro"]
    client.force_login(iro.user)
    path, code = _give_link(client, child)
    link = ChildLink.objects.get(child=child)
    assert code not in link.code_hash and path.rsplit("/", 1)[-1] not in link.token_hash

    young = Client()
    assert young.get(f"{path}/page").status_code == 302  # the code first
    opened = young.post(path, {"code": code.lower()})  # case does not matter
    assert opened.status_code == 302
    page = young.get(f"{path}/page").content.decode()
    assert "Hello Poppy" in page
    assert f"Your IRO is {iro.name.split()[0]}" in page
    assert "Pat (carer)" in page and "Jo (social worker)" in page
    # Nothing that could locate the child: no surname, no house number or postcode.
    assert "Farquharson" not in page
    assert "NT4 7QP" not in page and "12 Acacia" not in page
    assert "Osborne" not in page

    sent = young.post(
        f"{path}/tell-your-iro",
        {
            "feeling": "ok",
            "worries": "I miss my brother",
            "want_to_happen": "See him every week",
            "wants_advocate": "yes",
        },
    )
    assert "Sent to your IRO" in sent.content.decode()
    views = ChildViews.objects.get(child=child)
    consultation = views.consultation
    assert consultation is not None
    assert consultation.method in counting_methods()
    assert "I miss my brother" in consultation.views_summary
    # The IRO sees it on the child's record and on My children.
    record = client.get(f"/children/{child.pk}/").content.decode()
    assert "I miss my brother" in record
    assert "Children who told you what they think" in client.get("/my-children/").content.decode()
    kinds = set(
        AuditEntry.objects.filter(object_type__in=["child_link", "child_views"]).values_list(
            "summary", flat=True
        )
    )
    assert "The child opened their page" in kinds
    assert "The child sent their views to their IRO from their page" in kinds


def test_guessing_the_code_is_stopped(setup: dict[str, Any], client: Client) -> None:
    client.force_login(setup["iro"].user)
    path, code = _give_link(client, setup["child"])
    guesser = Client()
    for _ in range(rules.MAX_FAILED_CODES):
        guesser.post(path, {"code": "AAAAAA"})
    locked = guesser.post(path, {"code": code}).content.decode()
    assert "Too many wrong codes" in locked
    assert guesser.get(f"{path}/page").status_code == 302


@pytest.mark.parametrize("how", ["withdrawn", "review_held", "expired", "opted_out"])
def test_the_link_stops(setup: dict[str, Any], client: Client, how: str) -> None:
    child, iro = setup["child"], setup["iro"]
    client.force_login(iro.user)
    path, code = _give_link(client, child)
    link = ChildLink.objects.get(child=child)
    young = Client()
    young.post(path, {"code": code})
    if how == "withdrawn":
        client.post(f"/child-page-links/{link.pk}/withdraw")
    elif how == "review_held":
        review_services.review_record_held(
            acting_user=iro.user,
            child=child,
            held_on=timezone.localdate(),
            participation_code="PN1",
        )
    elif how == "expired":
        ChildLink.objects.filter(pk=link.pk).update(
            expires_at=timezone.now() - timedelta(seconds=1)
        )
    else:
        young.post(f"{path}/stop")
    assert young.get(f"{path}/page").status_code == 410
    assert young.get(path).status_code == 410


def test_only_the_iro_for_the_child_or_a_manager_gives_a_link(
    setup: dict[str, Any], client_for: Any, make_iro: Any
) -> None:
    other = make_iro()
    colleague = Client()
    colleague.force_login(other.user)
    assert colleague.post(f"/children/{setup['child'].pk}/child-page-link").status_code == 403
    assert (
        client_for(Role.OPERATIONAL)
        .post(f"/children/{setup['child'].pk}/child-page-link")
        .status_code
        == 403
    )
    assert not ChildLink.objects.exists()
    manager = client_for(Role.IRO_MANAGER)
    assert manager.post(f"/children/{setup['child'].pk}/child-page-link").status_code == 200


def test_a_new_link_stops_the_old_one(setup: dict[str, Any], client: Client) -> None:
    client.force_login(setup["iro"].user)
    first, _ = _give_link(client, setup["child"])
    _give_link(client, setup["child"])
    assert Client().get(first).status_code == 410


def test_the_child_page_is_in_plain_language(setup: dict[str, Any], client: Client) -> None:
    client.force_login(setup["iro"].user)
    path, code = _give_link(client, setup["child"])
    young = Client()
    young.post(path, {"code": code})
    html = young.get(f"{path}/page").content.decode()
    main = html[html.index('id="main-content"') :]
    text = re.sub(r"<[^>]+>", " ", main)
    age = reading_age(text)
    assert age is not None and age <= 11, age


def test_child_link_command_prints_a_link_and_code(setup: dict[str, Any]) -> None:
    out = StringIO()
    call_command("child_link", setup["child"].la_child_id, stdout=out)
    lines = out.getvalue().splitlines()
    assert "/for-you/" in lines[0]
    assert lines[1].startswith("code: ") and len(lines[1]) == len("code: ") + rules.CODE_LENGTH


@pytest.mark.parametrize(
    ("venue", "shown"),
    [
        (
            "Hollyhock Foster Home, 12 Acacia Road, Northtown NT4 7QP",
            "Hollyhock Foster Home, Acacia Road, Northtown",
        ),
        ("Town Hall, Room 3", "Town Hall, Room 3"),
    ],
)
def test_venue_loses_postcode_and_house_number(venue: str, shown: str) -> None:
    assert rules.venue_for_child(venue) == shown


def test_consultations_from_the_page_count_for_the_measure() -> None:
    assert "own_words" in counting_methods()
    assert Consultation  # the child's record is a Consultation like any other


def _finalised_review(child: Any, iro: Any) -> Any:
    from iro.reviews.models import Review

    return Review.objects.create(
        child=child,
        period_id=child.current_period_id,
        held_on=timezone.localdate() - timedelta(days=30),
        chair=iro,
        letter="Dear Poppy,\n\nThank you for coming to your review.",
        minutes_written_on=timezone.localdate() - timedelta(days=20),
    )


def test_the_printed_letter_carries_a_new_link_qr_code_and_code(
    setup: dict[str, Any], client: Client
) -> None:
    child, iro = setup["child"], setup["iro"]
    review = _finalised_review(child, iro)
    client.force_login(iro.user)
    old_path, _ = _give_link(client, child)
    letter = client.get(f"/reviews/{review.pk}/letter").content.decode()
    assert f"/reviews/{review.pk}/letter/with-link" in letter
    confirm = client.get(f"/reviews/{review.pk}/letter/with-link").content.decode()
    assert "Any link the child already has stops working now" in confirm
    assert not ChildLink.objects.filter(withdrawn_at__isnull=False).exists()  # GET changes nothing

    printed = client.post(f"/reviews/{review.pk}/letter/with-link").content.decode()
    assert "Thank you for coming to your review." in printed
    assert "OFFICIAL-SENSITIVE" in printed
    url = re.search(r"(http://testserver/for-you/[\w-]+)", printed)
    code = re.search(r"Your code: <strong[^>]*>(\w+)</strong>", printed)
    assert url and code and "<path" in printed  # the QR code, drawn as SVG
    # Only hashes are kept; the earlier link stopped; the new one opens with its code.
    new = ChildLink.objects.get(withdrawn_at__isnull=True)
    assert code.group(1) not in new.code_hash
    assert Client().get(old_path).status_code == 410
    path = url.group(1).replace("http://testserver", "")
    assert Client().post(path, {"code": code.group(1)}).status_code == 302
    assert AuditEntry.objects.filter(object_type="child_link", action="create").count() == 2


def test_only_those_who_give_links_print_the_letter_with_one(
    setup: dict[str, Any], client_for: Any, make_iro: Any
) -> None:
    review = _finalised_review(setup["child"], setup["iro"])
    colleague = Client()
    colleague.force_login(make_iro().user)
    assert colleague.post(f"/reviews/{review.pk}/letter/with-link").status_code == 403
    assert (
        client_for(Role.OPERATIONAL).post(f"/reviews/{review.pk}/letter/with-link").status_code
        == 403
    )
    assert not ChildLink.objects.exists()


def test_the_paper_consultation_form_prints_with_or_without_a_new_link(
    setup: dict[str, Any], client: Client
) -> None:
    child, iro = setup["child"], setup["iro"]
    client.force_login(iro.user)
    record = client.get(f"/children/{child.pk}/").content.decode()
    assert f"/children/{child.pk}/consultation-form" in record
    paper = client.get(f"/children/{child.pk}/consultation-form").content.decode()
    assert "Tell your IRO before your review" in paper and "Hello Poppy" in paper
    assert "What worries you?" in paper and "OFFICIAL-SENSITIVE" in paper
    assert "Your code:" not in paper and not ChildLink.objects.exists()

    old_path, _ = _give_link(client, child)
    printed = client.post(f"/children/{child.pk}/consultation-form").content.decode()
    url = re.search(r"(http://testserver/for-you/[\w-]+)", printed)
    code = re.search(r"Your code: <strong[^>]*>(\w+)</strong>", printed)
    assert url and code and "<path" in printed and "What worries you?" in printed
    assert Client().get(old_path).status_code == 410  # the earlier link stopped
    path = url.group(1).replace("http://testserver", "")
    assert Client().post(path, {"code": code.group(1)}).status_code == 302
    assert code.group(1) not in ChildLink.objects.get(withdrawn_at__isnull=True).code_hash


def test_only_those_who_give_links_print_the_paper_form_with_one(
    setup: dict[str, Any], client_for: Any, make_iro: Any
) -> None:
    colleague = Client()
    colleague.force_login(make_iro().user)
    path = f"/children/{setup['child'].pk}/consultation-form"
    assert colleague.post(path).status_code == 403
    assert client_for(Role.OPERATIONAL).get(path).status_code == 403
    assert not ChildLink.objects.exists()


def test_the_printed_forms_issue_the_same_queries_however_many_invitees_and_old_links(
    setup: dict[str, Any], client: Client
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    child, iro = setup["child"], setup["iro"]
    review = _finalised_review(child, iro)
    client.force_login(iro.user)
    convening = Convening.objects.get(child=child)

    def counts() -> list[int]:
        found = []
        for method, path in (
            ("get", f"/children/{child.pk}/consultation-form"),
            ("post", f"/children/{child.pk}/consultation-form"),
            ("post", f"/reviews/{review.pk}/letter/with-link"),
        ):
            with CaptureQueriesContext(connection) as queries:
                assert getattr(client, method)(path).status_code == 200
            found.append(len(queries))
        return found

    counts()  # the first request also warms what every page reads once (council settings)
    small = counts()
    for n in range(4):
        convening.invitees.create(role="parent", name=f"Parent {n}", invited=True)
        _give_link(client, child)
    assert counts() == small
