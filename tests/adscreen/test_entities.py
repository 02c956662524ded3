"""Entity extraction: phones in E.164, WhatsApp, e-mail, URLs, licences, salaries, places, visas."""

import json
import re

import phonenumbers
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import adscreen.entities as E
from adscreen.entities import extract


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("call 0300-0000123", "+923000000123"),
        ("call +92 321 0000123", "+923210000123"),
        ("call 0092-300-0000123", "+923000000123"),
        ("call 923450000123", "+923450000123"),
        ("call 0333 00 00 123", "+923330000123"),
        ("رابطہ ۰۳۰۰۰۰۰۰۱۲۳", "+923000000123"),
        ("call 03OO-OOOO123", "+923000000123"),
        ("zero three zero zero zero zero zero zero one two three", "+923000000123"),
        ("office 042-35000001", "+924235000001"),
        ("UAE +971 50 000 0012", "+971500000012"),
    ],
)
def test_phone_numbers_are_normalised_to_e164(text, phone):
    assert extract(text).phones == [phone]


def test_numbers_that_are_not_phones_are_ignored():
    assert extract("Salary 150000 per month, 2 years, ref 12345, 24/7").phones == []


def test_whatsapp_links_give_phone_and_group_keys():
    e = extract("wa.me/923000000012 or chat.whatsapp.com/AbCdEfGh1234")
    assert e.whatsapp == ["wa:+923000000012", "group:AbCdEfGh1234"]
    assert e.contacts() == ["phone:+923000000012", "whatsapp-group:AbCdEfGh1234"]


def test_emails_urls_and_domains():
    e = extract(
        "Mail HR@Jobs-Abroad.example or see https://jobs-abroad.example/apply, www.x-visa.com."
    )
    assert e.emails == ["hr@jobs-abroad.example"]
    assert e.urls == ["https://jobs-abroad.example/apply", "www.x-visa.com"]
    assert e.domains == ["jobs-abroad.example", "x-visa.com"]


def test_webmail_domains_are_not_contact_keys():
    assert extract("send CV to someone@gmail.com").contacts() == ["email:someone@gmail.com"]


def test_oep_licences_need_a_city_code_or_the_word_licence():
    e = extract("OEP Licence No. 848/LHR, also 3160 / RWP and MPD/2671/LHR; open 24/7")
    assert e.licences == ["0848/LHR", "3160/RWP", "2671/LHR"]
    assert extract("ratio 1000/ABC").licences == []
    assert extract("licence no 1234/ABC").licences == ["1234/ABC"]


def test_salaries_with_currency_multiplier_and_period():
    e = extract("Salary Rs. 1.5 lakh per month, or AED 2,500/month, 500 riyal weekly, 25k PKR")
    got = [(s.amount, s.currency, s.period) for s in e.salaries]
    assert got == [
        (150000.0, "PKR", "month"),
        (2500.0, "AED", "month"),
        (500.0, "SAR", "week"),
        (25000.0, "PKR", None),
    ]


def test_urdu_salary_and_destination():
    e = extract("سعودی عرب میں نوکری، تنخواہ 1500 ریال ماہانہ")
    assert e.destinations == ["SA"]
    assert [(s.amount, s.currency, s.period) for s in e.salaries] == [(1500.0, "SAR", "month")]


def test_destinations_in_three_languages_and_not_inside_words():
    e = extract("Dubai, Saudia, Italy ke liye; یونان. A woman from Roman road")
    assert e.destinations == ["AE", "SA", "IT", "GR"]


def test_visa_types():
    e = extract("azad visa, visit visa, work visa, umrah visa, ورک ویزا, iqama")
    assert e.visa_types == ["free", "visit", "work", "umrah", "iqama"]


def test_to_dict_is_json_serialisable_and_lists_contacts():
    e = extract("licence 9912/LHR call 0300-0000123, mail a@example.com, salary AED 900")
    data = json.loads(json.dumps(e.to_dict()))
    assert data["contacts"] == [
        "phone:+923000000123",
        "email:a@example.com",
        "domain:example.com",
        "licence:9912/LHR",
    ]
    assert data["salaries"][0]["currency"] == "AED"


def test_duplicates_are_reported_once():
    assert extract("0300-0000123 or 0300 0000123 or +923000000123").phones == ["+923000000123"]


# -- fast paths against their references ------------------------------------------------


