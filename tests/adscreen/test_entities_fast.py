"""The fast paths of entity extraction give what the straightforward code gives.

Each reference below is a copy of the plain code a fast path replaced (scan every amount,
search the whole text, one look-behind per alternative), so the expectation never comes
from the code under test.
"""

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

import adscreen.entities as E
from adscreen.normalize import normalize
from adscreen.synthetic import generate

REALISTIC = [normalize(ad["text"]) for ad in generate(400, seed=33)]


def _lower_ok(text):
    lowered = text.lower()
    return len(lowered) == len(text) and "ı" not in lowered and "ſ" not in lowered


# -- salaries -------------------------------------------------------------------------


def _salaries_reference(text, lowered):
    """Every amount in the text, with the currency checks _salaries made on each before it
    looked only where a salary can start.

    The check on the character before an amount is kept: without it "rs \n6000" would be a
    salary ($ matches before a final newline), and output must not change.
    """
    found = []
    for m in E._AMOUNT.finditer(lowered):
        start, end = m.span()
        last = lowered[start - 1] if start else ""
        if last.isspace() and start > 1:
            last = lowered[start - 2]
        before = (
            E._CUR_BEFORE.search(lowered, max(0, start - 12), start)
            if last in E._CUR_LAST
            else None
        )
        if before is not None:
            if end < len(lowered) and (lowered[end].isalnum() or lowered[end] == "_"):
                continue
            cur, start = before.group("cur"), before.start()
        else:
            if start and (lowered[start - 1].isalnum() or lowered[start - 1] in "_.,"):
                continue
            after = E._CUR_AFTER.match(lowered, end)
            if after is None:
                continue
            cur, end = after.group("cur"), after.end()
        period = E._PERIOD.match(text, end)
        amount = float(m.group("amt").replace(",", ""))
        if m.group("mul"):
            amount *= E._MULTIPLIERS[m.group("mul").lower()]
        found.append(
            (
                amount,
                E._CURRENCIES[cur],
                E._PERIOD_CANON[period.group("p").lower()] if period else None,
                text[start : period.end() if period else end],
            )
        )
    return found


def _salaries_fast(text, lowered):
    return [(s.amount, s.currency, s.period, s.text) for s in E._salaries(text, lowered)]


# Pieces that meet at the edges the start pattern reasons about: currencies written before
# and after, multipliers that begin or end like a currency ("k"/"kwd", "thousand"/"dinar",
# "ہزار"/"روپے"), separators inside and around numbers, other scripts' digits and spaces.
SALARY_PIECES = [
    "1500",
    "2,500",
    "1,2345",
    "12.5",
    "7",
    "0300",
    "۵۰",
    "٣",
    "k",
    "30k",
    " thousand",
    "lakh",
    "hazar",
    "ہزار",
    "rs",
    "rs.",
    "Rs",
    "aed",
    "AED",
    "kwd",
    "sar",
    "dinar",
    "dinars",
    "euro",
    "$",
    "€",
    "£",
    "روپے",
    "ریال",
    "years",
    "hours",
    " ",
    "  ",
    "\t",
    "\n",
    "\x1c",
    "\u00a0",
    ",",
    ".",
    "-",
    "/",
    "_",
    "x",
    "per month",
    "/month",
    "ماہانہ",
]
SALARY_TEXTS = st.lists(st.sampled_from(SALARY_PIECES), max_size=16).map("".join)


@settings(max_examples=1500, deadline=None)
@given(SALARY_TEXTS)
@example("salary rs 25000 per month, aed 3,500 or 2 lakh rupees")
@example("100 aed 200")  # one currency after one amount and before the next
@example("5 kwd 100")  # "k" is a multiplier, so kwd belongs to the second amount
@example("5 thousandinar 100")
@example("rs\n5000 and rs \n6000")
@example("1,2345 aed 1.5.3 $ 7")
@example("۵۰ ریال ماہانہ")
def test_salaries_equal_the_scan_of_every_amount(text):
    lowered = text.lower()
    if len(lowered) != len(text):
        return  # _extract does not look for salaries then
    assert _salaries_fast(text, lowered) == _salaries_reference(text, lowered)


def test_salaries_on_realistic_ads():
    seen = 0
    for text in REALISTIC:
        lowered = text.lower()
        expected = _salaries_reference(text, lowered)
        assert _salaries_fast(text, lowered) == expected, text
        seen += len(expected)
    assert seen > 100


# -- licences ---------------------------------------------------------------------------


_LICENCE_PLAIN = re.compile(r"(?P<num>\d{3,4})\s?/\s?(?P<city>[A-Za-z]{3})(?![\w/])")


def _licences_reference(text):
    found = []
    for m in _LICENCE_PLAIN.finditer(text):
        before = text[m.start() - 1] if m.start() else " "
        prefix = text[max(0, m.start() - 6) : m.start() - 1]
        if before.isalnum() or (before == "/" and not E._LICENCE_PREFIX.search(prefix)):
            continue
        city = m.group("city").upper()
        known = city in E._KNOWN_CITY and m.group("city").isupper()
        if known or E._LICENCE_WORD.search(text[max(0, m.start() - 30) : m.start()]):
            licence = f"{m.group('num').zfill(4)}/{city}"
            if licence not in found:
                found.append(licence)
    return found


