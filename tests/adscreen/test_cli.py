"""``adscreen`` from the command line: outputs, rejects, exit codes, train and eval."""

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from adscreen import cli
from adscreen.classify import load_model

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).resolve().parents[2]


def run(argv):
    return cli.main([str(a) for a in argv])


def test_screen_jsonl_with_bad_lines_writes_good_rows_and_rejects(tmp_path, capsys):
    out, rejects = tmp_path / "out.jsonl", tmp_path / "rejects.jsonl"
    code = run(["screen", FIXTURES / "ads_bad_lines.jsonl", "-o", out, "--rejects", rejects])
    assert code == cli.EXIT_REJECTS
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["j1", "j5"]
    assert rows[0]["band"] in ("medium", "high") and rows[0]["flags"]
    lines = [json.loads(line)["line"] for line in rejects.read_text(encoding="utf-8").splitlines()]
    assert lines == [2, 3, 4, 7]
    assert "line 2: invalid JSON" in capsys.readouterr().err


def test_screen_csv_to_csv(tmp_path):
    out = tmp_path / "out.csv"
    code = run(["screen", FIXTURES / "ads_mixed.csv", "--format", "csv", "-o", out])
    assert code == cli.EXIT_REJECTS
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0].split(",")[:4] == ["id", "score", "band", "language"]
    assert lines[1].startswith("c1,") and "phone:+923000000201" in lines[1]
    assert len(lines) == 3


