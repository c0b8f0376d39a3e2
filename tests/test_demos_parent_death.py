"""No demo process outlives its parent: `ds-tui demo NAME` killed with SIGTERM or SIGKILL, and the app's
isolated demo process killed with SIGKILL, leave nothing running 2 s later (ds_tui.demos.lifeline).

The demos' workers finish small jobs by themselves, so most tests run the real CLI with a
``sitecustomize`` that makes every worker wait a minute before its work: a worker still there 2 s
after its parent died is then one that did not notice. The all-reduce and pipeline runs of the issue
(workers blocked on their pipes) also run as they are.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import psutil
import pytest

from ds_tui.demos.catalog import DEMOS

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL and SIGTERM of a process tree are POSIX")

BOUND_S = 2.0  # every process gone this long after its parent's death
METHODS = [m for m in ("fork", "spawn") if m in multiprocessing.get_all_start_methods()]
SIGNALS = {"SIGTERM": signal.SIGTERM, "SIGKILL": signal.SIGKILL}
# the fork server (Python 3.14's default on Linux) outlives the program while its children live: SIGKILL
FORKSERVER = ["forkserver"] if "forkserver" in multiprocessing.get_all_start_methods() else []
CASES = [(m, sig) for m in METHODS for sig in SIGNALS] + [(m, "SIGKILL") for m in FORKSERVER]

# every worker says it is running (a file named after its pid), then waits a minute before its work:
# only its parent's death can end it in time
SLOW_WORKERS = textwrap.dedent("""
    import functools, os, time
    from ds_tui.demos import reporter

    _entry = reporter.process_entry

    @functools.wraps(_entry)
    def process_entry(conn, worker, fn, args, t0, observe):
        def slow(*a):
            open(os.path.join(os.environ["DS_TUI_TEST_RUNNING"], str(os.getpid())), "w").close()
            time.sleep(60)
            return fn(*a)
        _entry(conn, worker, slow, args, t0, observe)

    reporter.process_entry = process_entry
""")


@pytest.fixture(scope="module")
def slow_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("slow-workers")
    (site / "sitecustomize.py").write_text(SLOW_WORKERS)
    return site


@pytest.fixture
def slow_env(slow_site, tmp_path) -> dict[str, str]:
    env = dict(os.environ)  # after the hermetic fixture set it up
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(slow_site), env.get("PYTHONPATH")]))
    env["DS_TUI_TEST_RUNNING"] = str(tmp_path / "running")
    (tmp_path / "running").mkdir()
    return env


def _alive(p: psutil.Process) -> bool:
    try:
        return p.is_running() and p.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def _describe(p: psutil.Process) -> str:
    try:
        return f"{p.pid} ({' '.join(p.cmdline())[-80:]})"
    except psutil.Error:
        return str(p.pid)


def _is_helper(p: psutil.Process) -> bool:
    """multiprocessing's resource tracker or fork server (a worker forked by the fork server has the fork
    server's command line: it is told apart by its parent)."""
    try:
        if "resource_tracker" in " ".join(p.cmdline()):
            return True
        parent = p.parent()
        return "forkserver" in " ".join(p.cmdline()) and not (parent and "forkserver" in " ".join(parent.cmdline()))
    except psutil.Error:
        return False


def _tree(proc: subprocess.Popen) -> list[psutil.Process]:
    try:
        return [p for p in psutil.Process(proc.pid).children(recursive=True) if _alive(p)]
    except psutil.Error:
        return []


def _workers_started(proc: subprocess.Popen, count: int, running: Path | None) -> list[psutil.Process] | None:
    """Every process under ``proc`` once ``count`` of them are workers at work: that said so in ``running``
    (slow workers; then also once no other worker has joined them for STEADY_S, so that what is measured
    is the workers noticing, not a late one still starting), else any that are not multiprocessing helpers."""
    tree = _tree(proc)
    if running is None:
        return tree if len([p for p in tree if not _is_helper(p)]) >= count else None
    at_work = {p.pid for p in tree if (running / str(p.pid)).exists()}
    if len(at_work) < count:
        return None
    now = time.monotonic()
    seen = _STEADY.setdefault(proc.pid, (now, at_work))
    if at_work != seen[1]:
        _STEADY[proc.pid] = (now, at_work)
        return None
    return tree if now - seen[0] >= STEADY_S else None


