"""screen_text and screen_records: results, JSON, ordering across local processes and Dask."""

import json

import pytest

from adscreen import screen_records, screen_text
from adscreen.io import Record
from adscreen.synthetic import generate


def records(n=60):
    return [
        Record(id=a["id"], text=a["text"], line=i) for i, a in enumerate(generate(n, seed=9), 1)
    ]


def test_screen_text_returns_score_band_language_flags_and_entities():
    r = screen_text(
        "Saudia azad visa, bina interview. Advance fee jama karwayen. WhatsApp 0300-0000301"
    )
    assert 0.0 <= r.score <= 1.0 and r.band == "high"
    assert r.language == "roman-ur"
    ids = [f.rule_id for f in r.flags]
    assert ids[:3] == ["azad-visa", "no-interview", "upfront-fee"]
    assert r.entities.phones == ["+923000000301"]
    data = json.loads(json.dumps(r.to_dict(), ensure_ascii=False))
    flag = data["flags"][0]
    assert set(flag) == {
        "rule_id",
        "weight",
        "category",
        "span",
        "text",
        "explanation_en",
        "explanation_ur",
    }
    assert data["entities"]["contacts"] == ["phone:+923000000301"]


def test_explain_lists_the_words_behind_the_score():
    r = screen_text("free visa free ticket no interview", explain=True)
    assert r.explanation["terms"] and r.explanation["summary"]


def test_screen_records_keeps_order_and_passthrough_fields():
    rows = list(
        screen_records([{"id": "b", "text": "x job", "source": "fb"}, {"id": "a", "text": "y"}])
    )
    assert [row["id"] for row in rows] == ["b", "a"]
    assert rows[0]["source"] == "fb" and "contacts" in rows[0]


def test_bad_dict_records_raise_with_their_position():
    with pytest.raises(ValueError, match="record 2"):
        list(screen_records([{"id": "a", "text": "ok"}, {"text": "no id"}]))


def test_local_processes_give_the_same_rows_in_the_same_order():
    ads = records()
    serial = list(screen_records(ads, chunk_size=7))
    parallel = list(screen_records(ads, jobs=2, chunk_size=7))
    assert parallel == serial


def test_dask_cluster_gives_the_same_rows_in_the_same_order():
    distributed = pytest.importorskip("distributed")
    ads = records(40)
    serial = list(screen_records(ads, chunk_size=6))
    with (
        distributed.LocalCluster(
            n_workers=1, processes=False, threads_per_worker=2, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        on_dask = list(screen_records(ads, dask=client, chunk_size=6))
        by_address = list(screen_records(ads, dask=cluster.scheduler_address, chunk_size=6))
    assert on_dask == serial
    assert by_address == serial


def test_invalid_options():
    with pytest.raises(ValueError):
        list(screen_records([], jobs=0))
    with pytest.raises(ValueError):
        list(screen_records([], chunk_size=0))
