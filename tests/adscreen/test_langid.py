"""Language identification for English, Urdu script and Roman Urdu."""

import json
from pathlib import Path

import pytest

from adscreen.langid import detect_language
from adscreen.normalize import normalize

FIXTURE = Path(__file__).parent / "fixtures" / "pk_ads_handwritten.jsonl"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("We are hiring a senior accountant with audit experience", "en"),
        ("Driver ki zaroorat hai, tankhwah achi hai, rabta karein", "roman-ur"),
        ("ڈرائیور کی ضرورت ہے، تنخواہ اچھی ہے", "ur"),
        ("مطلوب سائق للعمل في الرياض", "ar"),
        ("Salary 50000 | ڈرائیور کی ضرورت | apply with CV today please", "mixed"),
        ("0300-1234567", "und"),
    ],
)
def test_examples(text, lang):
    assert detect_language(normalize(text)) == lang


def test_one_stray_roman_urdu_word_does_not_make_english_roman_urdu():
    assert detect_language("Main office in Lahore, the job is great hai") == "en"


def test_handwritten_fixture_languages():
    ads = [json.loads(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines()]
    correct = sum(detect_language(normalize(a["text"])) == a["lang"] for a in ads)
    assert correct >= len(ads) - 1  # 30 ads in three languages; at most one miss
