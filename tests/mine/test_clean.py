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
        ("The zip is empty.\n\nSent from Anna's iPhone", "The zip is empty."),
        ("I was sent from Anna's shop to you.", "I was sent from Anna's shop to you."),
        (
            "Good morning,\nwhere is my\n\n   invoice?\n\nKind regards,\nPiet",
            "where is my invoice?",
        ),
        ("> quoted line\nnew question here\n> another quoted", "new question here"),
        (
            "Best way to download on a phone?\nThanks in advance!",
            "Best way to download on a phone?",
        ),
        # Other languages' mail clients: German and Dutch name the writer after the verb.
        (
            "Hallo,\nmein Download geht nicht.\n\nAm Mo., 5. Dez. 2026 um 10:00 Uhr schrieb "
            "Support <help@shop.example>:\n> Wie können wir helfen?",
            "mein Download geht nicht.",
        ),
        (
            "mein Download geht nicht.\n\nAm 05.12.26 um 10:00 schrieb Support:\nalter Text",
            "mein Download geht nicht.",
        ),
        (
            "Hoi,\nhet werkt niet.\n\nOp ma 5 dec 2026 om 10:00 schreef Support "
            "<help@shop.example>:\n> oud",
            "het werkt niet.",
        ),
        (
            "não consigo abrir.\n\nEm seg., 5 de dez. de 2026 às 10:00, Support "
            "<help@shop.example> escreveu:\n> antigo",
            "não consigo abrir.",
        ),
        # A customer's own sentence that starts the same way stays.
        (
            "Am 3. Mai schrieb ich Ihnen:\nder Download geht nicht.",
            "Am 3. Mai schrieb ich Ihnen: der Download geht nicht.",
        ),
        # Phones' and mail apps' footers and forwarded headers in the sites' other languages.
        ("Der Download geht nicht.\n\nVon meinem iPhone gesendet", "Der Download geht nicht."),
        ("Le fichier est corrompu.\n\nEnvoyé de mon iPhone", "Le fichier est corrompu."),
        ("La descarga falla.\n\nEnviado desde mi Samsung Galaxy", "La descarga falla."),
        ("Het werkt niet.\n\nVerzonden vanaf mijn iPhone", "Het werkt niet."),
        ("Der Download geht nicht.\n\nOutlook für iOS beziehen", "Der Download geht nicht."),
        (
            "Der Download geht nicht.\n\nVon: Support <help@shop.example>\nGesendet: Montag, "
            "5. Dezember 2026 10:00\nAn: Anna\nBetreff: AW: Download\n\nalter Text",
            "Der Download geht nicht.",
        ),
        (
            "Le fichier est corrompu.\n\nDe : Support <help@shop.example>\nEnvoyé : lundi 5 "
            "décembre 2026 10:00\nÀ : Anne\n\nancien",
            "Le fichier est corrompu.",
        ),
        (
            "La descarga falla.\n\nDe: Support <help@shop.example>\nEnviado el: lunes, 5 de "
            "diciembre de 2026 10:00\nPara: Ana\n\nviejo",
            "La descarga falla.",
        ),
        (
            "Het werkt niet.\n\n---------- Doorgestuurd bericht ---------\nVan: Support",
            "Het werkt niet.",
        ),
        ("Von meinem Konto wurde zweimal abgebucht.", "Von meinem Konto wurde zweimal abgebucht."),
        # Greetings of British mail and to the owners by name, together.
        ("Morning all\n\nwe broke a glass", "we broke a glass"),
        ("Morning all do we need to bring firewood", "do we need to bring firewood"),
        ("Afternoon,\nwhere do i park", "where do i park"),
        ("Hi Tom and Ruth,\n\nswap dates please", "swap dates please"),
        ("Hello both, the key safe is stuck", "the key safe is stuck"),
        ("Hi Tom & Ruth! 3 dogs?", "3 dogs?"),
        # ... but a first word that only looks like one stays.
        ("Morning delivery never came", "Morning delivery never came"),
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


# -- Boilerplate learned from the export, and tickets that ask nothing ----------------------

QUESTIONS = [
    "How do I reset my password?",
    "The download link has expired.",
    "Can I get a refund for the font bundle?",
    "The zip file will not open on my Mac.",
    "Do you sell gift cards?",
    "I was charged twice for one order.",
    "Where is my invoice with the VAT number?",
    "Can I use the photos in a logo for my business?",
    "The install fails with error 1603 on Windows.",
    "How do I change the email address on my account?",
]
SIGNATURE = "[name] | Owner | Acme Design Studio | Unit 4, Mill Lane"