def test_clean_input_exits_zero_and_min_band_filters(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(
        '{"id": "bad", "text": "azad visa, no interview, advance fee, send your passport"}\n'
        '{"id": "ok", "text": "Accountant needed in Lahore, interview at office"}\n',
        encoding="utf-8",
    )
    out = tmp_path / "out.jsonl"
    assert run(["screen", src, "-o", out, "--min-band", "high"]) == cli.EXIT_OK
    assert [json.loads(x)["id"] for x in out.read_text().splitlines()] == ["bad"]


def test_missing_input_is_exit_3(tmp_path, capsys):
    assert run(["screen", tmp_path / "nope.jsonl", "-o", tmp_path / "o"]) == cli.EXIT_UNREADABLE
    assert "cannot read" in capsys.readouterr().err


def test_bad_model_is_exit_4(tmp_path):
    model = tmp_path / "m.json"
    model.write_text('{"format": 42}')
    code = run(["screen", FIXTURES / "ads_mixed.csv", "--model", model, "-o", tmp_path / "o"])
    assert code == cli.EXIT_BAD_MODEL


def test_usage_errors_are_exit_2(tmp_path):
    with pytest.raises(SystemExit) as exc:
        run(["screen"])
    assert exc.value.code == cli.EXIT_USAGE
    code = run(["screen", FIXTURES / "ads_mixed.csv", "--jobs", "2", "--dask", "tcp://x:1"])
    assert code == cli.EXIT_USAGE


def test_help_documents_exit_codes_and_has_every_subcommand(capsys):
    with pytest.raises(SystemExit):
        run(["--help"])
    text = capsys.readouterr().out
    for word in ("screen", "train", "eval", "cluster", "exit codes", "input unreadable"):
        assert word in text


def test_stdin_to_stdout_through_the_console_entry_point():
    done = subprocess.run(
        [sys.executable, "-m", "adscreen.cli", "screen", "-", "--format", "csv"],
        input='{"id": "s1", "text": "free visa and free ticket, no interview"}\n',
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[1].startswith("s1,")
    assert done.stderr == ""  # no progress bar when stderr is not a terminal


def test_progress_bar_on_request(tmp_path, capsys):
    run(["screen", FIXTURES / "ads_mixed.csv", "-o", tmp_path / "o.jsonl", "--progress"])
    assert "ads" in capsys.readouterr().err


def test_jobs_2_output_equals_jobs_1(tmp_path):
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    run(["screen", FIXTURES / "pk_ads_handwritten.jsonl", "-o", a, "--chunk-size", "4"])
    run(
        [
            "screen",
            FIXTURES / "pk_ads_handwritten.jsonl",
            "-o",
            b,
            "--chunk-size",
            "4",
            "--jobs",
            "2",
        ]
    )
    assert a.read_text() == b.read_text()


def test_train_then_eval_round_trip(tmp_path, capsys):
    model = tmp_path / "model.json"
    code = run(
        [
            "train",
            FIXTURES / "pk_ads_handwritten.jsonl",
            "-o",
            model,
            "--synthetic",
            "150",
            "--model-version",
            "test",
        ]
    )
    assert code == cli.EXIT_OK
    loaded = load_model(model)
    assert loaded.training_["model_version"] == "test"
    assert "input" in loaded.training_["grouped_cv"]
    capsys.readouterr()
    assert run(["eval", FIXTURES / "pk_ads_handwritten.jsonl", "--model", model, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["metrics"]["n"] == 30
    assert {f["rule_id"] for f in report["flags"]} >= {"azad-visa", "upfront-fee"}
    assert [p["max_fpr"] for p in report["operating_points"]] == [0.01, 0.05, 0.1]
    assert [p["max_fpr"] for p in loaded.training_["grouped_cv"]["input"]["operating_points"]] == [
        0.01,
        0.05,
        0.1,
    ]
    assert run(["eval", FIXTURES / "pk_ads_handwritten.jsonl", "--model", model]) == 0
    assert "<= 5%: threshold" in capsys.readouterr().out


def test_eval_rejects_unlabelled_lines(tmp_path, capsys):
    src = tmp_path / "x.jsonl"
    src.write_text(
        '{"id": 1, "text": "a", "label": 1}\n'
        '{"id": 2, "text": "b"}\n'
        '{"id": 3, "text": "c", "label": 0}\n'
    )
    assert run(["eval", src]) == cli.EXIT_REJECTS
    assert "line 2: missing or invalid 'label'" in capsys.readouterr().err


def test_train_picks_alpha_by_grouped_cv_and_records_the_search(tmp_path, capsys):
    model = tmp_path / "model.json"
    argv = ["train", FIXTURES / "pk_ads_handwritten.jsonl", "-o", model, "--synthetic", "150"]
    assert run([*argv, "--alpha", "50", "1e-4"]) == cli.EXIT_OK
    loaded = load_model(model)
    search = loaded.training_["alpha_search"]
    assert [s["alpha"] for s in search] == [50.0, 1e-4]
    best = max(search, key=lambda s: s["roc_auc"])
    assert loaded.alpha == best["alpha"]
    # the kept model's reported input-ads metrics are the ones its alpha scored
    assert loaded.training_["grouped_cv"]["input"]["roc_auc"] == best["roc_auc"]
    assert run([*argv, "--alpha", "-1"]) == cli.EXIT_USAGE


def test_importing_the_cli_does_not_import_the_clustering_stack():
    # `adscreen screen` builds the same parser as `adscreen cluster`; datasketch, numpy and
    # friends cost ~0.6 s of start-up and must load only when clustering runs.
    code = (
        "import sys; import adscreen.cli; "
        "print(sorted(m for m in ('datasketch', 'dask', 'networkx', 'numpy', 'scipy') "
        "if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_csv_output_writes_formula_like_cells_as_text(tmp_path, jobs):
    src, out = tmp_path / "in.jsonl", tmp_path / "out.csv"
    src.write_text(
        '{"id": "=HYPERLINK(\\"http://x\\")", "text": "driver needed", "url": "@SUM(A1)"}\n'
        '{"id": "ok", "text": "call +92 300 0000012", "url": "https://example.com"}\n',
        encoding="utf-8",
    )
    assert run(["screen", src, "-o", out, "--jobs", jobs]) == cli.EXIT_OK
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert rows[0]["id"] == '\'=HYPERLINK("http://x")' and rows[0]["url"] == "'@SUM(A1)"
    assert rows[1]["id"] == "ok" and rows[1]["phones"] == "+923000000012"


def test_train_validates_by_source_and_eval_reports_per_source(tmp_path, capsys):
    from .test_classify import NEUTRAL

    legit = tmp_path / "local_jobs.jsonl"
    legit.write_text(
        "".join(
            json.dumps({"id": f"l{i}", "text": f"{t} Ref {i}.", "label": 0}) + "\n"
            for i, t in enumerate(NEUTRAL * 4)
        ),
        encoding="utf-8",
    )
    sms = tmp_path / "sms.jsonl"
    sms.write_text(
        '{"id": "s1", "text": "Part time job, earn Rs XXXX daily, add WhatsApp", "label": 1}\n'
        '{"id": "s2", "text": "Hiring now, salary XXXXX per day, contact on WhatsApp", "label": 1}\n',
        encoding="utf-8",
    )
    model = tmp_path / "model.json"
    argv = ["train", FIXTURES / "pk_ads_handwritten.jsonl", legit, sms, "-o", model]
    argv += ["--synthetic", "150", "--validate", "--stop-words", "--source-power", "0.5"]
    assert run([*argv, "--max-source-fpr", "0.0"]) == cli.EXIT_OK
    err = capsys.readouterr().err
    assert "leave-one-source-out" in err and "local_jobs" in err
    training = load_model(model).training_
    loso = {row["source"]: row for row in training["leave_one_source_out"]}
    assert set(loso) == {"pk_ads_handwritten", "local_jobs", "sms", "synthetic"}
    assert loso["local_jobs"]["legitimate"] == 12 and loso["sms"]["deceptive"] == 2
    # the threshold keeps the legitimate-only source's unseen-source FPR within budget
    assert training["threshold_choice"]["legitimate_sources"] == ["local_jobs"]
    assert loso["local_jobs"]["false_positive_rate"] == 0.0
    assert load_model(model).threshold == training["threshold_choice"]["threshold"]
    assert training["ads_per_source"]["sms"] == {"legitimate": 0, "deceptive": 2}
    assert run(["eval", FIXTURES / "pk_ads_handwritten.jsonl", legit, "--model", model]) == 0
    out = capsys.readouterr().out
    assert "per source" in out and "pk_ads_handwritten" in out and "local_jobs" in out


def test_train_source_boost_is_checked_and_recorded(tmp_path, capsys):
    model = tmp_path / "model.json"
    argv = ["train", FIXTURES / "pk_ads_handwritten.jsonl", "-o", model, "--synthetic", "150"]
    for bad in ("pk_ads_handwritten", "pk_ads_handwritten=0", "=2", "x=nan"):
        with pytest.raises(SystemExit):
            run([*argv, "--source-boost", bad])
        assert "SOURCE=FACTOR" in capsys.readouterr().err
    assert run([*argv, "--source-boost", "no_such_file=2"]) == cli.EXIT_USAGE
    assert "no_such_file" in capsys.readouterr().err and not model.exists()
    assert run([*argv, "--source-boost", "pk_ads_handwritten=3"]) == cli.EXIT_OK
    assert load_model(model).training_["source_boost"] == {"pk_ads_handwritten": 3.0}
