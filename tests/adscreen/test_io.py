"""Streaming readers and writers: formats, rejects with line numbers, limits."""

import csv
import gzip
import io
import json
from pathlib import Path

import pytest

from adscreen.io import (
    InputUnreadable,
    RecordWriter,
    RejectsWriter,
    chunked,
    detect_format,
    read_records,
    record_text,
)

FIXTURES = Path(__file__).parent / "fixtures"


def read_all(source, **kwargs):
    rejects = []
    records = list(read_records(source, on_reject=rejects.append, **kwargs))
    return records, rejects


def test_jsonl_good_and_bad_lines_with_line_numbers():
    records, rejects = read_all(str(FIXTURES / "ads_bad_lines.jsonl"))
    assert [r.id for r in records] == ["j1", "j5"]
    assert records[1].text == "Nurse\nHospital in Islamabad, send CV to hr@example.com"
    assert [(r.line, r.reason.split(":")[0]) for r in rejects] == [
        (2, "invalid JSON"),
        (3, "expected an object, got list"),
        (4, "missing 'id'"),
        (7, "not valid UTF-8"),
    ]
    json.dumps([r.to_dict() for r in rejects])  # rejects are writable even with bad bytes


def test_csv_multiline_fields_wrong_widths_and_passthrough():
    records, rejects = read_all(str(FIXTURES / "ads_mixed.csv"))
    assert [r.id for r in records] == ["c1", "c2"]
    assert records[0].passthrough() == {"source": "facebook", "url": "https://example.com/p/1"}
    assert records[1].passthrough() == {"source": "jobboard"}
    assert [(r.line, r.reason) for r in rejects] == [
        (4, "expected 5 fields, got 2"),
        (5, "no text: need 'text' or 'title'/'description'"),
    ]


def test_csv_line_numbers_count_physical_lines():
    data = b'id,text\n1,"two\nlines"\n2,x,y\n3,ok\n'
    records, rejects = read_all(io.BytesIO(data), fmt="csv")
    assert [(r.id, r.line) for r in records] == [("1", 2), ("3", 5)]
    assert rejects[0].line == 4


def test_csv_without_id_or_text_header_is_unreadable():
    with pytest.raises(InputUnreadable, match="header"):
        read_all(io.BytesIO(b"name,body\na,b\n"), fmt="csv")


def test_missing_file_is_unreadable():
    with pytest.raises(InputUnreadable, match="cannot read"):
        read_all("/nonexistent/ads.jsonl")


def test_format_is_sniffed_from_content_and_bom_is_skipped():
    records, _ = read_all(io.BytesIO('\ufeff{"id": 1, "text": "ok"}\n'.encode()))
    assert records[0].id == "1"
    records, _ = read_all(io.BytesIO("\ufeffid,text\n7,ok\n".encode()))
    assert records[0].id == "7"


def test_gzip_input(tmp_path):
    path = tmp_path / "ads.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as f:
        f.write('{"id": "g", "text": "ویزا"}\n')
    records, _ = read_all(str(path))
    assert records[0].text == "ویزا"