STEADY_S = 0.3
_STEADY: dict[int, tuple[float, set[int]]] = {}


def _fail_unstarted(name: str, proc: subprocess.Popen) -> None:
    proc.kill()
    _, err = proc.communicate(timeout=10)
    pytest.fail(f"{name}: the demo's workers never started (exit code {proc.returncode}): {err!r}")


def _kill_all(procs: dict[str, subprocess.Popen], sig: int, running: Path | None, count: int = 1,
              settle_s: float = 0.0) -> dict[str, float]:
    """As soon as each demo's workers run, send it ``sig``; every process it had must then be gone within
    BOUND_S of its death. All demos are watched at once, each on its own clock. Returns, per demo, the
    seconds from its death until the last of its processes was gone."""
    waiting = dict(procs)
    signalled: dict[str, tuple[float, list[psutil.Process]]] = {}
    dying: dict[str, tuple[float, list[psutil.Process]]] = {}
    took: dict[str, float] = {}
    survivors: dict[str, list[str]] = {}
    deadline = time.monotonic() + 90
    while waiting or signalled or dying:
        for name, proc in list(waiting.items()):
            tree = _workers_started(proc, count, running)
            if tree is None:
                if proc.poll() is not None or time.monotonic() > deadline:
                    _fail_unstarted(name, proc)
                continue
            if settle_s:
                time.sleep(settle_s)
                tree = _tree(proc)
            proc.send_signal(sig)
            signalled[name] = (time.monotonic(), tree)
            del waiting[name]
        for name, (sent, tree) in list(signalled.items()):
            if procs[name].poll() is not None:
                dying[name] = (time.monotonic(), tree)
                del signalled[name]
            elif time.monotonic() - sent > 10:
                procs[name].kill()
                pytest.fail(f"{name}: the demo did not end on {signal.Signals(sig).name}")
        for name, (died, tree) in list(dying.items()):
            left = [p for p in tree if _alive(p)]
            if not left:
                took[name] = time.monotonic() - died
                del dying[name]
            elif time.monotonic() - died > BOUND_S:
                survivors[name] = [_describe(p) for p in left]
                for p in left:  # never leave them to the next test
                    try:
                        p.kill()
                    except psutil.Error:
                        pass
                del dying[name]
        time.sleep(0.01)
    assert not survivors, f"alive {BOUND_S} s after their parent died: {survivors}"
    return took


def _all_gone(dead: dict[str, tuple[float, list[psutil.Process]]]) -> dict[str, float]:
    """Each ``name: (when its parent died, the processes it had)``: all of them gone within BOUND_S."""
    took: dict[str, float] = {}
    survivors: dict[str, list[str]] = {}
    while dead:
        for name, (died, tree) in list(dead.items()):
            left = [p for p in tree if _alive(p)]
            if not left:
                took[name] = time.monotonic() - died
                del dead[name]
            elif time.monotonic() - died > BOUND_S:
                survivors[name] = [_describe(p) for p in left]
                for p in left:
                    try:
                        p.kill()
                    except psutil.Error:
                        pass
                del dead[name]
        time.sleep(0.01)
    assert not survivors, f"alive {BOUND_S} s after their parent died: {survivors}"
    return took


def _demo(name: str, method: str, env: dict[str, str] | None, size: str = "small") -> subprocess.Popen:
    workers = max(2, DEMOS[name].min_workers)
    argv = [sys.executable, "-m", "ds_tui", "demo", name, "--size", size, "--workers", str(workers),
            "--start-method", method]
    return subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)


@pytest.mark.parametrize(("method", "sig"), CASES, ids=[f"{m}-{sig}" for m, sig in CASES])
def test_no_worker_outlives_the_headless_demo(method, sig, slow_env):
    """Every demo at once (they mostly wait): each killed as soon as its workers run."""
    procs = {name: _demo(name, method, slow_env) for name in DEMOS}
    try:
        _kill_all(procs, SIGNALS[sig], Path(slow_env["DS_TUI_TEST_RUNNING"]))
    finally:
        for proc in procs.values():
            if proc.poll() is None:
                proc.kill()
    if sig == "SIGTERM":  # stopped as by Ctrl+C: it ended its workers itself, and said so
        for name, proc in procs.items():
            err = proc.stderr.read().decode()
            assert proc.returncode == 128 + signal.SIGTERM, f"{name}: {err}"
            assert "interrupted" in err and "Traceback" not in err, f"{name}: {err}"


