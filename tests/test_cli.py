"""The command-line contract of DESIGN.md: exit codes, output format, no traceback, no Textual."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from ds_tui import __version__
from ds_tui.cli import main
from ds_tui.start_request import StartRequest

FIXTURES = Path(__file__).parent / "fixtures"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "ds_tui", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=60)


def test_version_via_python_m():
    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"ds-tui {__version__}"


def test_validate_bundled_lessons_is_clean(capsys):
    assert main(["validate"]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "0 errors, 0 warnings" in captured.err


def test_validate_reports_each_problem_as_path_line_col(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\norder: 1\ntittle: {en: a, vi: b}\nsections:\n  - id: s\n    title: {en: a, vi: b}\n"
                   "    body: {en: a, vi: b}\n    embed: {demo: nope}\n")
    assert main(["validate", str(bad), str(FIXTURES / "every_kind.yaml")]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        f"{bad}:3:1: error: tittle: unknown field 'tittle' (did you mean 'title'?)",
        f"{bad}:8:19: error: sections[0].embed.demo: unknown demo 'nope'; known: cpu-bound, io-bound, mixed, race, "
        "isolation, worker-pool, allreduce, pipeline",
    ]


def test_validate_folder_and_warnings_keep_exit_zero(tmp_path, capsys):
    text = (FIXTURES / "every_kind.yaml").read_text().replace('body: {vi: "Chạy demo.", en: "Run the demo."}',
                                                              'body: {en: "Run the demo."}')
    (tmp_path / "a.yaml").write_text(text)
    assert main(["validate", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert ": warning: sections[1].body.vi: missing vi translation" in out


def test_validate_duplicate_lesson_id_across_files(tmp_path, capsys):
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / name).write_text((FIXTURES / "every_kind.yaml").read_text())
    assert main(["validate", str(tmp_path)]) == 1
    assert f"{tmp_path / 'b.yaml'}:1:1: error: id: lesson id 'sample' is already used by" in capsys.readouterr().out


@pytest.mark.parametrize("args", [["validate", "/no/such/file.yaml"], ["validate", "--bogus"], ["--lang", "fr"]])
def test_bad_usage_exits_2_without_traceback(args):
    result = run(*args)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and "error" in result.stderr


def test_empty_folder_is_reported(tmp_path):
    result = run("validate", str(tmp_path))
    assert result.returncode == 1
    assert "no lesson files" in result.stderr


def test_binary_and_huge_files_never_traceback(tmp_path):
    (tmp_path / "bin.yaml").write_bytes(bytes(range(256)) * 10)
    (tmp_path / "big.yaml").write_bytes(b"# x\n" * 300_000)
    result = run("validate", str(tmp_path))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "bin.yaml:2:118: error: file is not valid UTF-8 (byte 0x80)" in result.stdout and "big.yaml:1:1: error: file is 1,200,000 bytes" in result.stdout


def test_unknown_theme_and_missing_lessons_folder_are_usage_errors(tmp_path):
    result = run("--theme", "no-such-theme")
    assert result.returncode == 2 and "unknown theme 'no-such-theme'" in result.stderr
    result = run("--lessons", str(tmp_path / "missing"))
    assert result.returncode == 2 and "no such folder" in result.stderr


def test_validate_from_another_directory_finds_bundled_lessons(tmp_path):
    result = run("validate", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "checked 4 lesson files" in result.stderr


def test_hardware_json_matches_this_machine():
    import json
    import os

    result = run("hardware", "--json")
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["cpu"]["logical_cpus"] == os.cpu_count()
    assert isinstance(doc["python"]["gil_enabled"], bool)
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kib = int(next(line for line in meminfo.read_text().splitlines() if line.startswith("MemTotal:")).split()[1])
        assert abs(doc["memory"]["total_bytes"] - kib * 1024) <= 1024 * 1024
        model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                      if line.startswith("model name")), None)
        if model:
            assert doc["cpu"]["model"] == model


def test_hardware_markdown_and_text_follow_the_language():
    markdown = run("hardware", "--markdown", "--lang", "vi")
    assert markdown.returncode == 0 and "Kiểm tra CPU, GPU, RAM" in markdown.stdout
    text = run("--lang", "en", "hardware")
    assert text.returncode == 0 and "Logical CPUs" in text.stdout
    assert run("hardware", "--json", "--markdown").returncode == 2


def test_demo_live_takes_the_demo_commands_language(monkeypatch):
    import ds_tui.ui.launch as launch

    seen = {}
    monkeypatch.setattr(launch, "run_tui", lambda **kwargs: seen.update(kwargs) or 0)
    assert main(["demo", "race", "--live", "--lang", "vi"]) == 0
    assert seen["lang"] == "vi" and seen["start"].kind == "demo" and seen["start"].demo == "race"


def test_demo_live_passes_its_parameters_and_checks_them_first(monkeypatch, capsys):
    import ds_tui.ui.launch as launch

    seen = {}
    monkeypatch.setattr(launch, "run_tui", lambda **kwargs: seen.update(kwargs) or 0)
    assert main(["demo", "pipeline", "--live", "--workers", "3", "--size", "small", "--microbatches", "16"]) == 0
    assert seen["start"] == StartRequest("demo", demo="pipeline", workers=3, size="small", microbatches=16, run=True)  # --live runs it at once
    seen.clear()
    assert main(["demo", "cpu-bound", "--live", "--microbatches", "3"]) == 2  # as the headless run says
    assert "micro-batch" in capsys.readouterr().err and not seen
    assert main(["demo", "pipeline", "--live", "--workers", "0"]) == 2 and not seen