def test_overlong_lines_are_rejected_without_stopping():
    data = b'{"id": 1, "text": "' + b"x" * 5000 + b'"}\n{"id": 2, "text": "ok"}\n'
    records, rejects = read_all(io.BytesIO(data), max_line_bytes=1000)
    assert [r.id for r in records] == ["2"]
    assert rejects[0].line == 1 and "longer than 1000" in rejects[0].reason


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.parametrize("jobs", [1, 2])
def test_deeply_nested_json_is_rejected_and_later_lines_survive(tmp_path, jobs):
    # json.loads raises RecursionError near 1,000 levels; the limit must not depend on the
    # caller's stack (a worker process has a different one), so --jobs 1 and 2 agree.
    lines = [
        '{"id": "a", "text": "driver needed"}',
        '{"id": "at-limit", "text": "x", "source": ' + nested(99) + "}",  # 100 with the record
        '{"id": "over", "text": "x", "source": ' + nested(100) + "}",
        nested(100_000),
        '{"id": "quoted", "text": "' + nested(300) + '"}',  # brackets in a string do not nest
        # An unclosed string holds the rest of the line (scanned once, not from every \\").
        "[" * 50 + '"' + '\\"' * 20_000 + "[" * 200,
        '{"id": "b", "text": "driver needed"}',
    ]
    path = tmp_path / "deep.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    records, rejects = read_all(str(path))
    assert [r.id for r in records] == ["a", "at-limit", "quoted", "b"]
    assert [(r.line, r.reason.split(":")[0]) for r in rejects] == [
        (3, "JSON nested deeper than 100 levels"),
        (4, "JSON nested deeper than 100 levels"),
        (6, "invalid JSON"),
    ]
    from adscreen.pipeline import screen_lines

    raw = [(n, line.encode()) for n, line in enumerate(lines, start=1)]
    if jobs == 2:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(1) as pool:
            text, n_rows, line_rejects, _ = pool.submit(screen_lines, raw).result()
    else:
        text, n_rows, line_rejects, _ = screen_lines(raw)
    assert n_rows == 4 and [r.line for r in line_rejects] == [3, 4, 6]


def test_labels_are_read_when_present():
    data = (
        b'{"id": 1, "text": "a", "label": 1}\n{"id": 2, "text": "b", "fraudulent": "0"}\n'
        b'{"id": 3, "text": "c"}\n'
    )
    records, _ = read_all(io.BytesIO(data))
    assert [r.label for r in records] == [1, 0, None]


def test_record_text_prefers_text_then_joins_parts():
    assert record_text({"text": "t", "title": "x"}) == "t"
    assert record_text(
        {"title": "T", "location": "PK", "description": "D", "requirements": ""}
    ) == ("T\nPK\nD")


def test_detect_format():
    assert detect_format("a.ndjson") == "jsonl"
    assert detect_format("a.csv.gz") == "csv"
    assert detect_format(None, b"id,text") == "csv"


def test_chunked():
    assert list(chunked(iter(range(7)), 3)) == [[0, 1, 2], [3, 4, 5], [6]]
    with pytest.raises(ValueError):
        list(chunked([], 0))


def test_writers_jsonl_csv_and_rejects(tmp_path):
    out = io.StringIO()
    with RecordWriter(out, fmt="jsonl") as w:
        w.write({"id": "a", "flags": ["x"], "ur": "ویزا"})
    assert json.loads(out.getvalue()) == {"id": "a", "flags": ["x"], "ur": "ویزا"}
    out = io.StringIO()
    with RecordWriter(out, fmt="csv", columns=["id", "flags", "obj"]) as w:
        w.write({"id": "a", "flags": ["x", "y"], "obj": {"k": 1}})
    assert out.getvalue().splitlines() == ["id,flags,obj", 'a,x; y,"{""k"": 1}"']
    err = io.StringIO()
    path = tmp_path / "rejects.jsonl"
    from adscreen.io import Reject

    with RejectsWriter(str(path), stderr=err) as rejects:
        rejects(Reject(3, "invalid JSON", "{"))
    assert err.getvalue() == "line 3: invalid JSON\n"
    assert json.loads(path.read_text()) == {"line": 3, "reason": "invalid JSON", "raw": "{"}
    assert rejects.count == 1


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("\t=1", "'\t=1"),
        (["azad-visa", "=evil()"], "azad-visa; =evil()"),  # not at the start: plain text
        (["=evil()", "azad-visa"], "'=evil(); azad-visa"),
        # numbers and phone numbers are not formulas and are written as they are
        ("+92 300 1234567", "+92 300 1234567"),
        (["+923000000012", "+971501234567"], "+923000000012; +971501234567"),
        ("-0.5", "-0.5"),
        ("a=b", "a=b"),
    ],
)
def test_csv_cells_that_spreadsheets_would_run_are_written_as_text(value, written):
    out = io.StringIO()
    with RecordWriter(out, fmt="csv", columns=["id", "url"]) as writer:
        writer.write({"id": "x", "url": value})
    assert list(csv.reader(io.StringIO(out.getvalue())))[1] == ["x", written]
