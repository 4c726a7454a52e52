"""Query-string numbers: a mistyped link falls back to no filter instead of an error."""

from __future__ import annotations

import pytest

from iro.core.params import int_param


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("3", 3),
        ("0", 0),
        ("-2", -2),
        (" 7 ", 7),
        (None, None),
        ("", None),
        ("x", None),
        ("3.5", None),
    ],
)
def test_int_param(value: str | None, expected: int | None) -> None:
    assert int_param(value) == expected
