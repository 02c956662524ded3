"""Near-duplicate and shared-contact clustering (adscreen.cluster). Synthetic ads only."""

import numpy as np
import pytest
from datasketch import MinHash
from hypothesis import given, settings
from hypothesis import strategies as st

from adscreen.cluster import (
    ALL_PAIRS_BUCKET_LIMIT,
    AdNetworkIndex,
    UnionFind,
    shingle_hash,
    shingles,
    text_signatures,
)

DRIVER_EN = (
    "Urgent: heavy driver required for a construction company in {city}. Salary {salary} "
    "per month, free accommodation and food, visa and ticket provided. Contact {name} on "
    "WhatsApp {phone}."
)
# Urdu script, the second copy typed with Arabic letter forms (ي, ك) and harakat, as
# ads pasted from Arabic keyboards often are.
COOK_UR_A = (
    "سعودی عرب میں ہوٹل کے لیے باورچی کی فوری ضرورت ہے۔ تنخواہ 1500 ریال ماہانہ، رہائش اور "
    "کھانا کمپنی کی طرف سے۔ ویزا اور ٹکٹ مفت۔ رابطہ کریں 03000000101"
)
COOK_UR_B = (
    "سعودي عرب ميں ہوٹل کے ليے باورچي كي فوری ضرورت ہے۔ تنخواہ 1800 ریال ماہانہ، رہائش اور "
    "کھانا کمپنی کی طرف سے۔ ویزا اور ٹکٹ مُفت۔ رابطہ کریں 03000000102"
)
# Roman Urdu with the usual spelling drift: chahiye/chahye, naukri/nokri, zaroorat/zarurat.
SECURITY_RU_A = (
    "Dubai mein security guard ki naukri, fori zaroorat hai. Tankhwah 2000 dirham mahana, "
    "rehaish aur khana company ki taraf se. Visa aur ticket free. Umeedwar chahiye, "
    "rabta karein 03000000201"
)
SECURITY_RU_B = (
    "Dubai main security guard ki nokri, fori zarurat hai. Tankhwa 2200 dirham mahana, "
    "rehaish aur khana company ki taraf se. Visa aur ticket free. Umeedwar chahye, "
    "rabta karen 03000000202"
)
UNRELATED = [
    "Primary school in Multan needs a mathematics teacher, B.Ed preferred, morning shift.",
    "Software house in Islamabad hiring a junior Python developer, hybrid work, interviews "
    "on campus.",
    "لاہور کے اسپتال کو تجربہ کار نرس درکار ہے، درخواستیں دفتر میں جمع کروائیں۔",
    "Karachi garment factory ko silai machine operator chahiye, din ki shift, tankhwah "
    "mutabiq tajurba.",
]


def driver_ad(number: int) -> str:
    cities = ["Riyadh", "Jeddah", "Dammam", "Dubai", "Doha"]
    names = ["Adeel", "Bushra", "Farhan", "Hina", "Kamran"]
    return DRIVER_EN.format(
        city=cities[number % 5],
        salary=1800 + 100 * number,
        name=names[number % 5],
        phone=f"0300-00003{number:02d}",
    )


def build(ads, **options):
    index = AdNetworkIndex(threshold=0.7, num_perm=64, seed=7, **options)
    for ad_id, text, contacts in ads:
        index.add(ad_id, text, contacts)
    return index


def by_id(result):
    return {row.ad_id: row for row in result.assignments()}


def test_signatures_match_datasketch_minhash():
    texts = [driver_ad(1), COOK_UR_A, SECURITY_RU_B, "abc", ""]
    signatures = text_signatures(texts, num_perm=32, seed=3)
    for text, signature in zip(texts, signatures, strict=True):
        reference = MinHash(num_perm=32, seed=3, hashfunc=shingle_hash)
        if text:
            reference.update_batch(shingles(text))
        assert np.array_equal(reference.hashvalues, signature)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(max_size=60), min_size=1, max_size=8))
def test_signatures_match_datasketch_for_any_text(texts):
    signatures = text_signatures(texts, num_perm=16, seed=11)
    for text, signature in zip(texts, signatures, strict=True):
        reference = MinHash(num_perm=16, seed=11, hashfunc=shingle_hash)
        if text:
            reference.update_batch(shingles(text))
        assert np.array_equal(reference.hashvalues, signature)


