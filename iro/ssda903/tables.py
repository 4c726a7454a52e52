"""The SSDA903 tables: their columns, which are dates, which must be filled, and each row's key.

A file is recognised by its header row, never by its name (shared/domain.md §6).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Table:
    name: str
    label: str
    columns: tuple[str, ...]
    # Columns that identify the table when seen in a header row (besides CHILD/DOB/SEX).
    distinctive: frozenset[str]
    required: frozenset[str] = frozenset({"CHILD"})
    dates: frozenset[str] = frozenset()
    # Dates whose day may be written `zz` (previous permanence).
    partial_dates: frozenset[str] = frozenset()
    # Columns making a row unique; the same key twice with different content is an error.
    key: tuple[str, ...] = ()
    stored: bool = False  # loaded into the product (others are checked and counted only)
    # Two rows with the same key but different details: an error, or (reviews) a warning that
    # keeps the first — two meetings on one day are one review in the product.
    clash_is_warning: bool = False
    since_year: int = 0
    # The DfE rule code of a column's code-list or date check (101 for SEX in the header...).
    rules: dict[str, str] = field(default_factory=dict)


TABLES: dict[str, Table] = {
    table.name: table
    for table in (
        Table(
            "header",
            "Header",
            ("CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"),
            frozenset({"ETHNIC", "UPN", "MOTHER", "MC_DOB"}),
            required=frozenset({"CHILD", "SEX", "DOB"}),
            dates=frozenset({"DOB", "MC_DOB"}),
            key=("CHILD",),
            stored=True,
            rules={"SEX": "101", "DOB": "102", "ETHNIC": "103", "MC_DOB": "171"},
        ),
        Table(
            "episodes",
            "Episodes",
            (
                "CHILD",
                "DECOM",
                "RNE",
                "LS",
                "CIN",
                "PLACE",
                "PLACE_PROVIDER",
                "DEC",
                "REC",
                "REASON_PLACE_CHANGE",
                "HOME_POST",
                "PL_POST",
                "URN",
            ),
            frozenset({"DECOM", "RNE", "LS", "CIN", "PLACE", "DEC", "REC"}),
            required=frozenset({"CHILD", "DECOM", "RNE", "LS", "PLACE"}),
            dates=frozenset({"DECOM", "DEC"}),
            key=("CHILD", "DECOM"),
            stored=True,
            rules={
                "DECOM": "141",
                "RNE": "143",
                "LS": "144",
                "CIN": "145",
                "PLACE": "146",
                "DEC": "147",
                "REC": "149",
                "PLACE_PROVIDER": "178",
                "REASON_PLACE_CHANGE": "1009",
            },
        ),
        Table(
            "reviews",
            "Reviews",
            ("CHILD", "DOB", "REVIEW", "REVIEW_CODE"),
            frozenset({"REVIEW", "REVIEW_CODE"}),
            required=frozenset({"CHILD", "DOB", "REVIEW", "REVIEW_CODE"}),
            dates=frozenset({"DOB", "REVIEW"}),
            key=("CHILD", "REVIEW"),
            stored=True,
            clash_is_warning=True,
            rules={"REVIEW": "166", "REVIEW_CODE": "167"},
        ),
        Table(
            "uasc",
            "UASC",
            ("CHILD", "SEX", "DOB", "DUC"),
            frozenset({"DUC"}),
            dates=frozenset({"DOB", "DUC"}),
            key=("CHILD",),
        ),
        Table(
            "oc2",
            "OC2",
            (
                "CHILD",
                "DOB",
                "SDQ_SCORE",
                "SDQ_REASON",
                "CONVICTED",
                "HEALTH_CHECK",
                "IMMUNISATIONS",
                "TEETH_CHECK",
                "HEALTH_ASSESSMENT",
                "SUBSTANCE_MISUSE",
                "INTERVENTION_RECEIVED",
                "INTERVENTION_OFFERED",
            ),
            frozenset({"SDQ_SCORE", "SDQ_REASON", "CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS"}),
            dates=frozenset({"DOB"}),
            key=("CHILD",),
        ),
        Table(
            "oc3",
            "OC3",
            ("CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"),
            frozenset({"IN_TOUCH", "ACTIV", "ACCOM"}),
            dates=frozenset({"DOB"}),
            key=("CHILD",),
        ),
        Table(
            "ad1",
            "AD1",
            (
                "CHILD",
                "DOB",
                "DATE_INT",
                "DATE_MATCH",
                "FOSTER_CARE",
                "NB_ADOPTR",
                "SEX_ADOPTR",
                "LS_ADOPTR",
            ),
            frozenset({"DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR"}),
            dates=frozenset({"DOB", "DATE_INT", "DATE_MATCH"}),
        ),
        Table(
            "placed_for_adoption",
            "Placed for adoption",
            ("CHILD", "DOB", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"),
            frozenset({"DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"}),
            dates=frozenset({"DOB", "DATE_PLACED", "DATE_PLACED_CEASED"}),
        ),
        Table(
            "previous_permanence",
            "Previous permanence",
            ("CHILD", "DOB", "PREV_PERM", "LA_PERM", "DATE_PERM"),
            frozenset({"PREV_PERM", "LA_PERM", "DATE_PERM"}),
            dates=frozenset({"DOB"}),
            partial_dates=frozenset({"DATE_PERM"}),
        ),
        Table(
            "missing",
            "Missing",
            ("CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"),
            frozenset({"MISSING", "MIS_START", "MIS_END"}),
            dates=frozenset({"DOB", "MIS_START", "MIS_END"}),
        ),
        Table(
            "sw_episodes",
            "Social worker episodes",
            ("CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"),
            frozenset({"SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"}),
            required=frozenset({"CHILD", "SW_ID", "SW_DECOM"}),
            dates=frozenset({"DOB", "SW_DECOM", "SW_DEC"}),
            key=("CHILD", "SW_DECOM", "SW_ID"),
            stored=True,
            since_year=2023,
        ),
    )
}

# Load order within a year: the header first (every other table refers to it).
TABLE_ORDER = list(TABLES)


def recognise(columns: list[str]) -> tuple[Table | None, list[str], list[str]]:
    """The table a header row belongs to, with its missing and unexpected columns.

    The table is the one sharing the most distinctive columns with the header row; a header row
    sharing none with any table is not a 903 table (None).
    """
    seen = {c.strip().upper() for c in columns}
    best: Table | None = None
    best_score = 0.0
    for table in TABLES.values():
        shared = len(seen & table.distinctive)
        if not shared:
            continue
        score = shared / len(table.distinctive) + 0.01 * len(seen & set(table.columns))
        if score > best_score:
            best, best_score = table, score
    if best is None:
        return None, [], []
    missing = [c for c in best.columns if c not in seen]
    unexpected = [c for c in columns if c.strip().upper() not in best.columns]
    return best, missing, unexpected
