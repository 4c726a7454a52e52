"""The annual report's narrative: Markdown (CommonMark) through markdown-it-py, then nh3.

One rendering serves the page, the PDF and the Word file: `narrative_html` gives sanitised HTML
(paragraphs, bullet and numbered lists, bold, italic, links); `narrative_blocks` reads that same
HTML back as plain blocks of runs, which the Word writer maps to its paragraphs and list styles.
Anything else a writer types (raw HTML, scripts, images) is removed, its text kept where safe.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

_MARKDOWN = MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False})
_TAGS = {"p", "ul", "ol", "li", "strong", "em", "a", "br"}
_CLASSES = {
    "p": {"govuk-body"},
    "ul": {"govuk-list", "govuk-list--bullet"},
    "ol": {"govuk-list", "govuk-list--number"},
    "a": {"govuk-link"},
}
_SET = {
    "p": {"class": "govuk-body"},
    "ul": {"class": "govuk-list govuk-list--bullet"},
    "ol": {"class": "govuk-list govuk-list--number"},
    "a": {"class": "govuk-link"},
}


def narrative_html(text: str) -> Markup:
    """The narrative as safe HTML with GOV.UK classes; links only to http(s) and mailto."""
    if not text or not text.strip():
        return Markup("")
    raw = _MARKDOWN.render(text)
    clean = nh3.clean(
        raw,
        tags=_TAGS,
        attributes={"a": {"href"}},
        allowed_classes=_CLASSES,
        set_tag_attribute_values=_SET,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return Markup(clean)  # noqa: S704  # nosec B704 - sanitised by nh3 just above


@dataclass
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    href: str | None = None


@dataclass
class Block:
    """A paragraph or one list item: `kind` is "p", "bullet" or "number"; `list_index` counts
    the lists of the narrative, so a numbered list can restart at 1."""

    kind: str
    runs: list[Run] = field(default_factory=list)
    list_index: int = 0


class _Blocks(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.lists: list[str] = []
        self.list_count = 0
        self.bold = 0
        self.italic = 0
        self.href: str | None = None
        self.current: Block | None = None

    def _open(self, kind: str) -> None:
        self.current = Block(kind, list_index=self.list_count)
        self.blocks.append(self.current)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"ul", "ol"}:
            self.lists.append("bullet" if tag == "ul" else "number")
            self.list_count += 1
        elif tag == "li":
            self._open(self.lists[-1] if self.lists else "bullet")
        elif tag == "p":
            if not self.lists:
                self._open("p")
        elif tag == "strong":
            self.bold += 1
        elif tag == "em":
            self.italic += 1
        elif tag == "a":
            self.href = dict(attrs).get("href")
        elif tag == "br":
            self.handle_data("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in {"ul", "ol"} and self.lists:
            self.lists.pop()
            self.current = None
        elif tag in {"li", "p"}:
            self.current = None
        elif tag == "strong":
            self.bold -= 1
        elif tag == "em":
            self.italic -= 1
        elif tag == "a":
            self.href = None

    def handle_data(self, data: str) -> None:
        if self.current is None:
            if not data.strip():
                return
            self._open(self.lists[-1] if self.lists else "p")
        assert self.current is not None  # nosec B101 - opened just above
        self.current.runs.append(Run(data, self.bold > 0, self.italic > 0, self.href))


def narrative_blocks(text: str) -> list[Block]:
    """The sanitised narrative as blocks of runs (for Word), in the order they are shown."""
    parser = _Blocks()
    parser.feed(str(narrative_html(text)))
    parser.close()
    for block in parser.blocks:
        if block.runs:
            block.runs[0].text = block.runs[0].text.lstrip()
            block.runs[-1].text = block.runs[-1].text.rstrip()
    return [b for b in parser.blocks if any(r.text.strip() for r in b.runs)]
