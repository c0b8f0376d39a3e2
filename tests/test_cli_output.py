"""Hostile outputs and environments never show a traceback: a locale that cannot encode the text
(ASCII, a Windows code page), a full disk, a reader that left, JSON with non-finite figures, no memory,
no threads, an unreadable --lessons folder, a failing command (one line, a crash log, exit 1)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from ds_tui import jsonout
from ds_tui.cli import main

# every headless command; the ones whose output has characters outside ASCII and cp1252 say which
HEADLESS: dict[str, tuple[list[str], str]] = {
    "hardware": (["hardware"], "—"),
    "hardware-markdown-vi": (["hardware", "--markdown", "--lang", "vi"], "ầ"),
    "hardware-json": (["hardware", "--json"], ""),
    "demo-list": (["demo", "list"], "—"),
    "demo-run": (["demo", "cpu-bound", "--size", "small", "--workers", "2"], ""),
    "demo-json": (["demo", "race", "--size", "small", "--workers", "2", "--json"], ""),
    "stats": (["stats"], "·"),
    "stats-json": (["stats", "--json"], ""),
    "calc-compute": (["calc", "compute", "--params", "7B", "--tokens", "1T"], "≈"),
    "calc-memory-vi": (["calc", "memory", "--preset", "gpt3-175b", "--lang", "vi"], "ộ"),
    "calc-presets-json": (["calc", "presets", "--json"], ""),
    "validate": (["validate", "BAD"], ""),  # BAD: a lesson file with problems, printed on stdout
    "help": (["--help"], ""),
}


def ds(*args: str, env: dict[str, str] | None = None, **kw) -> subprocess.CompletedProcess[bytes]:
    streams = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, **kw}
    return subprocess.run([sys.executable, "-m", "ds_tui", *args], timeout=120, env={**os.environ, **(env or {})},
                          **streams)


def _args(args: list[str], tmp_path: Path) -> list[str]:
    if "BAD" in args:
        bad = tmp_path / "bad.yaml"
        bad.write_text("id: x\norder: 1\ntittle: {en: Bài, vi: Bài — một}\n", encoding="utf-8")
        args = [str(bad) if a == "BAD" else a for a in args]
    return args


def _strict_json(text: str) -> object:
    def refuse(name: str) -> None:
        raise ValueError(f"{name} is not JSON")

    return json.loads(text, parse_constant=refuse)


@pytest.mark.parametrize("encoding", ["ascii", "cp1252"])
@pytest.mark.parametrize("case", list(HEADLESS))
def test_a_locale_that_cannot_encode_the_text_still_gets_utf8(case, encoding, tmp_path):
    args, sample = HEADLESS[case]
    result = ds(*_args(args, tmp_path), env={"PYTHONIOENCODING": encoding})
    err = result.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err and "UnicodeEncodeError" not in err, err
    assert result.returncode == (1 if case == "validate" else 0), err
    out = result.stdout.decode("utf-8")  # a file or a pipe: UTF-8 whatever the locale
    assert sample in out
    if case.endswith("json"):
        _strict_json(out)


def test_a_terminal_keeps_its_encoding_and_shows_what_it_cannot_as_a_question_mark():
    pty = pytest.importorskip("pty")
    leader, follower = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "ds_tui", "demo", "list"], stdin=follower, stdout=follower,
                            stderr=follower, env={**os.environ, "PYTHONIOENCODING": "ascii"})
    os.close(follower)
    out = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the other side closed
            break
        if not chunk:
            break
        out += chunk
    os.close(leader)
    assert proc.wait(60) == 0
    text = out.decode("ascii")  # the terminal said ASCII: nothing else reaches it
    assert "Traceback" not in text
    assert "threads or processes ? Counting primes" in text  # the dash it cannot show


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
@pytest.mark.parametrize("case", list(HEADLESS))
def test_a_full_disk_is_one_line_and_exit_1(case, tmp_path):
    args, _ = HEADLESS[case]
    with open("/dev/full", "wb") as full:
        result = ds(*_args(args, tmp_path), stdout=full, stderr=subprocess.PIPE)
    err = result.stderr.decode("utf-8", "replace")
    assert result.returncode == 1, err
    assert err.splitlines()[-1] == "ds-tui: error: cannot write the output: No space left on device", err
    assert "Traceback" not in err and "Exception ignored" not in err, err


@pytest.mark.parametrize("args", [["hardware", "--json"], ["demo", "list"], ["demo", "race", "--size", "small"]])
def test_a_reader_that_left_ends_the_command_quietly(args):
    """`ds-tui ... | head`: the pipe is closed before anything is written."""
    proc = subprocess.Popen([sys.executable, "-m", "ds_tui", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    proc.stdout.close()
    err = proc.stderr.read().decode("utf-8", "replace")
    assert proc.wait(120) == 0
    assert "Traceback" not in err and "Exception ignored" not in err and "error" not in err, err


# ------------------------------------------------------------------------------------------------ JSON
def test_json_never_has_nan_or_infinity():
    text = jsonout.dumps({"a": float("inf"), "b": [float("nan"), 1.5, -float("inf")], "c": ({"d": 2},)})
    assert _strict_json(text) == {"a": None, "b": [None, 1.5, None], "c": [{"d": 2}]}


@pytest.mark.parametrize("args", [
    ["compute", "--params", "1e308", "--tokens", "1e308"],
    ["compute", "--flops", "1e308", "--gpus", "1", "--peak-tflops", "1e-300"],  # the time overflows
    ["compute", "--params", "1e150", "--tokens", "1e150", "--gpus", "1", "--peak-tflops", "1000", "--price", "1e300"],
    ["memory", "--params", "1e308"],
])
@pytest.mark.parametrize("shape", ["--json", "text"])
def test_huge_calculator_inputs_are_refused_not_printed_as_infinity(args, shape, capsys):
    code = main(["calc", *args] + ([shape] if shape == "--json" else []))
    captured = capsys.readouterr()
    assert code == 2
    assert captured.out == ""
    assert "overflow" in captured.err and "Traceback" not in captured.err
    assert len(captured.err.strip().splitlines()) == 1


# ------------------------------------------------------------------------------- the top-level handler
FAILING = textwrap.dedent("""
    import sys
    import ds_tui.cli as cli

    def fail(*args, **kwargs):
        raise {error}

    setattr({target}, fail)
    sys.exit(cli.main(sys.argv[1:]))