def _export() -> tuple[list[str], list[str]]:
    """30 customers of one company sign with the same block; others write plainly."""
    texts, customers = [], []
    for n in range(30):
        texts.append(f"{QUESTIONS[n % 10]} {SIGNATURE}")
        customers.append(f"acme-{n}")
    for n in range(60):
        subject = ("Help", "Question", "(no subject)", "Problem")[n % 4]
        texts.append(f"{subject}. {QUESTIONS[n % 10]}")
        customers.append(f"other-{n}")
    for n in range(12):  # one question many customers ask in the very same words
        texts.append("Why was my card declined at checkout?")
        customers.append(f"same-{n}")
    return texts, customers


def test_a_signature_30_customers_share_is_learned_and_removed() -> None:
    from kbgen.mine.boilerplate import learn, segment_key

    texts, customers = _export()
    found = learn(texts, customers)
    assert segment_key(SIGNATURE) in found.sentences
    assert found.remove(texts[0]) == QUESTIONS[0]
    assert found.remove(texts[31]) == QUESTIONS[1]  # "Question." was only the subject
    # A question asked word for word by many customers is what they ask: it stays.
    assert found.remove(texts[-1]) == "Why was my card declined at checkout?"
    assert not any("password" in s or "declined" in s for s in found.sentences)


def test_remove_gives_the_same_answer_from_its_sentence_memo(monkeypatch) -> None:
    import kbgen.mine.boilerplate as boilerplate

    texts, customers = _export()
    found = boilerplate.learn(texts, customers)
    first = [found.remove(t) for t in texts]
    assert [found.remove(t) for t in texts] == first  # second time from the memo
    # A memo that fills up is emptied: memory stays flat, the answers stay the same.
    monkeypatch.setattr(boilerplate, "MAX_SEEN", 5)
    fresh = boilerplate.learn(texts, customers)
    assert [fresh.remove(t) for t in texts] == first
    assert len(fresh._seen) <= 5


def test_generic_subjects_are_seeds_in_brackets_too() -> None:
    from kbgen.mine.boilerplate import is_seed_sentence

    for subject in ("(no subject)", "(no subject).", "[No subject]", "Help.", "(Question)"):
        assert is_seed_sentence(subject), subject
    assert not is_seed_sentence("(the zip will not open)")


def test_one_customer_signing_is_not_everybodys_boilerplate() -> None:
    from kbgen.mine.boilerplate import learn

    texts = [f"{q} {SIGNATURE}" for q in QUESTIONS] * 3
    found = learn(texts, ["the-same-customer"] * len(texts))
    assert not found.sentences
    assert found.remove(texts[0]).endswith("Mill Lane")


def test_a_subject_stays_when_it_carries_the_question() -> None:
    from kbgen.mine.boilerplate import learn

    texts = [f"Refund. {q}" for q in ("I want my money back.", "Please refund my order.")] * 10
    texts += _export()[0]
    customers = [f"c{n}" for n in range(len(texts))]
    found = learn(texts, customers)
    assert found.remove(texts[0]) == "Refund. I want my money back."


def test_glued_on_signatures_and_mail_footers_are_cut() -> None:
    from kbgen.mine.boilerplate import learn

    tail = "Please help ASAP [name] [email]"
    texts = [f"{q.rstrip('.?')} {tail}" for q in QUESTIONS for _ in range(2)]
    found = learn(texts, [f"c{n}" for n in range(len(texts))])
    assert found.remove(texts[0]) == "How do I reset my password"
    footer = "My file is broken. [name] This email and any attachments are confidential."
    assert found.remove(footer) == "My file is broken."
    assert found.remove("Re: Fwd: The link expired. Sent from my iPhone") == "The link expired."


