"""The process-isolation demo: one worker raises, one calls os._exit, one is killed by a signal — the
parent lives on; in threads, only the exception can be shown. Spawn-safe: the workers are top-level."""

from __future__ import annotations

import os
import signal
import time
from typing import TYPE_CHECKING, Any

from ds_tui.demos.kinds.common import CPU_BASE, PROCESSES, THREADS, count_primes, prime_count_reference
from ds_tui.demos.prose import Doc
from ds_tui.demos.reporter import Reporter
from ds_tui.demos.results import RunResult
from ds_tui.demos.runner import Engine
from ds_tui.demos.spec import Demo, DemoParams, DemoSpec
from ds_tui.i18n import Text, t

if TYPE_CHECKING:
    from ds_tui.demos.history import RunSummary

ISOLATION_NUMBERS = {"small": 16_000, "medium": 60_000, "large": 200_000}  # per worker

SPEC = DemoSpec(
    "isolation",
    Text(vi="Cô lập tiến trình: khi một worker chết", en="Process isolation: when a worker dies"),
    Text(vi="Một worker ném ngoại lệ, một gọi os._exit, một bị kill: tiến trình cha vẫn sống.",
         en="One worker raises, one calls os._exit, one is killed by a signal: the parent lives on."),
    Text(vi="Demo cô lập tiến trình", en="Process-isolation demo"),
    (PROCESSES, THREADS), 4,
    Text(vi="số worker (ít nhất 4: một khỏe, ba lỗi)", en="workers (at least 4: one healthy, three failing)"),
    min_workers=4)


# --------------------------------------------------------------------------------------------------
FAILURES: tuple[str, ...] = ("ok", "exception", "exit", "signal")


def kill_signal() -> int:
    """SIGKILL on POSIX; on Windows os.kill(pid, SIGTERM) calls TerminateProcess."""
    return getattr(signal, "SIGKILL", signal.SIGTERM)


