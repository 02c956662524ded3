"""Hostile input found by fuzzing: each case once crashed a run or let a bad file through.

The rule these tests hold adscreen to: a malformed record is rejected with its line number
and a reason while the good ones are still written, and a malformed model, rules or input
file is refused with adscreen's own error (and the CLI's exit code), never a traceback.
"""

import gzip
import json
from importlib import resources

import pytest

from adscreen import cli
from adscreen.classify import DEFAULT_MODEL_FILE, ModelFormatError, default_model, load_model
from adscreen.io import read_records
from adscreen.rules import RulesError, RuleSet

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


# -- model files ---------------------------------------------------------------------------


def shipped_model_doc():
    path = resources.files("adscreen") / "models" / DEFAULT_MODEL_FILE
    return json.loads(path.read_text(encoding="utf-8"))


def edited(path, change):
    doc = shipped_model_doc()
    change(doc)
    # json.dumps writes NaN and Infinity, which json.loads (and so load_model) reads back.
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def _set(*keys_and_value):
    *keys, last, value = keys_and_value

    def change(doc):
        for key in keys:
            doc = doc[key]
        doc[last] = value

    return change


BAD_MODELS = {
    # Each loaded (or crashed with a plain TypeError/OverflowError) before.
    "format is a list": (lambda doc: doc.update(format=[1]), "unknown model format"),
    "rules_version is infinite": (_set("rules_version", float("inf")), "malformed"),
    "a weight too large for a float": (_set("token_weights", "visa", 10**400), "malformed"),
    # These loaded, then failed on the first ad or wrote "score": nan (not JSON).
    "threshold is a string": (_set("params", "threshold", "0.5"), "malformed"),
    "medium above threshold": (_set("params", "medium", 0.9), "medium < threshold"),
    "intercept is NaN": (_set("intercept", float("nan")), "finite"),
    "a word weight is infinite": (_set("token_weights", "visa", float("inf")), "finite"),
    "calibration slope is NaN": (_set("calibration", "a", float("nan")), "finite"),
    "a dense weight overflows a sum": (
        _set("dense_weights", "rules:strongest", 1e308),
        "finite",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_MODELS))
def test_malformed_models_raise_model_format_error(tmp_path, case):
    change, message = BAD_MODELS[case]
    with pytest.raises(ModelFormatError, match=message):
        load_model(edited(tmp_path / "m.json", change))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'\xff\xfe{"format": 1}', "not a model.*utf-8"),
        (
            b'{"format": 1, "n": ' + BIG_INT.encode() + b"}",
            r"not a model \(Exceeds the limit \(4300 digits\).* 5000 digits\)$",
        ),
    ],
)
def test_model_files_that_are_not_json_text(tmp_path, content, message):
    path = tmp_path / "m.json"
    path.write_bytes(content)
    with pytest.raises(ModelFormatError, match=message):
        load_model(path)


def test_the_shipped_model_still_loads_and_validates():
    model = default_model()
    assert 0 < model.medium < model.threshold < 1 and len(model.token_weights_) > 1000
    # the threshold is the one its validation chose, recorded in the file
    assert model.threshold == model.training_["threshold_choice"]["threshold"]


@pytest.mark.parametrize("command", ["screen", "eval"])
def test_cli_refuses_bad_models_with_exit_4(tmp_path, capsys, command):
    ads = tmp_path / "ads.jsonl"
    ads.write_text('{"id": "a", "text": "azad visa", "label": 1}\n', encoding="utf-8")
    models = [
        edited(tmp_path / "nan.json", _set("intercept", float("nan"))),
        edited(tmp_path / "str.json", _set("params", "threshold", "0.5")),
        tmp_path,  # a directory
    ]
    for model in models:
        argv = [command, str(ads), "--model", str(model)]
        if command == "screen":
            argv += ["-o", str(tmp_path / "out.jsonl")]
        assert cli.main(argv) == cli.EXIT_BAD_MODEL, model
        err = capsys.readouterr().err
        assert err.startswith("adscreen: ") and "Traceback" not in err


# -- files the CLI cannot read or write ----------------------------------------------------


def _gzipped_ads(n):
    lines = "".join(f'{{"id": "{i}", "text": "azad visa number {i}"}}\n' for i in range(n))
    return gzip.compress(lines.encode("utf-8"))


