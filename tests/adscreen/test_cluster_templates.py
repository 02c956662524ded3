"""Template-with-slots extraction for near-duplicate groups (adscreen.templates)."""

from adscreen.templates import extract_template, extract_templates, tokenize


def test_differing_spans_become_numbered_slots_with_examples():
    template = extract_template(
        [
            "Helper needed in Riyadh. Salary 1,200 SAR. WhatsApp Adeel 0300-0000401.",
            "Helper needed in Doha. Salary 1,500 SAR. WhatsApp Sana 0300-0000402.",
            "Helper needed in Kuwait City. Salary 1,500 SAR. WhatsApp Bilal 0300-0000403.",
        ]
    )

    assert template.text == ("Helper needed in {SLOT1}. Salary {SLOT2} SAR. WhatsApp {SLOT3}.")
    assert [slot.name for slot in template.slots] == ["SLOT1", "SLOT2", "SLOT3"]
    assert template.slots[0].examples == ("Riyadh", "Doha", "Kuwait City")
    assert template.slots[1].examples == ("1,200", "1,500")  # distinct values, first-seen order
    assert template.slots[2].examples == (
        "Adeel 0300-0000401",
        "Sana 0300-0000402",
        "Bilal 0300-0000403",
    )
    assert template.sampled_members == 3


def test_urdu_template_keeps_shared_words_and_slots_the_numbers():
    template = extract_template(
        [
            "دبئی میں ڈرائیور کی ضرورت، تنخواہ 2000 درہم، رابطہ 03000000501",
            "دبئی میں ڈرائیور کی ضرورت، تنخواہ 2500 درہم، رابطہ 03000000502",
        ]
    )
    assert template.text == "دبئی میں ڈرائیور کی ضرورت، تنخواہ {SLOT1} درہم، رابطہ {SLOT2}"
    assert template.slots[1].examples == ("03000000501", "03000000502")


def test_an_insertion_in_one_member_is_a_slot_and_identical_texts_have_none():
    with_insertion = extract_template(["Cook wanted in Dubai", "Cook urgently wanted in Dubai"])
    assert with_insertion.text == "Cook {SLOT1} wanted in Dubai"
    assert with_insertion.slots[0].examples == ("urgently",)

    identical = extract_template(["Cook wanted in Dubai"] * 3)
    assert (identical.text, identical.slots) == ("Cook wanted in Dubai", ())


def test_huge_groups_are_sampled():
    texts = [f"Guard job in Doha, reference {n}" for n in range(500)]
    looked_up = []

    def text_of(position):
        looked_up.append(position)
        return texts[position]

    templates = extract_templates({7: list(range(500))}, text_of=text_of, max_members=20)

    assert looked_up == list(range(20))
    assert templates[7].sampled_members == 20
    assert templates[7].text == "Guard job in Doha, reference {SLOT1}"
    assert len(templates[7].slots[0].examples) == 5  # capped


def test_tokenize_splits_trailing_punctuation_but_not_numbers():
    assert tokenize("Salary 1,500. Call 0300-0000601, now!") == [
        "Salary",
        "1,500",
        ".",
        "Call",
        "0300-0000601",
        ",",
        "now",
        "!",
    ]