def test_english_variants_share_a_template_and_unrelated_ads_do_not():
    ads = [(f"d{n}", driver_ad(n), []) for n in range(5)]
    ads += [(f"u{n}", text, []) for n, text in enumerate(UNRELATED)]
    rows = by_id(build(ads).clusters())

    driver_templates = {rows[f"d{n}"].template_id for n in range(5)}
    assert len(driver_templates) == 1 and None not in driver_templates
    for n in range(len(UNRELATED)):
        assert rows[f"u{n}"].template_id is None
        assert rows[f"u{n}"].cluster_id not in {rows["d0"].cluster_id}


@pytest.mark.parametrize(
    ("first", "second"),
    [(COOK_UR_A, COOK_UR_B), (SECURITY_RU_A, SECURITY_RU_B)],
    ids=["urdu-script", "roman-urdu"],
)
def test_spelling_variants_cluster_together(first, second):
    ads = [("a", first, []), ("b", second, [])]
    ads += [(f"u{n}", text, []) for n, text in enumerate(UNRELATED)]
    rows = by_id(build(ads).clusters())

    assert rows["a"].template_id is not None
    assert rows["a"].template_id == rows["b"].template_id
    assert rows["a"].cluster_id == rows["b"].cluster_id
    assert all(rows[f"u{n}"].cluster_id != rows["a"].cluster_id for n in range(len(UNRELATED)))


def test_a_shared_phone_alone_links_strongly():
    ads = [
        ("p1", UNRELATED[0], ["phone:+923000000999"]),
        ("p2", UNRELATED[1], ["phone:+923000000999", "email:jobs@example.com"]),
        ("p3", UNRELATED[2], ["phone:+923000000555"]),
    ]
    result = build(ads).clusters()
    rows = by_id(result)

    assert rows["p1"].cluster_id == rows["p2"].cluster_id != rows["p3"].cluster_id
    assert rows["p1"].template_id is None  # the texts have nothing in common
    assert rows["p2"].reasons == (
        {"link": "contact", "contact": "phone:+923000000999", "strength": "strong"},
    )
    (network,) = result.networks()
    assert network.size == 2
    assert network.strength == "strong"
    assert network.contacts == ("phone:+923000000999",)
    assert "phone:+923000000999" in network.explanation["en"]
    assert "مضبوط" in network.explanation["ur"]  # "strong"


def test_a_shared_template_alone_is_a_weak_link():
    ads = [("t1", driver_ad(1), ["phone:+923000000301"]), ("t2", driver_ad(2), [])]
    result = build(ads).clusters()
    rows = by_id(result)

    assert rows["t1"].cluster_id == rows["t2"].cluster_id
    assert [reason["link"] for reason in rows["t1"].reasons] == ["template"]
    assert rows["t1"].reasons[0]["strength"] == "weak"
    (network,) = result.networks()
    assert network.strength == "weak"
    assert network.contacts == ()
    assert network.template_ids == (rows["t1"].template_id,)
    assert "weak" in network.explanation["en"]
    assert "کمزور" in network.explanation["ur"]  # "weak"


def test_a_template_never_merges_a_contact_network_but_relates_to_it():
    ads = [
        ("a", driver_ad(1), []),
        ("b", driver_ad(2), ["licence:1234/LHR"]),
        ("c", UNRELATED[0], ["licence:1234/LHR"]),
        ("d", UNRELATED[1], []),
        ("e", driver_ad(3), []),
    ]
    result = build(ads).clusters()
    rows = by_id(result)

    assert rows["b"].cluster_id == rows["c"].cluster_id
    assert rows["a"].cluster_id == rows["e"].cluster_id != rows["b"].cluster_id
    assert rows["a"].template_id == rows["b"].template_id == rows["e"].template_id
    assert rows["d"].cluster_id not in {rows["a"].cluster_id, rows["b"].cluster_id}
    strong, weak = sorted(result.networks(), key=lambda network: network.strength)
    assert (strong.strength, strong.size, strong.contacts) == ("strong", 2, ("licence:1234/LHR",))
    assert (weak.strength, weak.size) == ("weak", 2)
    assert strong.related_cluster_ids == (weak.cluster_id,)
    assert weak.related_cluster_ids == (strong.cluster_id,)


