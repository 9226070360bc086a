"""The benchmark harness (bench/) runs and produces well-formed results.

Speed is measured by `python -m bench`, never asserted here: these tests only check that the
synthetic corpus is a real corpus and that the quick bench's import, edit and `list --json`
parts produce complete, consistent figures.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench import corpus, results, runner
from foitui.importing import read_records
from foitui.refs import ref_key


def test_corpus_is_deterministic_unique_and_sample_sized(tmp_path: Path) -> None:
    first = corpus.generate(300)
    assert first == corpus.generate(300)
    refs = [record["ref"] for record in first]
    assert len({ref_key(ref) for ref in refs}) == len(refs)
    received = [record["received"] for record in first]
    assert received == sorted(received)
    # Some records name an earlier record of the corpus: prior cases to resolve and link.
    assert any(
        earlier in record["request"] + record["response"]
        for i, record in enumerate(first)
        for earlier in refs[:i]
    )

    path = tmp_path / "corpus.tsv"
    corpus.write_tsv(first, path)
    records, errors = read_records(path, "tsv")
    assert errors == []
    assert [r.fields for r in records] == first
    per_record = path.stat().st_size / len(first)
    assert 0.8 < per_record / corpus.sample_stats().bytes_per_record < 1.25


def test_restyle_ref_keeps_the_template_style() -> None:
    assert corpus.restyle_ref("FOI 12904", 100_007, 2025) == "FOI 100007"
    assert corpus.restyle_ref("FOIR/26/1034", 100_042, 2025) == "FOIR/25/100042"
    assert corpus.restyle_ref("FOI-2026-2950", 100_001, 2025) == "FOI-2025-100001"


def test_figures_ratio_and_targets() -> None:
    edit = runner.new_figure("edit_durable", 100_000)
    edit.value, edit.baseline = 10.0, 1000.0
    assert edit.ratio == pytest.approx(100.0)
    assert edit.status == "PASS"
    edit.baseline = 200.0  # fast enough, but only 20x faster than the baseline
    assert edit.status == "FAIL"
    imported = runner.new_figure("import", 100_000)
    imported.value, imported.baseline = 1500.0, 500.0  # issue 18: at least 2,000 a second
    assert imported.ratio == pytest.approx(3.0)
    assert imported.status == "FAIL"
    assert runner.new_figure("import", 1_000).target is None
    skipped = runner.new_figure("cold_start_tui", 10_000)
    skipped.skipped = "TUI not available"
    assert skipped.status == "SKIP"
    text = results.table([edit, imported, skipped])
    assert "FAIL" in text and "skipped: TUI not available" in text


@pytest.mark.skipif(runner.parser_missing() is not None, reason="the parser has not landed")
def test_quick_bench_import_edit_list_json(tmp_path: Path) -> None:
    config = runner.Config(
        sizes=[1_000],
        runs=1,
        parts=frozenset({"import", "edit", "list-json"}),
        cache_dir=tmp_path / "cache",
        warmups=0,
        log=lambda _text: None,
    )
    figures, meta = runner.run(config)

    by_metric = {figure.metric: figure for figure in figures}
    assert set(by_metric) == {
        "import",
        "import_memory",
        "cold_start_list_json",
        "list_json_first_line",
        "list_json_memory",
        "edit_durable",
    }
    for figure in figures:
        assert figure.skipped is None, figure.skipped
        assert figure.n == 1_000
        assert figure.value is not None and figure.value > 0
        if figure.metric.startswith("list_json_"):  # no baseline: the same command's figures
            continue
        assert figure.baseline is not None and figure.baseline > 0
        assert figure.ratio is not None and figure.ratio > 0
        assert figure.status in {"PASS", "FAIL", "-"}
    assert by_metric["import"].unit == "rec/s"
    assert len(by_metric["edit_durable"].extra["wall_s"]) == runner.EDITS
    assert by_metric["import"].cpu is not None and by_metric["import"].cpu > 0

    line = results.json_line(figures, meta)
    assert "\n" not in line
    data = json.loads(line)
    assert data["sizes"] == [1_000]
    assert data["corpus"]["1000"]["bytes_per_record"] > 0
    assert {f["metric"] for f in data["figures"]} == set(by_metric)
    assert all(f["status"] in {"PASS", "FAIL", "-"} for f in data["figures"])

    table = results.table(figures)
    assert "import (parse + store)" in table and "TinyDB update" in table
    # The stores and TinyDB files are removed; only the cached corpus stays.
    assert [p.name for p in (tmp_path / "cache").iterdir()] == [meta["corpus"]["1000"]["file"]]
