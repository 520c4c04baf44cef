"""The article page's parts, glossary forms and computed related articles, without a browser."""

from __future__ import annotations

from pathlib import Path

import yaml

from kbgen.content.glossary import by_letter, first_mentions_only, other_names
from kbgen.content.loader import load_kb
from kbgen.content.model import GlossaryTerm
from kbgen.site import related as related_module
from kbgen.site.article_page import split_quick_fix
from kbgen.site.related import nearest_articles
from tests.support.paths import REPO


def test_the_quick_fix_leads_and_leaves_the_body() -> None:
    html = '<h2 id="quick-fix">Quick fix</h2>\n<p>Turn it off.</p>\n<h2 id="steps">Steps</h2><ol>'
    parts = split_quick_fix(html)
    assert parts.quick_fix == "<p>Turn it off.</p>"
    assert parts.rest == '<h2 id="steps">Steps</h2><ol>'


def test_without_a_quick_fix_first_the_body_stays_whole() -> None:
    for html in ('<h2 id="steps">Steps</h2><h2>Quick fix</h2><p>x</p>', "<p>Just text.</p>"):
        parts = split_quick_fix(html)
        assert parts.quick_fix == "" and parts.rest == html


def test_only_the_first_mention_keeps_its_tooltip() -> None:
    html = (
        '<p><abbr title="A key">Caps Lock</abbr> and <abbr title="Letters">case</abbr>.</p>'
        '<p>Press <abbr title="A key">Caps Lock</abbr> or <abbr title="A key">caps lock</abbr>.</p>'
    )
    assert first_mentions_only(html) == (
        '<p><abbr title="A key">Caps Lock</abbr> and <abbr title="Letters">case</abbr>.</p>'
        "<p>Press Caps Lock or caps lock.</p>"
    )


def test_also_called_leaves_out_the_term_in_another_form() -> None:
    term = GlossaryTerm(
        "browser", "x", ("browsers", "Browser", "web browser", "web browsers", "Web Browser")
    )
    assert other_names(term) == ["web browser"]
    assert other_names(GlossaryTerm("cookies", "x", ("cookie", "tracker"))) == ["tracker"]
    assert other_names(GlossaryTerm("case-sensitive", "x", ("case sensitive",))) == []


def test_glossary_letters_ignore_case_and_group_digits() -> None:
    terms = (GlossaryTerm("Zip", "x"), GlossaryTerm("2FA", "x"), GlossaryTerm("apple", "x"))
    groups = by_letter(terms)
    assert [g.letter for g in groups] == ["#", "A", "Z"]
    assert groups[0].anchor == "letter-0"


def _article(root: Path, category: str, slug: str, meta: dict, body: str) -> None:
    path = root / category / f"{slug}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    front = yaml.safe_dump({"summary": "x.", **meta}, sort_keys=False)
    path.write_text(f"---\n{front}---\n{body}\n", "utf-8")


def test_related_articles_are_the_nearest_by_their_words(tmp_path: Path) -> None:
    """A bakery's help centre (not the example shop): the nearest articles are computed for
    articles that list none; an owner's own list is left as it is."""
    _article(
        tmp_path,
        "allergies",
        "nut-allergy",
        {"title": "Do your cakes contain nuts?", "symptoms": ["nut allergy", "peanuts"]},
        "Our kitchen uses nuts. Every cake may hold traces of nuts and peanuts.",
    )
    _article(
        tmp_path,
        "allergies",
        "gluten-free",
        {"title": "Do you bake gluten-free cakes?", "symptoms": ["coeliac", "gluten allergy"]},
        "We bake gluten-free cakes on Fridays. Tell us about any allergy when you order.",
    )
    _article(
        tmp_path,
        "delivery",
        "late-delivery",
        {"title": "My cake delivery is late", "symptoms": ["driver has not arrived"]},
        "Deliveries run from 8 to 6. Track the driver with the link in your delivery email.",
    )
    _article(
        tmp_path,
        "delivery",
        "change-address",
        {"title": "Change my delivery address", "related": ["gluten-free"]},
        "Open your order and choose a new delivery address before the driver leaves.",
    )
    _article(
        tmp_path,
        "shop",
        "gift-vouchers",
        {"title": "Buying a gift voucher", "symptoms": ["present for a friend"]},
        "Vouchers are sold in amounts of 10, 20 and 50 pounds and never expire.",
    )
    kb = load_kb(tmp_path)
    related = nearest_articles(kb)
    assert "change-address" not in related  # the owner's list stands
    assert related["nut-allergy"][0] == "gluten-free"
    assert related["late-delivery"][0] == "change-address"
    assert all(slug not in near for slug, near in related.items())
    assert related["gift-vouchers"] == ()  # nothing close enough is better than a poor link


def test_large_sites_pick_candidates_first_and_keep_the_nearest(monkeypatch) -> None:
    """Above `exact_up_to` articles the reduced space picks candidates and the full vectors
    rank them: on the example knowledge base, nearly the same lists as comparing every pair,
    with few enough candidates (5 of 30 articles) that the reduced space has to find them."""
    kb = load_kb(REPO / "content")
    exact = nearest_articles(kb)
    monkeypatch.setattr(related_module, "_CANDIDATES", 5)
    reduced = nearest_articles(kb, exact_up_to=0)
    assert exact.keys() == reduced.keys()
    firsts = sum(a[:1] == b[:1] for a, b in zip(exact.values(), reduced.values(), strict=True))
    shared = sum(
        len(set(a) & set(b)) for a, b in zip(exact.values(), reduced.values(), strict=True)
    )
    assert firsts >= 0.9 * len(exact)
    assert shared >= 0.8 * sum(len(a) for a in exact.values())
    assert all(slug not in near for slug, near in reduced.items())