def test_cli_reports_unreadable_and_unwritable_files_with_exit_3(tmp_path, capsys):
    good = tmp_path / "ads.jsonl"
    good.write_text('{"id": "a", "text": "azad visa"}\n', encoding="utf-8")
    data = _gzipped_ads(2000)
    corrupt = bytearray(data)
    corrupt[len(data) // 2] ^= 0xFF
    inputs = {
        "not gzip": b"plain text, not gzip\n",
        "cut short": data[: len(data) // 2],
        "corrupt": bytes(corrupt),
    }
    cases = []
    for name, content in inputs.items():
        path = tmp_path / f"{name.replace(' ', '-')}.jsonl.gz"
        path.write_bytes(content)
        for command in ("screen", "cluster", "eval"):
            cases.append([command, str(path)] + (["-o", str(tmp_path / "o")] * (command != "eval")))
    for command in ("screen", "cluster"):
        cases.append([command, str(good), "-o", str(tmp_path)])  # output is a directory
        cases.append([command, str(good), "-o", str(tmp_path / "o"), "--rejects", str(tmp_path)])
    cases.append(["cluster", str(good), "-o", str(tmp_path / "o"), "--graphml", str(tmp_path)])
    for argv in cases:
        assert cli.main(argv) == cli.EXIT_UNREADABLE, argv
        err = capsys.readouterr().err
        assert err.splitlines()[-1].startswith("adscreen: ") and "Traceback" not in err, argv


def test_a_truncated_gzip_keeps_the_blocks_screened_before_the_cut(tmp_path, capsys):
    path = tmp_path / "ads.jsonl.gz"
    data = _gzipped_ads(20_000)
    path.write_bytes(data[: len(data) * 9 // 10])
    out = tmp_path / "out.jsonl"
    argv = ["screen", str(path), "-o", str(out), "--chunk-size", "10"]
    assert cli.main(argv) == cli.EXIT_UNREADABLE
    assert "cannot read" in capsys.readouterr().err
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) > 10_000 and [r["id"] for r in rows] == [str(i) for i in range(len(rows))]


# -- rules files ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (b"version = 1\n# \xff\n", "not UTF-8"),
        ("version = 1\nrule = [1, 2]\n", r"\[\[rule\]\] table"),
        ('version = 1\nrule = ["x"]\n', r"\[\[rule\]\] table"),
        ("version = 1\nx = " + "[" * 5000 + "]" * 5000 + "\n", "nested too deeply"),
    ],
)
def test_malformed_rules_documents_raise_rules_error(document, message):
    with pytest.raises(RulesError, match=message):
        RuleSet.from_toml(document)


# -- clustering ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "code"), [("", cli.EXIT_OK), ("not json\n\n", cli.EXIT_REJECTS)]
)
def test_cluster_on_input_with_no_ads_writes_empty_outputs(tmp_path, content, code):
    # With no ad signed, pair verification concatenated no chunks: numpy raised ValueError.
    import networkx as nx

    path = tmp_path / "ads.jsonl"
    path.write_text(content, encoding="utf-8")
    out, graphml, graph_json = tmp_path / "o.jsonl", tmp_path / "g.graphml", tmp_path / "g.json"
    argv = ["cluster", str(path), "-o", str(out), "--graphml", str(graphml)]
    assert cli.main([*argv, "--graph-json", str(graph_json)]) == code
    assert out.read_text() == ""
    assert nx.read_graphml(graphml).number_of_nodes() == 0
    assert json.loads(graph_json.read_text())["nodes"] == []


# XML 1.0 cannot carry these characters, not even as &#1; references.
NOT_XML = "\x00\x01\x08\x0b\x0c\x0e\x1f\ufffe\uffff"


@pytest.mark.parametrize("repeat_ids", [False, True])  # repeated ids: the networkx writer
def test_graphml_stays_readable_when_ids_and_texts_hold_characters_xml_cannot(tmp_path, repeat_ids):
    import networkx as nx

    ads = [
        {"id": f"a{NOT_XML}", "text": f"azad visa{NOT_XML} fee, call 0300-0000012"},
        {"id": "b" if not repeat_ids else "c", "text": "azad visa fee, call 0300-0000012"},
        {"id": "c", "text": "azad visa fee, call 0300-0000012 now"},
    ]
    path = tmp_path / "ads.jsonl"
    path.write_text("".join(json.dumps(ad) + "\n" for ad in ads), encoding="utf-8")
    graphml, out = tmp_path / "g.graphml", tmp_path / "o.jsonl"
    argv = ["cluster", str(path), "-o", str(out), "--graphml", str(graphml)]
    assert cli.main(argv) == cli.EXIT_OK
    graph = nx.read_graphml(graphml)  # one bad id made the whole file unreadable
    assert "ad:a" + "\ufffd" * len(NOT_XML) in graph
    # The other outputs keep the id as given.
    assert json.loads(out.read_text().splitlines()[0])["id"] == ads[0]["id"]
