"""How many customers' names survive redaction, in the ways tickets name people.

Each case is a ticket (subject, body) as a customer of a small shop writes it, with the names
in it; a name survives when any of its words is still in the stored text (`to_ticket`, so
cleaning, signature and requester rules all play). Names are made up. Two lists, both written
before the rules were changed: `TUNED` was looked at while the rules were written (names
after a comma or a dash, "under the name", full names no word introduces, "it's jake",
"signed, Karen", "xoxo Becky"); `HELD_OUT` was written at the same time and only scored.

    .venv/bin/python bench/redact_names.py [--show]

Measured when written (names surviving): tuned 10 of 20 -> 1 of 20 ("Ask for Dave"), held
out 13 of 20 -> 3 of 20 (a first name alone before "and", and two first names kbgen's list
lacks: "Rahul", "Lena"); the first of those was then looked at ("we are Hannah and Tobias
Weber": a first name joined to a redacted name), 2 of 20 since. `SECOND_BATCH`, written
after those changes: 15 of 20 before any of them, 7 of 20 after them, 5 of 20 after the
second look ("my husbands name, gary thompson", "ben" and "mark", which kbgen does not take
for names, "the receipt says karen walsh", "ask for steve").
"""

from __future__ import annotations

import argparse
import re

from kbgen.mine.model import RawTicket
from kbgen.mine.tickets import to_ticket

Case = tuple[str, str, tuple[str, ...]]  # subject, body, the names' words

TUNED: list[Case] = [
    ("", "Hi, this is Maria Gonzalez, I ordered a font last week", ("Maria", "Gonzalez")),
    ("", "My name's Tom and I can't log in to my account", ("Tom",)),
    ("", "The download is corrupt.\n\nKind regards\nDr. Emily Watson\nHead of Marketing",
     ("Emily", "Watson")),
    ("", "Sarah here - the download link doesn't work", ("Sarah",)),
    ("", "I'm writing on behalf of my mother, Jane Doe, who bought it.", ("Jane", "Doe")),
    ("", "Please send the invoice to Peter Müller at our Berlin office.", ("Peter", "Müller")),
    ("", "The zip won't open on my Mac.\n— Jean-Luc Picard", ("Jean-Luc", "Picard")),
    ("", "download link expired. cheers, mike", ("mike",)),
    ("", "Order placed under the name Robert Brown, can you resend it?", ("Robert", "Brown")),
    ("", "My colleague Anna Schmidt said you offer refunds?", ("Anna", "Schmidt")),
    ("", "Can't open the file. Ask for Dave if you call back.", ("Dave",)),
    ("", "Password not working\n\nsigned, Karen", ("Karen",)),
    ("", "Is this a scam?\n\nThanks!\n\nJohn", ("John",)),
    ("", "love the fonts but the license confuses me xoxo Becky", ("Becky",)),
    ("", "Hello team, Priya Patel again. Still can't download.", ("Priya", "Patel")),
    ("", "I bought it as a gift for my friend Chloe Martin", ("Chloe", "Martin")),
    ("", "hey its jake, cant find my download", ("jake",)),
    ("", "Account is registered to Giovanni Rossi but I changed my email",
     ("Giovanni", "Rossi")),
    ("", "Refund please. Best, Olu Adeyemi", ("Olu", "Adeyemi")),
    ("", "My son Liam bought this by accident with my card", ("Liam",)),
]  # fmt: skip

