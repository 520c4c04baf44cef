"""A Zendesk JSON export with customers writing in English, German and French, as a shop that
sells abroad receives it: greetings, sign-offs with names, phone numbers, order numbers,
generic subjects. Deterministic (seeded), so tests can name what must come out of it."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

# (topic, language) -> what customers write. German and French sign-offs and greetings are
# what a help desk's German and French customers send; names are planted to be redacted.
QUESTIONS: dict[tuple[str, str], list[str]] = {
    ("password", "en"): [
        "My password doesn't work, it says invalid password.",
        "I can't log in, my password is not accepted.",
        "Password not working even though I typed it right.",
        "The login keeps telling me my password is wrong.",
    ],
    ("link", "en"): [
        "The download link in my email has expired.",
        "My download link doesn't work any more, it says expired.",
        "Download link is dead, page not found when I click it.",
        "The link to download my files has expired, can you send a new one?",
    ],
    ("refund", "en"): [
        "I would like a refund for my order please.",
        "How do I get my money back? I want a refund.",
        "Can I get a refund, the product is not what I expected.",
        "Please refund my purchase, I bought it by mistake.",
    ],
    ("password", "de"): [
        "Mein Passwort funktioniert nicht, es heißt immer falsches Passwort.",
        "Ich kann mich nicht anmelden, mein Passwort wird nicht akzeptiert.",
        "Das Passwort geht nicht, obwohl ich es richtig eingebe.",
        "Beim Einloggen steht jedes Mal, dass mein Passwort falsch ist.",
    ],
    ("link", "de"): [
        "Der Download-Link in meiner E-Mail ist abgelaufen.",
        "Mein Download-Link funktioniert nicht mehr, da steht abgelaufen.",
        "Der Link zum Herunterladen ist abgelaufen, können Sie mir einen neuen schicken?",
        "Der Downloadlink geht nicht mehr, die Seite wird nicht gefunden.",
    ],
    ("invoice", "de"): [
        "Ich brauche eine Rechnung mit Mehrwertsteuer für meine Firma.",
        "Können Sie mir bitte eine Rechnung mit ausgewiesener Mehrwertsteuer schicken?",
        "Für die Buchhaltung brauche ich eine Rechnung mit Mehrwertsteuer.",
        "Wo finde ich die Rechnung mit Mehrwertsteuer für meine Bestellung?",
    ],
    ("refund", "fr"): [
        "Je voudrais être remboursé, le fichier ne correspond pas à la description.",
        "Comment puis-je obtenir un remboursement pour ma commande ?",
    ],
}
GREETINGS = {
    "en": ["Hi,", "Hello,", "Hi there,", "Dear support,"],
    "de": ["Hallo,", "Guten Tag,", "Hallo zusammen,", "Sehr geehrte Damen und Herren,"],
    "fr": ["Bonjour,", "Bonjour Madame, Monsieur,"],
}
SIGNOFFS = {
    "en": ["Thanks,\n{name}", "Kind regards,\n{name}", "Cheers\n{name}"],
    "de": ["Mit freundlichen Grüßen\n{name}", "Viele Grüße\n{name}", "Danke und Gruß\n{name}"],
    "fr": ["Cordialement,\n{name}", "Merci d'avance,\n{name}"],
}
NAMES = {
    "en": ["Mark Silva", "Jenny Brooks", "Tom Walker", "Aisha Khan", "Peter Jones"],
    "de": ["Anna Schmidt", "Jonas Becker", "Lea Hoffmann", "Klaus Wagner", "Sabine Krüger"],
    "fr": ["Camille Dubois", "Julien Moreau"],
}
PHONES = {
    "en": "Call me on 07700 900123.",
    "de": "Sie erreichen mich unter 0171 2345678.",
    "fr": "Mon numéro : 06 12 34 56 78.",
}
SUBJECTS = {"en": ["Help", "Question", "Problem"], "de": ["Frage", "Hilfe"], "fr": ["Question"]}
COUNTS = {"en": 12, "de": 8, "fr": 1}  # tickets per question of each topic in a language


def make_export(seed: int = 7) -> tuple[dict[str, Any], dict[str, str]]:
    """The export, and per ticket id "<topic>/<lang>" (the truth tests compare against)."""
    rng = random.Random(seed)
    tickets, users, truth = [], [], {}
    start = datetime(2026, 9, 1, 9, 0)
    n = 0
    for (topic, lang), texts in QUESTIONS.items():
        for _ in range(COUNTS[lang]):
            for text in texts:
                n += 1
                name = rng.choice(NAMES[lang])
                body = f"{rng.choice(GREETINGS[lang])}\n\n{text}"
                if rng.random() < 0.3:
                    body += " " + PHONES[lang]
                body += "\n\n" + rng.choice(SIGNOFFS[lang]).format(name=name)
                subject = rng.choice(SUBJECTS[lang]) if rng.random() < 0.5 else text[:40]
                users.append(
                    {
                        "id": 5000 + n,
                        "name": name,
                        "email": f"{name.split()[0].lower()}{n}@example.org",
                    }
                )
                created = start + timedelta(hours=7 * n + rng.randint(0, 5))
                tickets.append(
                    {
                        "id": 9000 + n,
                        "created_at": created.strftime("%Y-%m-%dT%H:%M:%SZ"),
                        "subject": subject,
                        "description": body,
                        "requester_id": 5000 + n,
                        "status": "solved",
                    }
                )
                truth[str(9000 + n)] = f"{topic}/{lang}"
    return {"tickets": tickets, "users": users, "count": len(tickets)}, truth
