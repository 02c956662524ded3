"""Normalisation: Urdu letter and digit folding, number de-obfuscation, whitespace."""

from hypothesis import given
from hypothesis import strategies as st

from adscreen.normalize import deobfuscate_numbers, fold_urdu, normalize


def test_arabic_letter_variants_become_urdu_and_harakat_go():
    # Arabic yeh, kaf and heh, a zabar and a tatweel
    assert fold_urdu("كيا ہوَا ـ") == "کیا ہوا "
    assert normalize("مـزدور") == "مزدور"


def test_urdu_and_arabic_indic_digits_become_ascii():
    assert normalize("۰۳۰۰-۱۲۳۴۵۶۷ و ٠٣٢١") == "0300-1234567 و 0321"


def test_letter_lookalikes_inside_numbers_are_fixed():
    assert normalize("call 03OO-OOOO123") == "call 0300-0000123"
    assert normalize("O3I2 3456789") == "0312 3456789"


def test_words_made_of_lookalike_letters_are_left_alone():
    for text in ("Hello lOOl world", "Oil and IOOO", "pool 2024"):
        assert normalize(text) == text


def test_spaced_and_spelled_out_digits_are_joined():
    assert deobfuscate_numbers("0 3 0 0 1 2 3 4 5 6 7") == "03001234567"
    assert normalize("zero three zero zero one two three four five six seven") == "03001234567"
    assert normalize("sifar teen aik do") == "0312"
    assert normalize("صفر تین صفر صفر") == "0300"


def test_number_words_in_ordinary_sentences_stay_words():
    assert normalize("do din mein visa, no fee") == "do din mein visa, no fee"


def test_html_entities_and_whitespace():
    assert normalize("  Driver &amp; helper\n\n needed\t ") == "Driver & helper needed"


def test_full_width_digits_fold_by_nfkc():
    assert normalize("０３００") == "0300"


@given(st.text())
def test_output_is_trimmed_with_single_spaces_and_never_fails(text):
    out = normalize(text)
    assert out == out.strip()
    assert "  " not in out
    assert "\n" not in out and "\t" not in out


@given(st.from_regex(r"[A-Za-z ,.]{0,40}", fullmatch=True))
def test_plain_letters_only_lose_extra_whitespace(text):
    assert normalize(text) == " ".join(text.split())
