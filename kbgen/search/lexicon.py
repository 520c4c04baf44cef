"""Everyday help-desk language: what customers type, mapped to what they are asking for.

A newcomer rarely uses the article's words. They write "money back" for a refund, "stop
charging me" for cancelling, "did my order go through" for an order confirmation, "ripped
off" when they fear a scam, "in spanish" when they want another language. This lexicon
ships with kbgen so that every owner's site understands these without a `_synonyms.yml`.

Each intent lists the words an article about it is likely to use (its meanings) and the
phrases customers use for it. A query containing a phrase also searches the meanings
(`engine.INTENT_BOOST`). A phrase of two or more words is an idiom: its own words say
little by themselves ("money", "back"), so they are searched with a lower weight
(`engine.IDIOM_WORD_BOOST`) and the intent carries the query.

Entries are generic: help-desk intents any small online business meets (orders, delivery,
payments, accounts, subscriptions, apps, video), spelling variants, irregular word forms
and language names. Shop-specific words belong in the owner's `content/_synonyms.yml`.
"""

from __future__ import annotations

from kbgen.search.analysis import is_stop_word, words

LANGUAGES = (
    "english", "french", "spanish", "german", "italian", "portuguese", "dutch", "polish",
    "swedish", "danish", "norwegian", "finnish", "greek", "turkish", "russian", "ukrainian",
    "arabic", "hebrew", "hindi", "urdu", "bengali", "chinese", "mandarin", "cantonese",
    "japanese", "korean", "vietnamese", "thai", "indonesian", "malay", "czech", "romanian",
    "hungarian", "welsh", "irish", "catalan", "croatian", "serbian", "bulgarian", "slovak",
    "espanol", "francais", "deutsch", "italiano", "portugues", "nederlands",
)  # fmt: skip

COUNTRIES = (
    "abroad", "overseas", "international", "internationally", "worldwide", "another country",
    "other countries", "outside the uk", "outside the us", "outside europe", "europe", "eu",
    "usa", "america", "canada", "mexico", "australia", "new zealand", "ireland", "france",
    "germany", "spain", "italy", "portugal", "netherlands", "holland", "belgium", "switzerland",
    "austria", "sweden", "norway", "denmark", "finland", "poland", "greece", "india", "china",
    "japan", "brazil", "south africa", "uae", "dubai", "singapore", "hong kong", "scotland",
    "northern ireland", "channel islands", "jersey", "guernsey",
)  # fmt: skip