""")


@pytest.mark.parametrize(("target", "error", "argv", "line"), [
    ("cli, 'cmd_hardware'", "KeyError(0)", ["hardware"], "ds-tui: error: KeyError: 0"),
    ("cli, 'cmd_stats'", "MemoryError()", ["stats"], "ds-tui: error: out of memory (MemoryError)"),
    ("__import__('threading').Thread, 'start'", "RuntimeError(\"can't start new thread\")",
     ["demo", "race", "--size", "small"], "ds-tui: error: cannot start a thread"),
    ("__import__('ds_tui.startup').startup, 'preload'", "RuntimeError('boom')", [],  # the app's start-up
     "ds-tui: error: RuntimeError: boom"),
])
def test_an_unexpected_error_is_one_line_a_crash_log_and_exit_1(target, error, argv, line, ds_home, tmp_path):
    script = tmp_path / "failing.py"
    script.write_text(FAILING.format(target=target, error=error))
    result = subprocess.run([sys.executable, str(script), *argv], capture_output=True, text=True, timeout=60)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith(line), result.stderr
    logs = list((ds_home / "crash").glob("crash-*.log"))
    assert len(logs) == 1 and str(logs[0]) in last
    log = logs[0].read_text(encoding="utf-8")
    assert "Traceback" in log and "in fail" in log


def test_without_a_writable_data_folder_the_crash_log_goes_to_the_temporary_folder(tmp_path, monkeypatch, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv("DS_TUI_HOME", str(blocker / "home"))  # under a file: cannot be created
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)
    monkeypatch.setattr("ds_tui.cli.cmd_hardware", lambda *a: {}["missing"])
    assert main(["hardware"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("ds-tui: error: KeyError: 'missing' (details: ") and str(tmp_path) in err
    assert list(tmp_path.glob("crash-*.log"))


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_AS is POSIX")
@pytest.mark.parametrize("margin_mb", [2, 10])
@pytest.mark.parametrize("args", [["hardware"], ["stats"], ["demo", "allreduce", "--size", "small", "--workers", "2"],
                                  ["demo", "cpu-bound", "--size", "small", "--workers", "2"]])
def test_out_of_memory_is_one_line(args, margin_mb, tmp_path):
    """`ulimit -v` a few MB above what the program already uses: imports fail, threads cannot start."""
    script = tmp_path / "limited.py"
    script.write_text(textwrap.dedent(f"""
        import resource, sys
        import psutil
        from ds_tui.cli import main

        used = psutil.Process().memory_info().vms
        resource.setrlimit(resource.RLIMIT_AS, (used + ({margin_mb} << 20), resource.getrlimit(resource.RLIMIT_AS)[1]))
        sys.exit(main(sys.argv[1:]))
    """))
    result = subprocess.run([sys.executable, str(script), *args], capture_output=True, text=True, timeout=120)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode in (0, 1)
    if result.returncode:
        last = result.stderr.strip().splitlines()[-1]
        assert last.startswith("ds-tui: error: ") or "OpenBLAS" in last, result.stderr


def test_a_progress_database_of_an_unknown_version_is_no_traceback(ds_home):
    assert ds("stats").returncode == 0  # creates it
    import sqlite3

    with sqlite3.connect(next(ds_home.glob("*.sqlite3"))) as db:
        db.execute("PRAGMA user_version = -1")
    result = ds("stats")
    err = result.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) <= 1, err


def test_an_unreadable_lessons_folder_is_a_usage_error(tmp_path, monkeypatch, capsys):
    """As root every folder is readable: the refusal is simulated where the OS cannot do it."""
    locked = tmp_path / "locked"
    locked.mkdir()
    target = locked / "lessons"
    if os.name == "posix" and os.geteuid() != 0:
        target.mkdir()
        locked.chmod(0)
    else:
        real_stat = os.stat

        def stat(path, *args, **kwargs):
            if Path(path) == target:
                raise PermissionError(13, "Permission denied", str(path))
            return real_stat(path, *args, **kwargs)

        monkeypatch.setattr(os, "stat", stat)
    try:
        for command in (["stats"], ["quiz"], []):
            assert main(["--lessons", str(target), *command]) == 2
            err = capsys.readouterr().err
            assert err == f"ds-tui: error: --lessons {target}: cannot read it (Permission denied)\n"
    finally:
        locked.chmod(0o755)


def test_a_librarys_log_record_is_not_written_to_the_terminal():
    """hashlib logs a traceback when memory is short; nothing configured logging, so Python would print it."""
    code = ("import logging, sys\n"
            "from ds_tui.cli import main\n"
            "try:\n    main(['--version'])\nexcept SystemExit:\n    pass\n"
            "try:\n    raise ValueError('unsupported hash type sha1')\n"
            "except ValueError:\n    logging.exception('code for hash sha1 was not found.')\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert "Traceback" not in result.stderr and "sha1" not in result.stderr, result.stderr
