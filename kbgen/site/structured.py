"""schema.org structured data (FAQPage and HowTo) for an article page."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

from kbgen.content.model import Entry


class _StepsParser(HTMLParser):
    """Collect the items of the first ordered list after the "Step by step" heading."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.in_heading = False
        self.heading_text = ""
        self.after_steps_heading = False
        self.depth = 0  # list nesting, counted from the steps' own <ol>
        self.done = False
        self.steps: list[str] = []
        self._item: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.done:
            return
        if tag in ("h2", "h3"):
            self.in_heading, self.heading_text = True, ""
            if self.after_steps_heading and self.depth == 0 and self.steps:
                self.done = True
        elif (tag == "ol" and self.after_steps_heading) or (tag == "ul" and self.depth):
            self.depth += 1  # lists nested inside a step belong to that step
        elif tag == "li" and self.depth == 1:
            self._item = []
        elif tag == "li" and self._item is not None:
            self._item.append(" ")  # keep nested items apart as words

    def handle_endtag(self, tag: str) -> None:
        if self.done:
            return
        if tag in ("h2", "h3") and self.in_heading:
            self.in_heading = False
            self.after_steps_heading = "step" in self.heading_text.lower()
        elif tag == "li" and self.depth == 1 and self._item is not None:
            text = " ".join("".join(self._item).split())
            if text:
                self.steps.append(text)
            self._item = None
        elif tag in ("ol", "ul") and self.depth:
            self.depth -= 1
            if self.depth == 0:
                self.done = True

    def handle_data(self, data: str) -> None:
        if self.in_heading:
            self.heading_text += data
        elif self._item is not None:
            self._item.append(data)


# Section starts: the HTML is fed a section at a time, and the rest skipped once the steps
# are read (the sections after them are often most of the article).
_SECTION_START = re.compile(r"(?=<h[23][\s>])")


def steps_from_html(html: str) -> list[str]:
    parser = _StepsParser()
    for section in _SECTION_START.split(html):
        parser.feed(section)
        if parser.done:
            break
    return parser.steps


def article_structured_data(entry: Entry, html: str, url: str) -> list[dict[str, Any]]:
    """A FAQPage (the question and its short answer) and, when there are steps, a HowTo."""
    data: list[dict[str, Any]] = [
        {
            "@context": "https://schema.org",
            "@type": "FAQPage",
            "mainEntity": [
                {
                    "@type": "Question",
                    "name": entry.title,
                    "acceptedAnswer": {"@type": "Answer", "text": entry.summary},
                }
            ],
        }
    ]
    steps = steps_from_html(html)
    if steps:
        howto: dict[str, Any] = {
            "@context": "https://schema.org",
            "@type": "HowTo",
            "name": entry.title,
            "description": entry.summary,
            "step": [
                {"@type": "HowToStep", "position": i, "text": text}
                for i, text in enumerate(steps, 1)
            ],
        }
        if url:
            howto["url"] = url
        data.append(howto)
    return data