# (meanings, phrases customers use for them)
# fmt: off
INTENTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    # -- money
    ("refund money back", (
        "money back", "my money", "want my money", "pay me back", "paid back", "give back",
        "reimburse", "reimbursed", "reimbursement", "compensation", "return my money",
        "refunded", "refunds", "refund me", "get a refund", "chargeback",
    )),
    ("refund cancel return", ("changed my mind", "change my mind", "dont want it", "do not want it",
                              "no longer want", "by mistake", "by accident", "accidentally",
                              "wrong one", "ordered wrong", "bought wrong")),
    ("cancel subscription", (
        "stop charging", "stop paying", "stop taking money", "stop billing", "stop the payments",
        "stop payments", "keep charging", "keeps charging", "still charging",
        "still being charged", "charged every month", "charging me every month",
        "taking money every month", "auto renew", "auto renewal", "automatic renewal",
        "renew", "renewal", "renewed", "renewing", "recurring", "unsubscribe", "terminate",
        "opt out", "get out of",
    )),
    ("cancel", ("stop my", "stop the", "call off", "dont need it anymore", "cancelation",
                "cancellation", "canceled", "cancelled", "cancelling", "canceling")),
    ("charged twice", ("double charged", "charged double", "charged two times", "two charges",
                       "paid twice", "charged 2 times", "duplicate payment",
                       "billed twice", "double payment")),
    ("payment declined card failed", (
        "cant pay", "cannot pay", "unable to pay", "wont let me pay", "will not let me pay",
        "wont take my card", "will not take my card", "card wont work", "card not working",
        "card rejected", "card refused", "payment wont go through", "bounced", "transaction failed",
        "payment error",
    )),
    ("payment", ("pay", "paying", "paid")),
    ("price cost", ("how much", "how expensive", "expensive", "pricing", "prices", "costs",
                    "fees", "rates", "tariff", "afford")),
    ("discount code coupon promo voucher", ("coupon", "coupons", "promo", "promocode",
                                            "promotional code", "offer code", "voucher code",
                                            "discount", "sale code", "money off", "percent off")),
    ("gift", ("present", "presents", "for my mum", "for my mom", "for my dad", "for a friend",
              "for someone else", "birthday", "christmas", "giftcard", "gift voucher",
              "gift certificate")),
    ("invoice receipt", ("receipt", "receipts", "tax invoice", "proof of purchase",
                         "proof of payment", "bill", "for my business",
                         "for my accountant", "expenses")),
    # -- scams and trust
    ("scam legit safe trust", (
        "scam", "scams", "scammer", "scammers", "scammed", "ripped off", "rip off", "ripoff",
        "fraud", "fraudulent", "fake", "con", "cons", "dodgy", "shady", "trust", "trustworthy",
        "legit", "legitimate", "genuine", "real company", "real business", "are you real",
        "is this real", "safe to buy", "thieves", "stole my money", "stolen my money",
    )),
    # -- orders
    ("order confirmation email", (
        "go through", "went through", "gone through", "did it work", "order worked",
        "order confirmed", "confirm my order", "confirmation", "confirmed", "no email after",
        "never got an email", "no order email", "order number", "did you get my order",
        "not sure if", "placed an order", "order placed",
    )),
    ("delivery track order", (
        "where is my", "where are my", "wheres my", "where s my", "when will", "when does",
        "when do i get", "arrive", "arrives", "arriving", "arrived", "arrival", "come", "comes",
        "coming", "came", "shipping", "shipped", "ship", "ships", "shipment", "post", "posted",
        "postage", "postal", "mail", "mailed", "courier", "parcel", "parcels", "package",
        "packages", "deliver", "delivered", "dispatch", "dispatched", "sent", "send", "sending",
        "tracking", "track", "how long", "eta", "estimated",
    )),
    ("late delay", ("late", "delayed", "delay", "still waiting", "still not", "still nothing",
                    "taking ages", "taking forever", "taking so long", "overdue", "been a week",
                    "been two weeks", "weeks ago", "days ago", "not here yet", "never arrived",
                    "never came", "never turned up")),
    ("address delivery", ("moved house", "new address", "moving house", "wrong address",
                          "postcode", "zip code", "zipcode", "send it to", "deliver to my",
                          "ship to my", "different address")),
    ("abroad international countries", COUNTRIES),
    ("missing part", ("only got", "only received", "only one", "only some", "not all",
                      "half my", "part of my", "incomplete", "some items", "left out",
                      "not in the box", "not in the package", "not included", "forgot to send")),
    ("damaged broken", (
        "damage", "damaged", "broken", "broke", "smashed", "cracked", "crushed", "squashed",
        "snapped", "bent", "dented", "torn", "ripped", "shattered", "leaking", "leaked", "ruined",
        "destroyed", "scratch", "scratched", "scratches", "dent", "chipped", "stained",
        "arrived in pieces", "in bits", "faulty", "defective",
    )),
    ("exchange return size", ("wrong size", "too big", "too small", "doesnt fit", "does not fit",
                              "swap", "exchange")),
    # -- accounts
    ("delete account close", (
        "delete my account", "close my account", "remove my account", "cancel my account",
        "deactivate", "delete my data", "remove my data", "delete my details",
        "remove my details", "remove my information", "delete my information", "erase",
        "forget me", "gdpr", "right to be forgotten", "delete everything", "remove all my",
        "delete all my",
    )),
    ("login password account", ("locked out", "cant get in", "cannot get in", "wont let me in",
                                "will not let me in", "cant access", "cannot access",
                                "access my account", "get into my account", "sign into")),
    ("reset password forgot", ("forgot", "forgotten", "dont remember", "do not remember",
                               "cant remember", "cannot remember", "reset link", "new password",
                               "change my password", "change password")),
    ("language", LANGUAGES + ("translate", "translation", "translated", "in my language",
                              "other language", "another language")),
    ("contact support", (
        "phone number", "telephone", "call you", "ring you", "speak to", "talk to", "talk with",
        "real person", "human", "customer service", "customer services",
        "help desk", "helpdesk", "email address for", "get in touch", "reach you",
        "contact", "complaint", "complain", "no reply", "no answer", "not answering",
    )),
    # -- bookings, appointments and hire
    ("book booking", ("reserve", "reserved", "reserving", "reservation", "reservations",
                      "appointment", "appointments", "make a booking", "make an appointment",
                      "book in", "booked in", "slot", "slots", "availability")),
    ("service", ("tune up", "tuneup", "check up", "checkup", "check over", "overhaul",
                 "servicing")),
    ("change date move", ("reschedule", "rescheduled", "rescheduling", "rearrange",
                          "postpone", "postponed", "another day", "another date",
                          "different day", "different date", "other dates", "new date",
                          "cannot make it", "cannot make my", "cannot make the",
                          "change the day", "change the date", "change the time",
                          "change my date", "change my day", "different time", "another time",
                          "bring forward", "move it")),
    ("cancel", ("cannot come", "cannot attend", "not coming", "cannot go", "cannot travel",
                "not able to come", "unable to come", "unable to attend")),
    ("extend extra longer", ("extension", "extra day", "another night", "keep it longer",
                             "stay longer", "longer")),
    ("hire rent rental", ("rent", "rental", "rentals", "rented", "renting", "hire", "hired",
                          "lease", "borrow")),
    ("collect collection", ("pick up", "pickup", "picking up", "picked up", "collecting",
                            "collected")),
    ("repair fix", ("fix", "fixed", "fixing", "mend", "mended", "repaired", "repairing")),
    ("left behind lost", ("left my", "left behind", "left it", "left something",
                          "left the", "lost property")),
    ("address location directions", ("where are you", "find you", "how to find",
                                     "how do i find", "located", "location", "directions",
                                     "how to get there", "how do i get there")),
    ("children kids child", ("kid", "kids", "child", "children", "son", "sons", "daughter",
                             "toddler", "baby", "babies", "year old", "years old")),
    ("pets dogs", ("pet", "pets", "dog", "dogs", "puppy", "puppies", "cat", "cats")),
    ("wifi internet connection", ("internet", "wifi", "wireless", "broadband", "router",
                                  "no connection", "connection")),
    ("heating heat warm", ("radiator", "radiators", "freezing", "no heat", "no heating",
                           "boiler", "heater", "cold", "chilly", "hot water",
                           "no hot water")),
    # -- subscriptions and plans
    ("pause freeze", ("pause", "freeze", "suspend", "skip", "take a break", "break from")),
    ("change plan upgrade downgrade", ("upgrade", "downgrade", "switch plan", "change plan",
                                       "switch to", "move to", "different plan",
                                       "cheaper plan", "bigger plan")),
    ("subscription membership", ("subscription", "membership", "member", "monthly",
                                 "every month", "per month", "a month", "plan")),
    # -- apps, sites and video
    ("app crash not working", ("crash", "crashes", "crashing", "crashed", "keeps closing",
                               "shuts down", "closes itself", "force close", "not responding",
                               "hangs", "glitch",
                               "glitchy", "bug", "buggy", "wont load", "will not load",
                               "not loading", "blank page", "white screen", "error")),
    ("video play sound", ("wont play", "will not play", "doesnt play", "black screen",
                          "lagging", "laggy", "playback", "loading forever", "spinning")),
    ("sound audio", ("cant hear", "cannot hear", "audio", "volume", "muted", "mute",
                     "silent", "speaker")),
    ("sign up account", ("register", "registration", "create an account", "make an account",
                         "open an account", "join", "joining", "enrol", "enroll", "enrolment")),
    # -- irregular forms and spellings the stemmer does not join
    ("die dying", ("died", "dead", "dies")),
    ("buy", ("bought", "buying", "purchased")),
    ("send", ("sent",)),
    ("get", ("got", "gotten", "received", "receive", "recieve", "recieved")),
    ("lose missing", ("lost", "losing")),
    ("steal stolen theft", ("stole", "stolen", "stealing", "theft", "thief", "robbed",
                            "nicked")),
    ("hold", ("held",)),
    ("fall", ("fell", "fallen")),
    ("eat", ("ate", "eaten")),
    ("bring", ("brought",)),
    ("find", ("found",)),
    ("sell", ("sold",)),
    ("wear", ("wore", "worn")),
    ("freeze frozen", ("froze",)),
    ("choose", ("chose", "chosen")),
    ("take", ("took", "taken")),
    ("colour", ("color", "colors", "colored", "coloured")),
    ("colour color", ("colours",)),
    ("centre center", ("center", "centre")),
    ("licence license", ("license", "licence", "licensed")),
    ("catalogue catalog", ("catalog", "catalogue")),
    ("jewellery jewelry", ("jewelry", "jewellery")),
    ("recognise recognize", ("recognize", "recognized", "recognise", "recognised")),
    ("organise organize", ("organize", "organise")),
    ("favourite favorite", ("favorite", "favourite", "favorites", "favourites")),
    ("grey gray", ("gray", "grey")),
    ("cheque check", ("cheque",)),
)
# fmt: on