def test_context_sentences_glued_on_with_a_comma_or_dash_are_cut() -> None:
    """A sentence the export writes on its own line for all sorts of questions ("Booking
    ref [order].") says as little glued to the question by a comma or a dash."""
    from kbgen.mine.boilerplate import learn

    contexts = ("Booking ref [order].", "I did message last week too.", "We arrive on the {}th.")
    texts = [f"{q}\n{contexts[n % 3].format(n)}" for n, q in enumerate(QUESTIONS * 3)]
    found = learn(texts, [f"c{n}" for n in range(len(texts))])
    # Numbers of any length are one number: the 2nd and the 29th learn one sentence.
    assert found.remove("Wifi password? We arrive on the 4th") == "Wifi password?"
    assert found.remove("Wifi password - we arrive on the 114th.") == "Wifi password."
    assert found.remove("Invoice in euros, booking ref [order].") == "Invoice in euros."
    assert found.remove("Key box wont open - I did message last week too") == "Key box wont open"
    # The dashes phones and mail apps put in ("--" becomes "–" or "—") glue clauses too.
    assert found.remove("Key box wont open – I did message last week too") == "Key box wont open"
    assert found.remove("Wifi password — we arrive on the 12th") == "Wifi password"
    assert found.remove("Booking ref [order]; the hot tub is cold?") == "the hot tub is cold?"
    # Clauses that are not the export's boilerplate stay, and so does a lone context clause.
    assert found.remove("My order, the one from May, never came.") == (
        "My order, the one from May, never came."
    )
    assert found.remove("Booking ref [order], I did message last week too.") == (
        "Booking ref [order]."
    )


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Thanks guys!", "thanks"),
        ("Perfect, thanks Ruth x", "thanks"),
        ("Cheers Tom!", "thanks"),
        ("Thanks Ruth, the boiler is broken again", None),
        ("Worked 👌", "thanks"),
        ("Re: I can't open the ZIP file. Got it, thank you.", "thanks"),
        ("Great, all sorted now. Thanks guys!", "thanks"),
        ("Hello?", "greeting"),
        ("Hi there", "greeting"),
        ("[url]", "link"),
        ("see https://imgur.com/a/Xy12", "link"),
        ("", "empty"),
        ("[name] [phone]", "empty"),
        ("Re: Help", "empty"),
        ("Automatic reply: Help. Thank you for your email.", "auto-reply"),
        ("Your request #[order] has been received and is being reviewed.", "auto-reply"),
        ("Out of Office: Help. I am away until Monday.", "out-of-office"),
        ("I am out of the office until Monday with limited access to email.", "out-of-office"),
        ("Thanks, but the link still says it expired.", None),
        ("Worked once, now the download fails again", None),
        ("Thanks! Why does the zip not open?", None),
        ("It failed while I was on vacation in Spain.", None),
        ("https://shop.example/p/12 this page gives error 500 when I pay", None),
        # Social inboxes: the handle a message is addressed to is redacted before this.
        ("[username] DM sent", "thanks"),
        ("[username] [username] 👍", "empty"),
        ("[username] https://t.co/Ab12", "link"),
        ("[username] I sent you a DM, the code still fails", None),
        ("[username] the file was never sent", None),
        # Nudges that ask nothing, whatever tags or order number they carry.
        ("Hi, is anyone there?", "greeting"),
        ("[username] is anyone there", "greeting"),
        ("Still waiting #fail", "greeting"),
        ("[username] hello? order #[order] \U0001f644", "greeting"),
        ("[username] hello?? #notimpressed", "greeting"),
        ("hello? where is my order", None),
        ("Anyone there? My order [order] is late", None),
        ("is there #wifi?", None),
        ("Is there #parking #fail", None),
    ],
)
def test_tickets_that_ask_nothing_say_why(text: str, kind: str | None) -> None:
    from kbgen.mine.boilerplate import Boilerplate, not_a_question

    assert not_a_question(text, Boilerplate().remove(text)) == kind


def test_prepare_counts_what_asks_nothing_by_kind() -> None:
    from kbgen.mine.boilerplate import prepare

    texts, customers = _export()
    texts += ["Thanks guys!", "Worked 👌", "[url]", "Hello?"]
    customers += ["x1", "x2", "x3", "x4"]
    prepared = prepare(texts, customers)
    assert prepared.counts() == {"thanks": 2, "greeting": 1, "link": 1}
    assert len(prepared.questions) == len(texts) - 4
    assert prepared.texts[0] == QUESTIONS[0]


def test_tickets_that_ask_nothing_are_counted_and_never_ranked(tmp_path) -> None:
    import csv
    import json

    from kbgen.mine.pipeline import run
    from kbgen.mine.run_model import MineOptions

    replies = ["Thanks guys!", "Worked 👌", "https://bit.ly/3xYz12", "Hello?", ""]
    tickets = []
    for n in range(150):
        nothing = n % 6 == 5
        tickets.append(
            {
                "id": n + 1,
                "created_at": f"2026-01-{n % 28 + 1:02d}T10:00:00Z",
                "subject": "Re: Help" if nothing else "Help",
                "description": replies[n % 5] if nothing else QUESTIONS[n % 5],
                "requester_id": 100 + n,
            }
        )
    export = tmp_path / "tickets.json"
    export.write_text(json.dumps({"tickets": tickets}), encoding="utf-8")
    result = run(
        MineOptions(
            exports=[export], kb=tmp_path / "none", out=tmp_path / "out", store=tmp_path / "t.db"
        )
    )
    assert result.summary["not_questions"] == 25
    assert sum(result.summary["not_questions_by_kind"].values()) == 25
    assert set(result.summary["not_questions_by_kind"]) <= {"thanks", "greeting", "link", "empty"}
    assert sum(f.cluster.tickets for f in result.findings) <= 125
    for f in result.findings:
        assert not any(r.split()[0].lower() in f.cluster.label.lower() for r in replies if r)
    with (tmp_path / "out" / "assignments.csv").open(newline="", encoding="utf-8") as handle:
        group = {
            row["ticket_id"].rsplit("/", 1)[1]: int(row["cluster_id"])
            for row in csv.DictReader(handle)
        }
    assert all(group[str(n + 1)] == -1 for n in range(150) if n % 6 == 5)
