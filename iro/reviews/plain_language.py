"""The plain-language check on a letter to a child: acronyms to replace and the reading age.

Pure functions on text (no Django): the letter page and its tests call them directly.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import textstat

__all__ = [
    "ACRONYMS",
    "PROMPT",
    "AcronymFinding",
    "PlainLanguageCheck",
    "find_acronyms",
    "missing_recommendations",
    "plain_language_check",
    "prompts_left",
    "reading_age",
]

# Acronym -> the words to use instead. Data, not code: add a row to flag another one.
ACRONYMS: dict[str, str] = {
    "CLA": "in care (or 'children in care')",
    "LAC": "in care (or 'children in care')",
    "IRO": "my name, or 'the person who chairs your meetings'",
    "SW": "your social worker (use their name)",
    "PEP": "your plan for school",
    "CAMHS": "the service that helps children with their feelings and worries",
    "LADO": "the person who checks that adults who work with children are safe",
    "PA": "your personal adviser (use their name)",
    "EHCP": "your plan for extra help at school",
    "CIN": "the plan to help you and your family",
    "CP": "the plan to keep you safe",
    "SGO": "the court order that lets someone you know look after you until you are 18",
    "FGC": "a family meeting",
    "LA": "the council",
    "ICO": "the court order made for now, while the court decides",
    "PLO": "the meetings the council has with your parents before going to court",
    "YOT": "the youth justice team",
    "UASC": "young person who came to this country on their own",
    "SDQ": "the questions about how you are feeling",
    "IHA": "your health check",
    "RHA": "your health check",
    "IV": "your independent visitor (someone who visits just for you)",
    "NEET": "not in school, work or training",
    "CSE": "being hurt or used by people who want something from you",
    "DOB": "your birthday",
    "FC": "your foster carer (use their name)",
    "TM": "the social worker's manager",
    "ADM": "the person who makes the decision",
}

_WORD = re.compile(r"\b[A-Z]{2,6}\b")
PROMPT = re.compile(r"\[[^\]\n]{3,}\]")


@dataclass(frozen=True)
class AcronymFinding:
    acronym: str
    instead: str
    count: int


@dataclass(frozen=True)
class PlainLanguageCheck:
    acronyms: tuple[AcronymFinding, ...]
    reading_age: int | None
    target_reading_age: int
    prompts_left: int = 0
    # Recommendations recorded on the review that the letter does not tell the child about.
    missing_recommendations: tuple[str, ...] = ()

    @property
    def too_hard(self) -> bool:
        return self.reading_age is not None and self.reading_age > self.target_reading_age

    @property
    def passes(self) -> bool:
        return (
            not self.acronyms
            and not self.too_hard
            and not self.prompts_left
            and not self.missing_recommendations
        )


def find_acronyms(text: str) -> tuple[AcronymFinding, ...]:
    """Known acronyms in the text, in the order they first appear, with how often."""
    counts: dict[str, int] = {}
    for match in _WORD.finditer(text):
        word = match.group(0)
        if word in ACRONYMS:
            counts[word] = counts.get(word, 0) + 1
    return tuple(AcronymFinding(word, ACRONYMS[word], n) for word, n in counts.items())


def prompts_left(text: str) -> int:
    """How many of the template's [square-bracket] prompts are still in the letter."""
    return len(PROMPT.findall(text))


def reading_age(text: str) -> int | None:
    """Reading age in years: the Flesch-Kincaid grade plus 5 (US grade 1 is age 6).

    None for text too short to judge (fewer than 10 words)."""
    if len(text.split()) < 10:
        return None
    grade = float(textstat.flesch_kincaid_grade(text))
    return max(5, round(grade + 5))


_LETTERS = re.compile(r"[a-z]+")


def _key_words(text: str) -> set[str]:
    # Words of four letters or more carry the meaning ("book", "dentist"); "the", "and" do not.
    return {word for word in _LETTERS.findall(text.lower()) if len(word) >= 4}


def missing_recommendations(text: str, recommendations: Iterable[str]) -> tuple[str, ...]:
    """The recommendations (their action) the letter does not mention: fewer than two thirds of
    the action's key words appear in the letter. The IRO may reword an action; leaving it out
    means the child is not told who will do what."""
    letter_words = _key_words(text)
    missing = []
    for action in recommendations:
        words = _key_words(action)
        if words and len(words & letter_words) * 3 < len(words) * 2:
            missing.append(action)
    return tuple(missing)


def plain_language_check(
    text: str, *, target_reading_age: int, recommendations: Iterable[str] = ()
) -> PlainLanguageCheck:
    return PlainLanguageCheck(
        acronyms=find_acronyms(text),
        reading_age=reading_age(PROMPT.sub("", text)),
        target_reading_age=target_reading_age,
        prompts_left=prompts_left(text),
        missing_recommendations=missing_recommendations(text, recommendations),
    )
