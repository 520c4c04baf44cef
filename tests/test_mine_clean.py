"""Cleaning: a ticket body reduced to the customer's question."""

from __future__ import annotations

import pytest

from kbgen.mine.clean import clean_body, html_to_text


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "Hi there,\n\nMy password doesn't work.\n\nThanks,\nAnna Smith\nPixel & Co",
            "My password doesn't work.",
        ),
        (
            "Hello Anna,\nI can't open the zip file.\n\nOn Mon, 5 Jan 2026 at 10:00, Support "
            "<s@shop.example> wrote:\n> Hello\n> older text",
            "I can't open the zip file.",
        ),
        ("Dear Support, the download link expired. Thanks, John", "the download link expired."),
        (
            "my file wont open\n\nFrom: Support\nSent: Monday\nTo: me\nSubject: Re: x\n\nold",
            "my file wont open",
        ),
        ("The link is dead.\n-----Original Message-----\nFrom: shop", "The link is dead."),
        ("Hello I can't log in\n-- \nMaria\n+44 20 7946 0958", "I can't log in"),
        (
            "Hi, I'm Maria and my download is corrupt.\nSent from my iPhone",
            "I'm Maria and my download is corrupt.",
        ),
        (
            "Good morning,\nwhere is my\n\n   invoice?\n\nKind regards,\nPiet",
            "where is my invoice?",
        ),
        ("> quoted line\nnew question here\n> another quoted", "new question here"),
        (
            "Best way to download on a phone?\nThanks in advance!",
            "Best way to download on a phone?",
        ),
    ],
)
def test_boilerplate_goes_and_the_question_stays(body: str, expected: str) -> None:
    assert clean_body(body) == expected


def test_html_bodies_become_text_and_lose_quoted_mail() -> None:
    body = (
        "<div>Hi,</div><div>I was <b>charged twice</b> &amp; want a refund.</div>"
        '<div class="gmail_quote">On Tue, Support wrote: <blockquote>old</blockquote></div>'
    )
    assert clean_body(body) == "I was charged twice & want a refund."
    assert "script" not in html_to_text("<p>ok</p><script>var script = 1;</script>")


def test_html_flag_overrides_detection() -> None:
    assert clean_body("a <b>b</b>", html=False) == "a <b>b</b>"
    assert clean_body("x &lt; y", html=True) == "x < y"


def test_all_boilerplate_keeps_the_message_rather_than_nothing() -> None:
    assert clean_body("Thanks!") == "Thanks!"
    assert clean_body("") == ""


def test_a_sign_off_word_inside_a_sentence_is_kept() -> None:
    text = "Thanks for the quick reply, but the link still says it expired yesterday evening."
    assert clean_body(text) == text
