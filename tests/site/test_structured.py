"""schema.org data: the steps of an article, nested lists included."""

from pathlib import Path

from kbgen.content.model import Entry
from kbgen.site.structured import article_structured_data, steps_from_html

HTML = """<h2 id="quick-fix">Quick fix</h2><ol><li>Not a step</li></ol>
<h2 id="step-by-step">Step by step</h2>
<ol>
<li>Open it with a PDF reader:<ul><li>Windows: Edge</li><li>Mac: Preview</li></ul></li>
<li>Click <strong>Save</strong>.</li>
</ol>
<h2>Why this happens</h2><ol><li>Also not a step</li></ol>"""


def test_steps_come_from_the_step_by_step_list_only() -> None:
    assert steps_from_html(HTML) == [
        "Open it with a PDF reader: Windows: Edge Mac: Preview",
        "Click Save.",
    ]


def test_structured_data_has_faq_and_howto() -> None:
    entry = Entry("x", "c", "My file is empty", "Download it again.", "", Path("x.md"), "c/x.md")
    faq, howto = article_structured_data(entry, HTML, "https://help.example/c/x/")
    assert faq["@type"] == "FAQPage"
    assert faq["mainEntity"][0]["acceptedAnswer"]["text"] == "Download it again."
    assert [s["position"] for s in howto["step"]] == [1, 2]
    assert article_structured_data(entry, "<p>No steps</p>", "")[1:] == []
