"""``ds-tui demo``: list, unknown names, the JSON shape, the table, and Ctrl+C (exit 130, nothing left)."""

from __future__ import annotations

import argparse
import io
import json
import os
import signal
import subprocess
import sys
import textwrap
import time

import psutil
import pytest

from ds_tui.demos.catalog import DEMOS
from ds_tui.demos.cli import add_demo_parser, run_demo_cli
from tests.demos_helpers import METHOD_IDS, START_METHODS, wait_no_children


def cli(*argv: str) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser(prog="ds-tui")
    add_demo_parser(parser.add_subparsers(dest="command"))
    out, err = io.StringIO(), io.StringIO()
    code = run_demo_cli(parser.parse_args(["demo", *argv]), out, err)
    return code, out.getvalue(), err.getvalue()


def test_list_prints_one_line_per_demo():
    code, out, _ = cli("list", "--lang", "en")
    assert code == 0
    lines = out.splitlines()
    assert [line.split()[0] for line in lines] == list(DEMOS)


def test_unknown_demo_exits_2_with_the_list():
    code, out, err = cli("nope")
    assert code == 2 and out == ""
    assert "unknown demo 'nope'" in err and all(d in err for d in DEMOS)


def test_bad_workers_exit_2():
    code, _, err = cli("cpu-bound", "--workers", "0")
    assert code == 2 and "workers" in err


@pytest.mark.parametrize("method", START_METHODS, ids=METHOD_IDS)
def test_json_shape(method):
    args = ["race", "--size", "small", "--json", "--workers", "2"]
    if method:
        args += ["--start-method", method]
    code, out, err = cli(*args)
    assert code == 0, err
    data = json.loads(out)
    assert set(data) == {"demo", "params", "machine", "runs", "metrics", "explanation", "cancelled"}
    assert data["demo"] == "race" and data["params"] == {"workers": 2, "size": "small"}
    assert {"usable_cores", "logical_cpus", "gil_enabled", "start_method", "python", "platform"} <= set(data["machine"])
    assert [r["mode"] for r in data["runs"]] == list(DEMOS["race"].modes)
    for run in data["runs"]:
        assert {"mode", "workers", "wall_s", "cpu_s", "speedup", "efficiency", "ok", "extra"} <= set(run)
        assert isinstance(run["ok"], bool) and run["wall_s"] > 0
    assert data["runs"][0]["ok"] is False and data["runs"][1]["ok"] is True
    assert set(data["metrics"]) == {"lost_updates.unlocked", "lost_updates.locked"}
    assert data["metrics"]["lost_updates.unlocked"] > 0 and data["metrics"]["lost_updates.locked"] == 0
    assert data["explanation"]["en"] and data["explanation"]["vi"]
    assert data["cancelled"] is False
    assert not wait_no_children()


def test_table_and_explanation_in_vietnamese():
    code, out, err = cli("cpu-bound", "--size", "small", "--lang", "vi", "--workers", "2")
    assert code == 0
    assert "Tuần tự" in out and "Tiến trình" in out and "speedup.processes" in out
    assert "Máy này" in out  # the explanation
    assert "Tuần tự" in err  # progress went to stderr


SCRIPT = textwrap.dedent("""
    import argparse, sys
    from ds_tui.demos.cli import add_demo_parser, run_demo_cli

    def main():
        parser = argparse.ArgumentParser(prog="ds-tui")
        add_demo_parser(parser.add_subparsers(dest="command"))
        code = run_demo_cli(parser.parse_args(sys.argv[1:]))
        loaded = [m for m in sys.modules if m == "textual" or m.startswith("textual.")]
        print("TEXTUAL:", loaded, file=sys.stderr)
        sys.exit(code)

    if __name__ == "__main__":
        main()
""")


@pytest.mark.skipif(sys.platform == "win32", reason="Ctrl+C is a console event on Windows")
@pytest.mark.parametrize("method", START_METHODS, ids=METHOD_IDS)
def test_ctrl_c_exits_130_and_leaves_no_process(tmp_path, method):
    script = tmp_path / "ds_demo.py"
    script.write_text(SCRIPT)
    argv = [sys.executable, str(script), "demo", "isolation", "--size", "large"]
    if method:
        argv += ["--start-method", method]
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True, cwd=tmp_path)
    parent = psutil.Process(proc.pid)
    deadline = time.monotonic() + 30
    workers: list[psutil.Process] = []
    while time.monotonic() < deadline and len(workers) < 4:
        time.sleep(0.05)
        workers = [c for c in parent.children(recursive=True) if "resource_tracker" not in " ".join(c.cmdline())]
    assert len(workers) >= 4, "the demo's processes never started"
    os.killpg(proc.pid, signal.SIGINT)  # what the terminal does on Ctrl+C: the whole foreground group
    out, err = proc.communicate(timeout=15)
    assert proc.returncode == 130, err
    assert "interrupted" in err
    assert "Traceback" not in err, err
    deadline = time.monotonic() + 2
    while time.monotonic() < deadline and any(_alive(w) for w in workers):
        time.sleep(0.05)
    assert not any(_alive(w) for w in workers)


def _alive(p: psutil.Process) -> bool:
    try:
        return p.is_running() and p.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def test_headless_demo_never_imports_textual(tmp_path):
    script = tmp_path / "ds_demo.py"
    script.write_text(SCRIPT)
    result = subprocess.run([sys.executable, str(script), "demo", "list"], capture_output=True, text=True,
                            timeout=60, cwd=tmp_path)
    assert result.returncode == 0
    assert "TEXTUAL: []" in result.stderr
