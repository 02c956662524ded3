"""Hostile input found by fuzzing: each case once crashed a run or let a bad file through.

The rule these tests hold adscreen to: a malformed record is rejected with its line number
and a reason while the good ones are still written, and a malformed model, rules or input
file is refused with adscreen's own error (and the CLI's exit code), never a traceback.
"""

import json

import pytest

from adscreen import cli
from adscreen.io import read_records

BIG_INT = "9" * 5000  # more digits than int() reads (4300 by default)

# (line, id or reject reason); lines 1 and 7 are ordinary ads.
LINES = [
    ('{"id": "a", "text": "azad visa, call 0300-0000012"}', "a"),
    ('{"id": ' + BIG_INT + ', "text": "x"}', "invalid JSON: Exceeds the limit (4300 digits)"),
    ('{"id": "big", "text": "x", "n": ' + BIG_INT + "}", "invalid JSON: Exceeds the limit"),
    # json.loads turns these escapes into lone surrogates, which cannot be written as UTF-8.
    ('{"id": "\\udc00", "text": "azad visa"}', "lone surrogate escape"),
    ('{"id": "u", "text": "see http://ab\\ud800cd.example now"}', "lone surrogate escape"),
    ('{"id": "s", "text": "x", "source": "web\\uDFFF"}', "lone surrogate escape"),
    ('{"id": "b", "text": "a pair is fine: \\ud83d\\ude00 azad visa"}', "b"),
]


@pytest.fixture
def hostile_jsonl(tmp_path):
    path = tmp_path / "hostile.jsonl"
    path.write_text("\n".join(line for line, _ in LINES) + "\n", encoding="utf-8")
    return path


def test_bad_records_are_rejected_with_line_and_reason(hostile_jsonl):
    rejects = []
    records = list(read_records(str(hostile_jsonl), on_reject=rejects.append))
    assert [r.id for r in records] == ["a", "b"]
    assert records[1].text.startswith("a pair is fine: \U0001f600")
    expected = [(n, want) for n, (_, want) in enumerate(LINES, 1) if want not in ("a", "b")]
    assert [r.line for r in rejects] == [n for n, _ in expected]
    for reject, (_, reason) in zip(rejects, expected, strict=True):
        assert reject.reason.startswith(reason)
        assert "set_int_max_str_digits" not in reject.reason


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_screen_writes_every_good_line_and_rejects_the_rest(hostile_jsonl, tmp_path, jobs):
    out, rejects = tmp_path / "out.jsonl", tmp_path / "rejects.jsonl"
    code = cli.main(
        ["screen", str(hostile_jsonl), "-o", str(out), "--rejects", str(rejects), "--jobs", jobs]
    )
    assert code == cli.EXIT_REJECTS
    rows = [json.loads(line) for line in out.read_bytes().decode("utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["a", "b"]
    rejected = [json.loads(line) for line in rejects.read_text(encoding="utf-8").splitlines()]
    assert [r["line"] for r in rejected] == [2, 3, 4, 5, 6]


def test_cluster_rejects_the_same_lines(hostile_jsonl, tmp_path):
    out, rejects = tmp_path / "out.jsonl", tmp_path / "rejects.jsonl"
    code = cli.main(["cluster", str(hostile_jsonl), "-o", str(out), "--rejects", str(rejects)])
    assert code == cli.EXIT_REJECTS
    assert [json.loads(line)["id"] for line in out.read_text().splitlines()] == ["a", "b"]
    assert len(rejects.read_text().splitlines()) == 5