def isolation_worker(rep: Reporter, behaviour: str, lo: int, hi: int) -> int:
    """Count primes in [lo, hi); all but the "ok" worker fail halfway: by an exception, by ending the
    process with ``os._exit(3)`` or by being killed with a signal (as the OOM killer would)."""
    if behaviour == "ok":
        return count_primes(rep, lo, hi)
    count_primes(rep, lo, (lo + hi) // 2)
    rep.flush()
    if behaviour == "exception":
        raise ValueError("simulated bug: a bad record in this task")
    if not rep.in_process:  # in a thread either would end the whole program: never do it here
        raise RuntimeError(f"refusing to run failure {behaviour!r} in a thread")
    if behaviour == "exit":
        os._exit(3)
    if behaviour == "signal":
        os.kill(os.getpid(), kill_signal())
        time.sleep(5)  # the signal arrives asynchronously
    raise ValueError(f"unknown behaviour {behaviour!r}")


# --------------------------------------------------------------------------------------------------
def run(eng: Engine, p: DemoParams) -> None:
    per = ISOLATION_NUMBERS[p.size]
    ranges = [(CPU_BASE + k * per, CPU_BASE + (k + 1) * per) for k in range(p.workers)]
    for mode in ("processes", "threads"):
        if not eng.wants(mode):
            continue
        if mode == "processes":
            behaviours = list(FAILURES) + ["ok"] * (p.workers - len(FAILURES))
        else:  # in a thread only an exception can be shown: os._exit or a signal would end this program
            behaviours = ["ok", "exception"] + ["ok"] * (p.workers - 2)
        kind = mode[:-2] if mode == "processes" else "thread"
        totals = [per if b == "ok" else per // 2 for b in behaviours]
        lanes = [f"{kind} {k} ({b})" for k, b in enumerate(behaviours)]
        with eng.session(mode, p.workers, lanes, sum(totals)) as s:
            start = s.process if mode == "processes" else s.thread
            for k, (b, (lo, hi)) in enumerate(zip(behaviours, ranges)):
                start(k, isolation_worker, b, lo, hi, total=totals[k])
            s.wait()
            failed = {f.worker: f for f in s.failures}
            expect_failed = {k for k, b in enumerate(behaviours) if b != "ok"}
            survivors_ok = all(s.results.get(k) == prime_count_reference(*ranges[k])
                               for k, b in enumerate(behaviours) if b == "ok")
            codes_ok = all(_failure_matches(behaviours[k], failed[k].exitcode, mode) for k in failed)
            ok = set(failed) == expect_failed and survivors_ok and codes_ok
            extra = {"behaviours": behaviours, "parent_alive": True,
                     "exit_codes": {k: f.exitcode for k, f in failed.items()},
                     "survivors_done": sorted(s.results), "survivors_ok": survivors_ok}
            eng.finish(s.result(ok, extra))


def _failure_matches(behaviour: str, code: int | None, mode: str) -> bool:
    if mode == "threads":
        return behaviour == "exception" and code is None
    if behaviour == "exception":
        return code == 1
    if behaviour == "exit":
        return code == 3
    if behaviour == "signal":
        return code is not None and (code < 0 or code == int(kill_signal()))
    return False


def explain(doc: Doc, p: DemoParams, m: dict[str, Any], by: dict[str, RunResult], runs: Any, metrics: Any) -> None:
    pr, th = by.get("processes"), by.get("threads")
    if pr:
        codes = {f.worker: f for f in pr.failures}
        parts_en, parts_vi = [], []
        for k, b in enumerate(pr.extra.get("behaviours", [])):
            f = codes.get(k)
            code = "—" if f is None or f.exitcode is None else str(f.exitcode)
            if b == "ok":
                state = "finished, correct" if k in pr.extra.get("survivors_done", []) else "did not finish"
                parts_en.append(f"process {k} {state}")
                parts_vi.append(f"tiến trình {k} {'chạy xong, đúng kết quả' if k in pr.extra.get('survivors_done', []) else 'không chạy xong'}")
            elif b == "exception":
                parts_en.append(f"process {k} raised ValueError → exit code {code}")
                parts_vi.append(f"tiến trình {k} ném ValueError → mã thoát {code}")
            elif b == "exit":
                parts_en.append(f"process {k} called os._exit(3) → exit code {code}")
                parts_vi.append(f"tiến trình {k} gọi os._exit(3) → mã thoát {code}")
            elif b == "signal":
                parts_en.append(f"process {k} was killed by a signal → exit code {code}")
                parts_vi.append(f"tiến trình {k} bị kill bằng tín hiệu → mã thoát {code}")
        doc.add("Processes: " + "; ".join(parts_en) + ". This program — the parent — kept running and saw each "
                "failure: a process has its own address space, so its death is contained; the OS frees its memory "
                "and the parent reads its exit code (negative on Linux and macOS: the signal that killed it).",
                "Tiến trình: " + "; ".join(parts_vi) + ". Chương trình này — tiến trình cha — vẫn chạy và thấy từng "
                "lỗi: mỗi tiến trình có không gian địa chỉ riêng, nên cái chết của nó bị cô lập; hệ điều hành thu hồi "
                "bộ nhớ và tiến trình cha đọc được mã thoát (số âm trên Linux và macOS: tín hiệu đã giết nó).")
    doc.add("Threads: an exception ends only the thread it is raised in"
            + (" (thread 1 above; the others finished)" if th else "")
            + ". But os._exit() in any thread ends the whole process, every thread with it, and so do a segfault in "
            "a C extension and a kill signal — so that run is not shown with threads: it would end this program. "
            "That is why Chrome puts sites in separate processes and why Gunicorn and Celery run work in worker "
            "processes they can restart.",
            "Luồng: một ngoại lệ chỉ kết thúc luồng đã ném nó"
            + (" (luồng 1 ở trên; các luồng khác chạy xong)" if th else "")
            + ". Nhưng os._exit() ở bất kỳ luồng nào sẽ kết thúc cả tiến trình, cùng mọi luồng của nó; lỗi segfault "
            "trong một extension C hay một tín hiệu kill cũng vậy — nên phần đó không chạy bằng luồng: nó sẽ tắt "
            "chính chương trình này. Vì thế Chrome đặt các trang web vào tiến trình riêng, còn Gunicorn và Celery "
            "chạy công việc trong các tiến trình worker có thể khởi động lại.")


def headline(summary: RunSummary, lang: str) -> str | None:
    return t("demonote.isolation_headline", lang, n=summary.failures)


DEMO = Demo(SPEC, run, explain, headline=headline)
