"""The register lists children by surname as a UK reader expects: case and spaces do not split
"van Dyke" from "Vaughan". PostgreSQL sorts with the database's collation, en_GB.UTF-8 in
production and in scripts/with-postgres.sh; SQLite's binary order is not what users see."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from iro.children.selectors import children_register

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="collation is the database server's"
    ),
]


def test_surnames_sort_as_in_a_uk_phone_book(make_child: Any) -> None:
    for surname in ("Vaughan", "van Dyke", "Adams", "de Souza", "Dean", "MacLeod", "Mabey"):
        make_child(last_name=surname)
    with connection.cursor() as cursor:
        cursor.execute("SELECT datcollate FROM pg_database WHERE datname = current_database()")
        assert cursor.fetchone()[0] == "en_GB.UTF-8"
    assert [c.last_name for c in children_register()] == [
        "Adams", "Dean", "de Souza", "Mabey", "MacLeod", "van Dyke", "Vaughan",
    ]  # fmt: skip