HELD_OUT: list[Case] = [
    ("Can't log in", "Hi there,\nAmelia Clarke here from Leeds. My password stopped working.",
     ("Amelia", "Clarke")),
    ("Refund", "I want a refund, my partner Daniel Okafor already bought the same pack.",
     ("Daniel", "Okafor")),
    ("", "Could you please change the name on the receipt to Sofia Rossi?", ("Sofia", "Rossi")),
    ("", "The licence should say Lucas Fernandes not my old company", ("Lucas", "Fernandes")),
    ("", "Download fails\n\nRegards\nNina\nSent from my phone", ("Nina",)),
    ("", "Hello, we are Hannah and Tobias Weber and we bought two copies.",
     ("Hannah", "Tobias", "Weber")),
    ("", "Is this a scam? A guy called Marcus Lee emailed me asking for my card.",
     ("Marcus", "Lee")),
    ("", "My account email is old, the account holder is Fatima Khan.", ("Fatima", "Khan")),
    ("", "zip is corrupt. Thank you so much! Yuki", ("Yuki",)),
    ("", "it's emma. the font won't show up in word", ("emma",)),
    ("", "Please cc my assistant Oliver Grant on the reply", ("Oliver", "Grant")),
    ("", "The order was for Rahul Sharma, he never got the email", ("Rahul", "Sharma")),
    ("", "Ana Lima\nOrder missing, please help", ("Ana", "Lima")),
    ("", "Hi! I'm the office manager (Greta Lindqvist) and need an invoice.",
     ("Greta", "Lindqvist")),
    ("", "can't open on iPad -- Sam Taylor", ("Sam", "Taylor")),
    ("", "downloaded twice, both broken. Rgds, Ivan Petrov", ("Ivan", "Petrov")),
    ("", "Dear support, Lena Müller writing, the link expired.", ("Lena", "Müller")),
    ("", "My daughter Mia set up the account, can she keep it?", ("Mia",)),
    ("", "Bought it for Kwame Mensah as a present", ("Kwame", "Mensah")),
    ("", "forwarding from Jessica Brown: the file is empty", ("Jessica", "Brown")),
]  # fmt: skip

# Written after the changes above, in the way messages to a support account are typed
# (small letters, handles); scored, then looked at for "her name is", "someone called" and
# kisses after a name.
SECOND_BATCH: list[Case] = [
    ("", "@ShopHelp my mum linda ordered the bundle but never got the email", ("linda",)),
    ("", "@ShopHelp hi its natalie again, still no download link", ("natalie",)),
    ("", "order is under my husbands name, gary thompson", ("gary", "thompson")),
    ("", "@ShopHelp can u resend to my sister, her name is rachel", ("rachel",)),
    ("", "spoke to someone called ben yesterday and he said it was fixed??", ("ben",)),
    ("", "the receipt says karen walsh but thats my old name", ("karen", "walsh")),
    ("", "my daughter sophie cant open it on her ipad", ("sophie",)),
    ("", "Hi it's Tom Baker again, the zip is still broken", ("Tom", "Baker")),
    ("", "Invoice for Dr Priya Nair please", ("Priya", "Nair")),
    ("", "I'm contacting you for my dad (Alan Hughes), he can't log in", ("Alan", "Hughes")),
    ("", "please refund to my partner mark", ("mark",)),
    ("", "Emailing on behalf of Jacqueline Moreau, our office manager",
     ("Jacqueline", "Moreau")),
    ("", "Its Olivia from the bakery. Download link dead", ("Olivia",)),
    ("", "From: Hugo Martins\nSent: Monday\nSubject: help\nthe font won't install",
     ("Hugo", "Martins")),
    ("", "ask for steve at our office if you call", ("steve",)),
    ("", "my wife, eleanor, set it up on her laptop", ("eleanor",)),
    ("", "Thanks heaps!! - Georgia x", ("Georgia",)),
    ("", "Account under Fernando Alvarez was charged twice", ("Fernando", "Alvarez")),
    ("", "Bought by my colleague, Ms. Ingrid Larsen", ("Ingrid", "Larsen")),
    ("", "love your stuff, regards jo", ("jo",)),
]  # fmt: skip


def surviving(cases: list[Case]) -> list[tuple[str, str]]:
    """(stored text, the first name word still in it) for each case whose name survives."""
    out = []
    for subject, body, names in cases:
        raw = RawTicket("csv", "1", 2, None, "customer@example.com", subject, body)
        text = to_ticket(raw, "bench-salt").text
        words = set(re.findall(r"[\w'’-]+", text.replace("[name]", " ")))
        left = [n for n in names if n in words]
        if left:
            out.append((text, left[0]))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="print the texts names survive in")
    args = parser.parse_args()
    for label, cases in (("tuned", TUNED), ("held out", HELD_OUT), ("second", SECOND_BATCH)):
        left = surviving(cases)
        print(f"{label:9s} names surviving in {len(left)} of {len(cases)} tickets")
        if args.show:
            for text, name in left:
                print(f"    {name!r} in {text!r}")


if __name__ == "__main__":
    main()