@pytest.mark.parametrize("method", METHODS)
def test_ring_and_pipeline_workers_blocked_on_pipes_end_with_the_demo(method):
    """The issue as reported: these workers, blocked on their pipes, lived on (fork)."""
    procs = {name: _demo(name, method, None, size="medium") for name in ("allreduce", "pipeline")}
    try:
        _kill_all(procs, signal.SIGKILL, None, count=2, settle_s=0.3)
    finally:
        for proc in procs.values():
            if proc.poll() is None:
                proc.kill()


APP = textwrap.dedent("""
    import sys
    from ds_tui.demos.isolated import run_demo_isolated

    if __name__ == "__main__":
        run_demo_isolated(sys.argv[1], {"size": "small", "workers": 4})
""")


@pytest.mark.parametrize("victim", ["app", "demo-process"])
@pytest.mark.parametrize("name", ["cpu-bound", "allreduce"])
def test_the_apps_demo_process_tree_ends_with_whichever_parent_dies(name, victim, slow_env, tmp_path):
    """app → isolated demo process → workers (under a fork server where fork is the default): SIGKILL the
    app and the whole tree goes; SIGKILL the demo process (the OOM killer's pick) and its workers go."""
    script = tmp_path / "app.py"
    script.write_text(APP)
    proc = subprocess.Popen([sys.executable, str(script), name], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env=slow_env, cwd=tmp_path)
    running = Path(slow_env["DS_TUI_TEST_RUNNING"])
    try:
        if victim == "app":
            _kill_all({name: proc}, signal.SIGKILL, running)
            return
        deadline = time.monotonic() + 60
        while _workers_started(proc, 1, running) is None:
            if proc.poll() is not None or time.monotonic() > deadline:
                _fail_unstarted(name, proc)
            time.sleep(0.02)
        middle = next(p for p in psutil.Process(proc.pid).children() if not _is_helper(p))
        below = middle.children(recursive=True)
        assert below, "the demo process has no workers"
        middle.kill()
        middle.wait(10)
        _all_gone({name: (time.monotonic(), below)})
    finally:
        proc.kill()
        proc.wait(10)


ORPHAN = textwrap.dedent("""
    import multiprocessing, os, sys, time

    def child(case, ready):
        from ds_tui.demos import lifeline

        if case == "late":
            time.sleep(1.0)  # the parent dies meanwhile
        else:  # the watchdog alone, as on macOS and Windows
            lifeline._set_parent_death_signal = lambda: None
        lifeline.guard()
        ready.set()
        time.sleep(60)

    if __name__ == "__main__":
        method, case = sys.argv[1:]
        ctx = multiprocessing.get_context(method)
        ready = ctx.Event()
        p = ctx.Process(target=child, args=(case, ready))
        p.start()
        print(p.pid, flush=True)
        if case == "watchdog":
            ready.wait(30)
        os._exit(0)
""")


@pytest.mark.parametrize("case", ["late", "watchdog"])
@pytest.mark.parametrize("method", METHODS + FORKSERVER)
def test_the_guard_alone_ends_an_orphan(method, case, tmp_path):
    """late: the parent is gone before the child sets its guard (the race after prctl). watchdog: without
    the parent-death signal, the watchdog thread ends the orphan within the bound."""
    script = tmp_path / "orphan.py"
    script.write_text(ORPHAN)
    with open(tmp_path / "pid", "w+") as out:  # a file, not a pipe: the orphan would hold it open
        subprocess.run([sys.executable, str(script), method, case], stdout=out, timeout=30, cwd=tmp_path)
        died = time.monotonic()
        out.seek(0)
        child = psutil.Process(int(out.read()))
    deadline = died + BOUND_S + (3.0 if case == "late" else 0.0)  # late: its sleep, and a spawn's start-up
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.02)
    alive = _alive(child)
    if alive:
        child.kill()
    assert not alive, f"{method}: the orphan ran on"
