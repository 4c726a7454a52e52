"""Plain-English labels for the SSDA903 codes the product shows (shared/domain.md §6).

Which codes are valid in which collection year is data owned by the 903 import; these are the
words shown to staff.
"""

from __future__ import annotations

REASON_NEW_EPISODE = {
    "S": "Started to be looked after",
    "L": "Change of legal status only",
    "P": "Change of placement and carer",
    "T": "Change of placement, same carer",
    "B": "Change of legal status, placement and carer",
    "U": "Change of legal status and placement, same carer",
}

LEGAL_STATUS = {
    "C1": "Interim care order",
    "C2": "Full care order",
    "D1": "Freeing order",
    "E1": "Placement order",
    "V2": "Single period of accommodation under section 20",
    "V3": "Accommodated under an agreed series of short-term breaks (single placements)",
    "V4": "Accommodated under an agreed series of short-term breaks (multiple placements)",
    "L1": "Under police protection",
    "L2": "Emergency protection order",
    "L3": "Child assessment order",
    "J1": "Remanded to local authority accommodation or youth detention",
    "J2": "Detained under PACE",
    "J3": "Youth rehabilitation order with residence requirement",
}
SHORT_BREAK_LEGAL_STATUSES = frozenset({"V3", "V4"})

CATEGORY_OF_NEED = {
    "N1": "Abuse or neglect",
    "N2": "Child's disability",
    "N3": "Parental illness or disability",
    "N4": "Family in acute stress",
    "N5": "Family dysfunction",
    "N6": "Socially unacceptable behaviour",
    "N7": "Low income",
    "N8": "Absent parenting",
}

PLACEMENT = {
    "A3": "Placed for adoption with consent, with current foster carer",
    "A4": "Placed for adoption with consent, not with current foster carer",
    "A5": "Placed for adoption with placement order, with current foster carer",
    "A6": "Placed for adoption with placement order, not with current foster carer",
    "H5": "Semi-independent living",
    "K1": "Secure children's home",
    "K2": "Children's home",
    "K3": "Supported accommodation",
    "P1": "Placed with parents",
    "P2": "Independent living",
    "P3": "Residential employment",
    "R1": "Residential care home",
    "R2": "NHS or health trust",
    "R3": "Family centre or mother and baby unit",
    "R5": "Young offender institution or prison",
    "S1": "Residential school",
    "T0": "Temporary placement",
    "T1": "Temporary periods in hospital",
    "T2": "Temporary absence on holiday",
    "T3": "Temporary accommodation while normal foster carer is away",
    "T4": "Temporary accommodation of seven days or less",
    "U1": "Foster placement with relative or friend, long term",
    "U2": "Foster placement with relative or friend, fostering for adoption",
    "U3": "Foster placement with relative or friend, not long term",
    "U4": "Foster placement with other foster carer, long term",
    "U5": "Foster placement with other foster carer, fostering for adoption",
    "U6": "Foster placement with other foster carer, not long term",
    "Z1": "Other placement",
    "Z11": "Other placement: living with friends or family",
    "Z12": "Other placement: living independently",
    "Z13": "Other placement: elsewhere",
    "Z14": "Other placement: whereabouts unknown",
}

REASON_EPISODE_CEASED = {
    "X1": "Episode ceases, new episode begins on the same day",
    "E11": "Adopted: application unopposed",
    "E12": "Adopted: consent dispensed with",
    "E2": "Died",
    "E3": "Care taken over by another local authority",
    "E4A": "Returned home to parents as part of the care plan",
    "E4B": "Returned home to parents, not part of the care plan",
    "E13": "Left care to live with relatives without parental responsibility",
    "E41": "Residence order or child arrangements order",
    "E45": "Special guardianship order made to former foster carers",
    "E46": "Special guardianship order made to other carers",
    "E47": "Special guardianship order made to relatives or friends (former foster carers)",
    "E48": "Special guardianship order made to relatives or friends (other)",
    "E5": "Moved into independent living with supportive accommodation",
    "E6": "Moved into independent living without formalised support",
    "E7": "Transferred to residential care funded by adult social care",
    "E9": "Sentenced to custody",
    "E14": "Accommodation on remand ended",
    "E15": "Age assessment found the child to be 18 or over",
    "E16": "Moved abroad",
    "E17": "Aged 18 and stayed with foster carers (staying put)",
    "E8": "Period of being looked after ceased for any other reason",
}

PARTICIPATION = {
    "PN0": "Child under 4 at the time of the review",
    "PN1": "Attended and spoke for themselves",
    "PN2": "Attended, and an advocate or the IRO conveyed their views",
    "PN3": "Attended and conveyed their views non-verbally",
    "PN4": "Attended but did not contribute",
    "PN5": "Did not attend, briefed an advocate or the IRO to speak for them",
    "PN6": "Did not attend, conveyed views another way (letter, text, phone, video)",
    "PN7": "Did not attend and did not convey views",
}

SEX = {"1": "Male", "2": "Female", "M": "Male", "F": "Female", "U": "Not known"}

ETHNICITY = {
    "WBRI": "White British",
    "WIRI": "White Irish",
    "WIRT": "Traveller of Irish heritage",
    "WOTH": "Any other White background",
    "WROM": "Gypsy or Roma",
    "MWBC": "White and Black Caribbean",
    "MWBA": "White and Black African",
    "MWAS": "White and Asian",
    "MOTH": "Any other mixed background",
    "AIND": "Indian",
    "APKN": "Pakistani",
    "ABAN": "Bangladeshi",
    "AOTH": "Any other Asian background",
    "BCRB": "Black Caribbean",
    "BAFR": "Black African",
    "BOTH": "Any other Black background",
    "CHNE": "Chinese",
    "OOTH": "Any other ethnic group",
    "REFU": "Refused",
    "NOBT": "Information not yet obtained",
}


def choices(labels: dict[str, str]) -> list[tuple[str, str]]:
    return [(code, f"{code}: {label}") for code, label in labels.items()]