LICENCE_TEXTS = st.lists(
    st.sampled_from(
        ["123", "0848", "12345", "7", "/", " / ", " ", "\n", "LHR", "lhr", "Abc", "KHI"]
        + ["licence no. ", "OEP ", "MPD/", "http://x.com/", "24/7", "x", "-", "é"]
    ),
    max_size=14,
).map("".join)


@settings(max_examples=1000, deadline=None)
@given(LICENCE_TEXTS)
@example("licence 0848/LHR and 1234 / khi, see http://a.com/b/c")
@example("1234/LHR/")  # a "/" after the city: not a licence
@example("MPD/2671/LHR")
@example("12/LHR and 1234 /LHR")  # two digits are too few; five characters before the "/"
@example("0848/ LHRX")  # the look-ahead reads the character after the match
def test_licences_equal_the_whole_text_search(text):
    assert E._extract(text, text.lower()).licences == _licences_reference(text)


def test_licences_on_realistic_ads():
    seen = 0
    for text in REALISTIC:
        expected = _licences_reference(text)
        assert E._extract(text, text.lower()).licences == expected, text
        seen += len(expected)
    assert seen > 30  # the synthetic mix has fewer licensed ads since local jobs joined it


# -- visa types -------------------------------------------------------------------------


# The pattern as it was: each alternative with its own look-behind.
_VISA_PLAIN = re.compile(
    "|".join(
        rf"(?<!\w)(?P<{name}>(?:{words})\s?(?:visa|visas|ویزا|ویزہ)|(?:visa|ویزا|ویزہ)\s?(?:{words}))(?!\w)"
        for name, words in E._VISA_TYPES
    )
)

VISA_TEXTS = st.lists(
    st.sampled_from(
        ["visa", "visas", "ویزا", "ویزہ", "free", "azad", "work", "visit", "visiting"]
        + ["umrah", "family", "job", "آزاد", " ", " ", "-", "x", "_", "1", "\n"]
    ),
    max_size=24,
).map("".join)


def _visa_spans(matches):
    return [(m.start(), m.end(), m.lastgroup) for m in matches]


@settings(max_examples=1000, deadline=None)
@given(VISA_TEXTS)
@example("free visa work visa visit visas")
@example("visafree visa-work xvisa ویزا آزاد")
def test_visa_matches_equal_the_pattern_with_a_look_behind_per_alternative(text):
    lowered = text.lower()
    if not _lower_ok(text):
        return  # _extract runs the case-insensitive pattern on the text then
    assert _visa_spans(E._visa_matches(lowered)) == _visa_spans(_VISA_PLAIN.finditer(lowered))


def test_visa_matches_on_realistic_ads():
    seen = 0
    for text in REALISTIC:
        lowered = text.lower()
        expected = _visa_spans(_VISA_PLAIN.finditer(lowered))
        assert _visa_spans(E._visa_matches(lowered)) == expected, text
        seen += len(expected)
    assert seen > 50


# -- WhatsApp links ---------------------------------------------------------------------


def _whatsapp_reference(text):
    lowered = text.lower()
    if "wa.me" not in lowered and "whatsapp.com" not in lowered:
        return []
    return [m.group("wa", "api", "group") for m in E._WHATSAPP_LINK.finditer(text)]


def _whatsapp_fast(text):
    matches = E._whatsapp_matches(text, text.lower(), _lower_ok(text))
    return [
        tuple(text[m.start(g) : m.end(g)] if m.start(g) >= 0 else None for g in groups)
        for m in matches
        for groups in [("wa", "api", "group")]
    ]


WHATSAPP_TEXTS = st.lists(
    st.sampled_from(
        ["wa.me/", "WA.ME/", "https://", "HTTP://", "www.", "api.", "chat.", "whatsapp.com/"]
        + ["WhatsApp.com/", "send?phone=", "send/?phone=", "invite/", "+", "92300", "1234567"]
        + ["AbCdEfGh", "K", "İ", "ı", "ſ", " ", "x" * 30, "\n", "-"]
    ),
    max_size=16,
).map("".join)


@settings(max_examples=1000, deadline=None)
@given(WHATSAPP_TEXTS)
@example("x" * 200 + " wa.me/923001234567 " + "y" * 200 + " chat.whatsapp.com/AbCdEfGhIj")
@example("HTTPS://WWW.API.WHATSAPP.COM/send?phone=923001234567 then wa.me/+971501234567")
@example("chat.whatsapp.com/invite/ABCDEFGHwa.me/923001234567")
@example("x" * 90 + " HTTPS://WWW.CHAT.WHATSAPP.COM/invite/" + "AbCdEfGh" * 5 + "x" * 90)
def test_whatsapp_matches_equal_the_whole_text_search(text):
    assert _whatsapp_fast(text) == _whatsapp_reference(text)


def test_whatsapp_matches_on_realistic_ads():
    seen = 0
    for text in REALISTIC:
        expected = _whatsapp_reference(text)
        assert _whatsapp_fast(text) == expected, text
        seen += len(expected)
    assert seen > 20
