"""``abroad-no-licence`` (rule version 2): the wider ways ads recruit for work abroad.

Version 1 missed "openings in Riyadh", "work permit", "visa provided" and Gulf cities
(Riyadh, Jeddah, Doha...) in all three languages. These cases are phrased as real posts
are; the negatives are near misses (the same words about study, news, the embassy, or
work inside Pakistan). Precision on the legitimate training sources is in the model card.
"""

import pytest

from adscreen.normalize import normalize
from adscreen.rules import default_rules

from .test_rules import LICENSED

RULE = "abroad-no-licence"

WIDER = [
    # English
    "Urgent openings in Riyadh for electricians and plumbers, call 0300-0000123",
    "Openings in Jeddah, salary 1500 SAR, free accommodation",
    "Work permit and ticket provided for Poland, send CV on WhatsApp",
    "Poland work permit, processing 25 days",
    "Visa provided. Company needs drivers, apply today",
    "Visa and ticket free! Helpers required, contact now",
    "Italy work visa available for farm workers",
    "Malaysia jobs for factory workers, age 20-35",
    "We are hiring electricians for a project in Doha",
    "Positions at Abu Dhabi hotel: waiters and cooks",
    "Employment visa for Kuwait, contact our office",
    # Roman Urdu
    "Riyadh mein job ke liye rabta karein",
    "Italy ka work permit lagwayen, WhatsApp karein",
    "Visa company ka, kaam Dubai mein",
    "Qatar ke liye workers chahiye, visa aur ticket free",
    "work permit Portugal ke liye available",
    # Urdu
    "ریاض میں نوکریاں، فوری رابطہ کریں",
    "ورک پرمٹ اٹلی کے لیے دستیاب ہے",
    "دوحہ میں ڈرائیور کی ضرورت ہے",
    "ویزا اور ٹکٹ کمپنی دے گی، کام دبئی میں",
    "ملائیشیا کے لیے آسامیاں، ابھی رابطہ کریں",
]

NOT_RECRUITING_ABROAD = [
    "Visa provided by the embassy after the interview, for students",
    "Student visa free counselling for UK universities",
    "Riyadh Bank branch opening ceremony was held today",
    "Work permit rules in Pakistan explained by the ministry",
    "Our office in Karachi is hiring accountants",
    "Pakistan vs Qatar match tonight",
    "Italian restaurant in Islamabad needs cooks",
    "Driver chahiye Lahore mein, salary 40000",
    "Dubai mein shopping festival shuru",
    "دبئی میں بارش کے بعد پروازیں معطل",
    "لاہور میں ڈرائیور کی ضرورت ہے",
    "Jobs in Lahore and Karachi, apply online",
]


def _fires(text: str) -> bool:
    return RULE in [f.rule_id for f in default_rules().match(normalize(text))]


@pytest.mark.parametrize("ad", WIDER)
def test_wider_recruitment_abroad_is_flagged(ad):
    assert _fires(ad), ad


@pytest.mark.parametrize("ad", WIDER)
def test_a_licence_number_still_stops_it(ad):
    for licence in LICENSED:
        assert not _fires(ad + licence), ad + licence


@pytest.mark.parametrize("ad", NOT_RECRUITING_ABROAD)
def test_near_misses_do_not_fire(ad):
    assert not _fires(ad), ad


def test_the_rule_version_says_it_changed():
    assert default_rules().by_id[RULE].version == 2