def test_cluster_ids_are_numbered_by_first_appearance_and_deterministic():
    ads = [("x", UNRELATED[0], []), ("y", driver_ad(1), []), ("z", driver_ad(2), [])]
    first = [row.as_dict() for row in build(ads).clusters().assignments()]
    second = [row.as_dict() for row in build(ads).clusters().assignments()]

    assert first == second
    assert [row["cluster_id"] for row in first] == [1, 2, 2]
    assert [row["template_id"] for row in first] == [None, 1, 1]


def test_empty_texts_are_not_near_duplicates_of_each_other():
    rows = by_id(build([("e1", "", []), ("e2", "   ", []), ("e3", "", [])]).clusters())
    assert {row.template_id for row in rows.values()} == {None}
    assert len({row.cluster_id for row in rows.values()}) == 3


def test_a_mass_posted_template_stays_one_group():
    # Far more copies than ALL_PAIRS_BUCKET_LIMIT: the chain-and-star path must join them.
    copies = 3 * ALL_PAIRS_BUCKET_LIMIT
    ads = [(f"m{n}", driver_ad(n % 7), []) for n in range(copies)]
    ads.append(("other", UNRELATED[1], []))
    rows = by_id(build(ads).clusters())

    assert len({rows[f"m{n}"].template_id for n in range(copies)}) == 1
    assert rows["other"].template_id is None


def test_insert_batch_matches_add():
    ads = [(f"d{n}", driver_ad(n), [f"phone:+92300000{n:04d}"]) for n in range(6)]
    added = build(ads).clusters()

    batched = AdNetworkIndex(threshold=0.7, num_perm=64, seed=7)
    texts = [batched.processor(text) for _, text, _ in ads]
    signatures = text_signatures(texts, num_perm=64, seed=7)
    batched.insert_batch([a for a, _, _ in ads], signatures, [c for _, _, c in ads], texts=texts)
    inserted = batched.clusters()

    assert [r.as_dict() for r in added.assignments()] == [
        r.as_dict() for r in inserted.assignments()
    ]


variant_words = st.sampled_from(
    ["visa", "ticket", "free", "Dubai", "salary", "naukri", "nokri", "ویزا", "مفت", "کام"]
)


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 4), st.lists(variant_words, max_size=3)), min_size=2, max_size=25
    )
)
def test_numpy_lsh_equals_datasketch_minhashlsh(specs):
    """The fast banding finds exactly the pairs MinHashLSH.query finds (small buckets)."""
    bases = [driver_ad(1), COOK_UR_A, SECURITY_RU_A, UNRELATED[1], UNRELATED[2]]
    texts = [bases[base] + " " + " ".join(extra) for base, extra in specs]
    ads = [(str(n), text, []) for n, text in enumerate(texts)]

    fast = build(ads, lsh_backend="numpy")
    reference = build(ads, lsh_backend="datasketch")

    assert np.array_equal(fast.near_duplicate_pairs(), reference.near_duplicate_pairs())
    assert np.array_equal(fast.clusters().template_of, reference.clusters().template_of)


def test_union_find_joins_transitively():
    sets = UnionFind(5)
    sets.union(0, 3)
    sets.union(3, 4)
    sets.grow(7)
    sets.union(6, 5)

    assert sets.find(4) == sets.find(0)
    assert sets.find(1) != sets.find(0)
    assert sets.labels().tolist() == [0, 1, 2, 0, 0, 3, 3]


def test_invalid_options_are_rejected():
    with pytest.raises(ValueError, match="threshold"):
        AdNetworkIndex(threshold=1.5)
    with pytest.raises(ValueError, match="lsh_backend"):
        AdNetworkIndex(lsh_backend="redis")


def test_lsh_candidates_below_the_threshold_are_rejected():
    # Two crafted signatures that collide in the first band (so LSH pairs them) but agree
    # on only that band: the agreement check must turn the candidate down.
    index = AdNetworkIndex(threshold=0.7, num_perm=64, seed=7)
    first = np.arange(64, dtype=np.uint32)
    second = first + 1000
    second[: index.rows] = first[: index.rows]
    third = first.copy()
    third[-4:] += 1000  # agrees on 60 of 64 values: a near duplicate of the first
    index.insert_batch(["a", "b", "c"], np.stack([first, second, third]), [[], [], []])

    assert index.near_duplicate_pairs().tolist() == [[0, 2]]
    assert index._candidates_numpy(index.signatures()).tolist() == [[0, 1], [0, 2], [1, 2]]