def _e164_by_parsing(raw, region):
    """What _to_e164 gave before the Pakistani-mobile shortcut: always parse."""
    digits = re.sub(r"[^\d+]", "", raw)
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    elif digits.startswith("92") and len(digits) == 12:
        digits = "+" + digits
    if not 8 <= len(digits.lstrip("+")) <= 15:
        return None
    try:
        number = phonenumbers.parse(digits, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


@settings(max_examples=500, deadline=None)
@given(
    national=st.from_regex(r"3\d{9}", fullmatch=True),
    form=st.sampled_from(["0{}", "+92{}", "92{}", "0092{}", "+92 {}", "(0{})", "0{}+", "+920{}"]),
    region=st.sampled_from(["PK", "AE"]),
)
@example(national="3001234567", form="0{}", region="PK")
@example(national="3501234567", form="+92{}", region="PK")  # 35x: not every 3xx is a mobile
@example(national="3801234567", form="0{}", region="PK")
def test_pakistani_mobile_shortcut_equals_parsing(national, form, region):
    raw = form.format(national)
    assert E._to_e164.__wrapped__(raw, region) == _e164_by_parsing(raw, region)


def test_pakistani_mobile_shortcut_on_every_operator_prefix():
    for prefix in range(300, 400):
        for raw in (f"0{prefix}0000123", f"+92{prefix}9876543", f"0{prefix}123456"):
            assert E._to_e164.__wrapped__(raw, "PK") == _e164_by_parsing(raw, "PK"), raw


def _salaries_reference(text, lowered):
    """_salaries without the cheap currency pre-checks: both regexes at every amount."""
    found = []
    for m in E._AMOUNT.finditer(lowered):
        start, end = m.span()
        before = E._CUR_BEFORE.search(lowered, max(0, start - 12), start)
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
        found.append(
            (
                E._amount(m.group("amt"), m.group("mul")),
                E._CURRENCIES[cur],
                period and E._PERIOD_CANON[period.group("p").lower()],
                start,
                end,
            )
        )
    return found


def _salary_tuples(text):
    lowered = text.lower()
    return [
        (s.amount, s.currency, s.period and s.period.lower()) for s in E._salaries(text, lowered)
    ]


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "1500",
                "2,500",
                "30k",
                " ",
                "  ",
                "\t",
                "rs",
                "rs.",
                "aed",
                "$",
                "€",
                "£",
                "روپے",
                "ریال",
                "per month",
                "/month",
                "salary",
                "hours",
                "years",
                "lakh",
                "a",
                "-",
                ".",
            ]
        ),
        max_size=14,
    ).map("".join)
)
def test_currency_prechecks_never_skip_a_salary(text):
    lowered = text.lower()
    reference = [(a, c, p) for a, c, p, *_ in _salaries_reference(text, lowered)]
    assert _salary_tuples(text) == reference


def test_currency_prechecks_on_realistic_ads():
    from adscreen.normalize import normalize
    from adscreen.synthetic import generate

    texts = [normalize(ad["text"]) for ad in generate(500, seed=21)]
    seen = 0
    for text in texts:
        lowered = text.lower()
        reference = [(a, c, p) for a, c, p, *_ in _salaries_reference(text, lowered)]
        assert _salary_tuples(text) == reference, text
        seen += len(reference)
    assert seen > 100


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "saudi",
                "saudi arabia",
                "arabia",
                "oman",
                "woman",
                "u.a.e",
                "uae",
                "دبئی",
                "سعودی عرب",
                "عرب",
                " ",
                ",",
                ".",
                "x",
                "é",
                "’",
                "\ud800",
            ]
        ),
        max_size=12,
    ).map("".join)
)
@example("woman from oman, to saudi arabia via u.a.e.")
@example("سعودی عرب’s دبئی")  # multi-byte characters before a hit: offsets must stay right
def test_destinations_equal_the_whole_word_regex(text):
    lowered = text.lower()
    expected = [E._DEST_LOOKUP[m.group(1)] for m in E._DESTINATION.finditer(lowered)]
    assert E._destinations(lowered) == expected


def test_destinations_on_realistic_ads_equal_the_regex():
    from adscreen.normalize import normalize
    from adscreen.synthetic import generate

    seen = 0
    for ad in generate(500, seed=8):
        lowered = normalize(ad["text"]).lower()
        expected = [E._DEST_LOOKUP[m.group(1)] for m in E._DESTINATION.finditer(lowered)]
        assert E._destinations(lowered) == expected, lowered
        seen += len(expected)
    assert seen > 200


@pytest.mark.parametrize(
    ("text", "domains"),
    [
        ("apply at my-jobs.pk today", ["my-jobs.pk"]),
        ("ref 7f71c#-rg.info", []),  # a label cannot start with "-"
        ("see jobs-.com now", []),  # nor end with one
        ("visit a.b-c.example/x", ["a.b-c.example"]),
    ],
)
def test_bare_domains_have_well_formed_labels(text, domains):
    assert extract(text).domains == domains
