"""``adscreen cluster`` from the command line: bad lines, outputs, --jobs and --dask."""

import json
from pathlib import Path

import pytest

from adscreen import cluster_cli

FIXTURE = Path(__file__).parent / "fixtures" / "cluster_ads.jsonl"
GOOD_IDS = ["drv-1", "drv-2", "drv-3", "drv-4", "cook-1", "cook-2", "tea-1", "dev-1", "nur-1"]


def run_cluster(tmp_path, *extra, source=FIXTURE):
    output = tmp_path / "out.jsonl"
    code = cluster_cli.main([str(source), "-o", str(output), *extra])
    rows = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    return code, rows


def clusters_of(rows):
    return {row["id"]: (row["cluster_id"], row["template_id"]) for row in rows}


def test_malformed_lines_are_reported_and_the_good_ones_kept(tmp_path, capsys):
    rejects = tmp_path / "rejects.jsonl"
    code, rows = run_cluster(tmp_path, "--rejects", str(rejects))

    assert code == cluster_cli.EXIT_REJECTS
    assert [row["id"] for row in rows] == GOOD_IDS
    stderr = capsys.readouterr().err
    assert "line 4: invalid JSON" in stderr
    assert "line 9: missing 'id'" in stderr
    rejected = [json.loads(line) for line in rejects.read_text(encoding="utf-8").splitlines()]
    assert [(r["line"], r["reason"].split(":")[0]) for r in rejected] == [
        (4, "invalid JSON"),
        (9, "missing 'id'"),
    ]


def test_networks_templates_and_strengths(tmp_path):
    networks_file = tmp_path / "networks.jsonl"
    _, rows = run_cluster(tmp_path, "--networks", str(networks_file))
    by_id = {row["id"]: row for row in rows}

    # The driver template, posted four times with different phones: weak.
    assert len({by_id[f"drv-{n}"]["cluster_id"] for n in range(1, 5)}) == 1
    assert by_id["drv-1"]["strength"] == "weak"
    # Urdu-script variants (Arabic letter forms, harakat) of one ad: one template.
    assert by_id["cook-1"]["template_id"] == by_id["cook-2"]["template_id"] is not None
    # Unrelated texts, one phone in the text and the other in the contact field: strong.
    assert by_id["tea-1"]["cluster_id"] == by_id["dev-1"]["cluster_id"]
    assert by_id["tea-1"]["strength"] == "strong"
    assert by_id["dev-1"]["reasons"] == [
        {"link": "contact", "contact": "phone:+923210000777", "strength": "strong"}
    ]
    assert (by_id["nur-1"]["cluster_size"], by_id["nur-1"]["strength"]) == (1, "none")

    networks = [json.loads(line) for line in networks_file.read_text(encoding="utf-8").splitlines()]
    driver = next(n for n in networks if n["cluster_id"] == by_id["drv-1"]["cluster_id"])
    (template,) = driver["templates"]
    assert "{SLOT1}" in template["text"] and "Salary {SLOT2}" in template["text"]
    assert template["slots"][0]["examples"] == ["Riyadh", "Jeddah", "Dammam", "Dubai"]


def test_csv_output_and_graph_files(tmp_path):
    output = tmp_path / "out.csv"
    graphml, graph_json = tmp_path / "g.graphml", tmp_path / "g.json"
    code = cluster_cli.main(
        [
            str(FIXTURE),
            "-o", str(output),
            "--format", "csv",
            "--graphml", str(graphml),
            "--graph-json", str(graph_json),
        ]
    )  # fmt: skip

    assert code == cluster_cli.EXIT_REJECTS
    lines = output.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "id,cluster_id,template_id,cluster_size,strength,reasons"
    assert len(lines) == 1 + len(GOOD_IDS)
    assert graphml.read_bytes().startswith(b"<?xml")
    document = json.loads(graph_json.read_text(encoding="utf-8"))
    assert "ad:tea-1" in {node["id"] for node in document["nodes"]}


def test_stdin_input_gives_the_same_clusters_as_a_file(tmp_path, monkeypatch):
    import io
    import sys

    _, from_file = run_cluster(tmp_path)
    stdin = io.TextIOWrapper(io.BufferedReader(io.BytesIO(FIXTURE.read_bytes())))
    monkeypatch.setattr(sys, "stdin", stdin)
    networks_file = tmp_path / "networks.jsonl"
    _, from_stdin = run_cluster(tmp_path, "--networks", str(networks_file), source="-")

    assert clusters_of(from_stdin) == clusters_of(from_file)
    assert "{SLOT1}" in networks_file.read_text(encoding="utf-8")


def test_clean_input_exits_zero_and_missing_input_exits_three(tmp_path, capsys):
    clean = tmp_path / "clean.jsonl"
    lines = FIXTURE.read_text(encoding="utf-8").splitlines()
    clean.write_text("\n".join(lines[:3]) + "\n", encoding="utf-8")
    code, rows = run_cluster(tmp_path, source=clean)
    assert (code, len(rows)) == (cluster_cli.EXIT_OK, 3)

    missing = tmp_path / "nope.jsonl"
    assert (
        cluster_cli.main([str(missing), "-o", str(tmp_path / "x")]) == cluster_cli.EXIT_UNREADABLE
    )
    assert "cannot read" in capsys.readouterr().err


def test_usage_errors_exit_two(tmp_path):
    with pytest.raises(SystemExit) as raised:
        cluster_cli.main([str(FIXTURE), "--threshold", "1.5"])
    assert raised.value.code == cluster_cli.EXIT_USAGE
    assert cluster_cli.main([str(FIXTURE), "--jobs", "2", "--dask", "tcp://x:1"]) == 2


def test_local_processes_give_the_same_clusters(tmp_path):
    _, serial = run_cluster(tmp_path, "--chunk-size", "3")
    _, parallel = run_cluster(tmp_path, "--chunk-size", "3", "--jobs", "2")
    assert parallel == serial


def test_dask_cluster_gives_the_same_clusters_as_local(tmp_path):
    distributed = pytest.importorskip("distributed")
    _, local = run_cluster(tmp_path, "--chunk-size", "4")
    with distributed.LocalCluster(
        processes=False, n_workers=1, threads_per_worker=1, dashboard_address=None
    ) as dask_cluster:
        _, on_dask = run_cluster(
            tmp_path, "--chunk-size", "4", "--dask", dask_cluster.scheduler_address
        )
    assert on_dask == local
    assert len({row["cluster_id"] for row in on_dask}) == 4


def test_fixture_is_synthetic():
    # Guard against real data creeping in: every phone in the fixture is a 0300/0321
    # number from the reserved-looking 0000xxx block used by these tests.
    import re

    text = FIXTURE.read_text(encoding="utf-8")
    for number in re.findall(r"03\d\d[- ]?\d{7}", text):
        assert re.sub(r"\D", "", number)[4:8] == "0000", number


def test_the_adscreen_command_dispatches_to_cluster(tmp_path):
    from adscreen import cli

    output = tmp_path / "via-cli.jsonl"
    code = cli.main(["cluster", str(FIXTURE), "-o", str(output), "--input-format", "jsonl"])
    _, direct = run_cluster(tmp_path)

    assert code == cli.EXIT_REJECTS
    rows = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    assert rows == direct