# Words customers add around their question. They are searched like any other word but are
# not parts of the question: an article need not match them to be a good answer ("refund
# please"), and a query made only of them ("help", "hello") gets the "no good match" panel,
# which lists the topics and how to reach a person.
# fmt: off
CHATTER: frozenset[str] = frozenset({
    "please", "pls", "plz", "plse", "thanks", "thank", "thx", "ty", "cheers", "hi", "hello",
    "hey", "hiya", "dear", "sir", "madam", "team", "guys", "help", "helpp", "urgent",
    "urgently", "asap", "quickly", "need", "needs", "needed", "want", "wants", "wanted",
    "try", "tried", "trying", "keep", "keeps", "kept", "still", "really", "just", "again",
    "yet", "anymore", "ok", "okay", "yes", "yeah", "anyone", "somebody", "someone",
    "feel", "feels", "felt", "very", "quite", "totally", "completely", "literally",
    "actually", "basically", "tiny", "bit", "lot", "lots", "whole",
    "something", "anything", "thing", "things", "stuff", "way", "know", "tell",
    "getting", "seems", "seem", "happened", "happening", "problem", "problems", "issue",
    "issues", "question", "questions", "wondering", "wonder", "going", "now", "today",
    "yesterday", "since", "currently", "recently", "suddenly", "always", "everytime",
})
# fmt: on


def _clean(phrase: str) -> str:
    return " ".join(words(phrase))


def build_intents() -> dict[str, list[str]]:
    """Phrase (search words joined by spaces) -> the meaning words a query with it also searches.

    A phrase listed under several intents searches all their meanings; words the phrase
    already contains are not repeated.
    """
    table: dict[str, list[str]] = {}
    for meanings, phrases in INTENTS:
        meaning_words = [w for w in words(meanings) if not is_stop_word(w)]
        for phrase in phrases:
            key = _clean(phrase)
            if not key:
                continue
            own = set(key.split())
            current = table.setdefault(key, [])
            for word in meaning_words:
                if word not in own and word not in current:
                    current.append(word)
            if not current:
                del table[key]
    return table
