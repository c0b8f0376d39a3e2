"""The race-condition demo: N threads increment one counter without a lock, then with one; then
processes (each with its own copy) and a multiprocessing.Value in shared memory. Spawn-safe workers."""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING, Any

from ds_tui.demos.kinds.common import PROCESSES, worker_lanes
from ds_tui.demos.prose import Doc, grp, secs
from ds_tui.demos.reporter import Reporter
from ds_tui.demos.results import RunResult
from ds_tui.demos.runner import Engine
from ds_tui.demos.spec import Demo, DemoParams, DemoSpec, Metric, Mode
from ds_tui.i18n import Text, many, t

if TYPE_CHECKING:
    from ds_tui.demos.history import RunSummary

RACE_INCREMENTS = {"small": 1_000, "medium": 5_000, "large": 20_000}  # per worker

SPEC = DemoSpec(
    "race",
    Text(vi="Tranh chấp dữ liệu (race condition)", en="Race condition"),
    Text(vi="N luồng cùng tăng một biến đếm: không khóa, có khóa; rồi tiến trình và Value dùng chung.",
         en="N threads increment one counter: without a lock, with a lock; then processes and a shared Value."),
    Text(vi="Demo tranh chấp dữ liệu (race condition)", en="Race-condition demo"),
    (Mode("threads-unlocked", Text(vi="Luồng, không khóa", en="Threads, no lock"),
          Text(vi="N luồng cùng đọc-rồi-ghi một biến đếm, không khóa.",
               en="N threads read-then-write one counter, without a lock.")),
     Mode("threads-locked", Text(vi="Luồng, có khóa", en="Threads, lock"),
          Text(vi="Như trên, với threading.Lock bao quanh đọc-và-ghi.",
               en="The same, with a threading.Lock around the read and the write.")),
     PROCESSES,
     Mode("shared-value", Text(vi="Value dùng chung", en="Shared Value"),
          Text(vi="N tiến trình cộng vào một multiprocessing.Value (bộ nhớ dùng chung) dưới khóa của nó.",
               en="N processes add to one multiprocessing.Value (shared memory) under its lock."))),
    4, Text(vi="số luồng / tiến trình", en="threads / processes"),
    (Metric("lost_updates.unlocked", Text(en="updates lost without a lock", vi="số lần cập nhật bị mất khi không khóa"),
            "count"),
     Metric("lost_updates.locked", Text(en="updates lost with a lock", vi="số lần cập nhật bị mất khi có khóa"),
            "count")),
    min_workers=2)


# --------------------------------------------------------------------------------------------------
class SharedCounter:
    """One counter. Threads share this very object; each process works on its own copy of it."""

    __slots__ = ("value",)

    def __init__(self) -> None:
        self.value = 0


def race_increment(rep: Reporter, counter: SharedCounter, n: int, lock: Any = None) -> int:
    """Add 1 to ``counter.value`` ``n`` times as read, wait, write — the read-modify-write of real code,
    where something that lets other threads run (a database call, a log write; here ``time.sleep(0)``)
    sits between reading and writing. Without a lock, another thread's updates made in between are
    overwritten. (A bare ``counter += 1`` rarely loses updates on CPython 3.10+, because the GIL only
    switches threads at certain points, but it is not atomic either.)"""
    rep.cpu_begin()
    for k in range(1, n + 1):
        if lock is None:
            value = counter.value
            time.sleep(0)
            counter.value = value + 1
        else:
            with lock:
                value = counter.value
                time.sleep(0)
                counter.value = value + 1
        if not k & 63:
            rep.tick(64)
    rep.tick(n & 63)
    rep.cpu_end()
    return counter.value


def race_shared_value(rep: Reporter, value: Any, n: int) -> int:
    """The same increments on a ``multiprocessing.Value`` (shared memory), under its lock."""
    lock = value.get_lock()
    rep.cpu_begin()
    for k in range(1, n + 1):
        with lock:
            v = value.value
            time.sleep(0)
            value.value = v + 1
        if not k & 63:
            rep.tick(64)
    rep.tick(n & 63)
    rep.cpu_end()
    return n


# --------------------------------------------------------------------------------------------------
def run(eng: Engine, p: DemoParams) -> None:
    n = RACE_INCREMENTS[p.size]
    expected = n * p.workers
    for mode in ("threads-unlocked", "threads-locked", "processes", "shared-value"):
        if not eng.wants(mode):
            continue
        kind = "thread" if mode.startswith("threads") else "process"
        with eng.session(mode, p.workers, worker_lanes(kind, p.workers), n * p.workers) as s:
            extra: dict[str, Any] = {"increments_per_worker": n, "expected": expected}
            if mode.startswith("threads"):
                counter = SharedCounter()
                lock = threading.Lock() if mode == "threads-locked" else None
                for k in range(p.workers):
                    s.thread(k, race_increment, counter, n, lock, total=n)
                s.wait()
                extra.update(final=counter.value, lost=expected - counter.value)
                ok = counter.value == expected and len(s.results) == p.workers
            elif mode == "processes":
                counter = SharedCounter()  # each process gets its own copy of this object
                for k in range(p.workers):
                    s.process(k, race_increment, counter, n, None, total=n)
                s.wait()
                finals = [s.results.get(k) for k in range(p.workers)]
                extra.update(final=counter.value, child_finals=finals, expected_if_shared=expected)
                extra.pop("expected")
                ok = counter.value == 0 and finals == [n] * p.workers
            else:
                value = s.value("q", 0)
                for k in range(p.workers):
                    s.process(k, race_shared_value, value, n, total=n)
                s.wait()
                final = value.value
                extra.update(final=final, lost=expected - final)
                ok = final == expected and len(s.results) == p.workers
            eng.finish(s.result(ok, extra))


def metrics(runs: tuple[RunResult, ...]) -> dict[str, float]:
    by_mode = {r.mode: r for r in runs}
    out: dict[str, float] = {}
    for mode, name in (("threads-unlocked", "unlocked"), ("threads-locked", "locked")):
        r = by_mode.get(mode)
        if r is not None and "lost" in r.extra:
            out[f"lost_updates.{name}"] = float(r.extra["lost"])
    return out


def note(run: RunResult, lang: str) -> str:
    """Lost updates (threads, shared Value), or the parent's untouched counter (processes)."""
    extra = run.extra
    if "lost" in extra:
        return t("demonote.lost", lang, lost=grp(extra["lost"], lang), expected=grp(extra.get("expected", 0), lang))
    if "child_finals" in extra:
        return t("demonote.parent_counter", lang, final=extra.get("final"))
    return ""


def explain(doc: Doc, p: DemoParams, m: dict[str, Any], by: dict[str, RunResult], runs: Any, metrics: Any) -> None:
    un, lk, pr, sv = by.get("threads-unlocked"), by.get("threads-locked"), by.get("processes"), by.get("shared-value")
    if un:
        e, f, lost = un.extra["expected"], un.extra["final"], un.extra["lost"]
        pct = 100 * lost / e if e else 0
        doc.add(f"No lock: {many(un.workers, 'thread')} each incremented one shared counter "
                f"{grp(un.extra['increments_per_worker'], 'en')} times: expected {grp(e, 'en')}, got {grp(f, 'en')} — {many(lost, 'update', grp(lost, 'en'))} lost ({pct:.0f}%). Each increment reads the "
                f"counter, calls time.sleep(0) — standing for anything between reading and writing that lets "
                f"another thread run: a database call, a log line — then writes value + 1. The other threads' "
                f"increments made in between are overwritten.",
                f"Không khóa: {un.workers} luồng, mỗi luồng cộng 1 vào cùng một biến đếm, lặp lại "
                f"{grp(un.extra['increments_per_worker'], 'vi')} lần: kỳ vọng {grp(e, 'vi')}, nhận được {grp(f, 'vi')} — mất {grp(lost, 'vi')} lần cộng "
                f"({pct:.0f}%). Mỗi lần cộng đọc biến đếm, gọi time.sleep(0) — thay cho bất cứ việc gì giữa lúc đọc và "
                f"lúc ghi cho phép luồng khác chạy: một truy vấn cơ sở dữ liệu, một dòng log — rồi ghi giá trị + 1. "
                f"Các lần cộng của luồng khác xảy ra ở giữa bị ghi đè.")
        # plain text (a Static shows it as is): code is quoted, never marked up with backticks
        doc.add("Why the pause: on CPython 3.10+ a bare \"counter += 1\" on a plain integer almost never loses "
                "updates, because the GIL switches threads only at certain points of the bytecode and none falls "
                "between its read and its write. That is an accident of the interpreter, not a guarantee: as soon "
                "as something between the read and the write lets another thread run (a call, any I/O), or on "
                "free-threaded Python, updates are lost. The GIL protects the interpreter, not your "
                "read-modify-write." + ("" if lost else " This time nothing was lost: a run that happens to lose "
                                        "nothing does not make the code correct."),
                "Vì sao có khoảng dừng: trên CPython 3.10+, lệnh \"counter += 1\" trần với một số nguyên thường gần như "
                "không mất cập nhật, vì GIL chỉ chuyển luồng tại một số điểm nhất định của bytecode và không điểm "
                "nào nằm giữa lúc đọc và lúc ghi của nó. Đó là một sự tình cờ của trình thông dịch, không phải một "
                "đảm bảo: chỉ cần giữa lúc đọc và lúc ghi có việc gì cho phép luồng khác chạy (một lời gọi hàm, "
                "bất kỳ thao tác I/O nào), hoặc chạy trên Python free-threaded, là cập nhật bị mất. GIL bảo vệ "
                "trình thông dịch, không bảo vệ đoạn đọc-sửa-ghi của bạn." + ("" if lost else " Lần này không mất "
                                                                            "gì: một lần chạy tình cờ không mất "
                                                                            "cập nhật không chứng minh mã đúng."))
    if lk:
        slower_en = slower_vi = ""
        if un and un.wall_s > 0:
            slower_en = f" It took {secs(lk.wall_s, 'en')} against {secs(un.wall_s, 'en')}: the threads wait for each other."
            slower_vi = f" Chạy hết {secs(lk.wall_s, 'vi')} so với {secs(un.wall_s, 'vi')}: các luồng phải chờ nhau."
        doc.add(f"With a lock around read-and-write: {grp(lk.extra['final'], 'en')} of {grp(lk.extra['expected'], 'en')}, "
                f"{grp(lk.extra['lost'], 'en')} lost.{slower_en}",
                f"Có khóa bao quanh đọc-và-ghi: {grp(lk.extra['final'], 'vi')} trên {grp(lk.extra['expected'], 'vi')}, mất "
                f"{grp(lk.extra['lost'], 'vi')}.{slower_vi}")
    if pr:
        finals = pr.extra.get("child_finals") or []
        doc.add(f"Processes: {many(pr.workers, 'process')} ran the same code on the same counter object, yet the parent's "
                f"counter is still {pr.extra['final']}: each process got its own copy (its own memory) and counted "
                f"to {grp(finals[0], 'en') if finals and finals[0] is not None else '?'} in it. Processes share nothing unless you ask — nothing to "
                f"race on, but also no shared result.",
                f"Tiến trình: {pr.workers} tiến trình chạy cùng đoạn mã trên cùng đối tượng biến đếm, vậy mà biến đếm "
                f"của tiến trình cha vẫn là {pr.extra['final']}: mỗi tiến trình nhận một bản sao riêng (bộ nhớ riêng) và "
                f"đếm tới {grp(finals[0], 'vi') if finals and finals[0] is not None else '?'} trong bản sao đó. Tiến trình không chia sẻ gì nếu bạn không "
                f"yêu cầu — không có tranh chấp, nhưng cũng không có kết quả chung.")
    if sv:
        doc.add(f"A multiprocessing.Value lives in shared memory: with its lock, {grp(sv.extra['final'], 'en')} of "
                f"{grp(sv.extra['expected'], 'en')} ({grp(sv.extra['lost'], 'en')} lost), in {secs(sv.wall_s, 'en')} — its lock is a "
                f"semaphore between processes, dearer than a thread lock.",
                f"multiprocessing.Value nằm trong bộ nhớ dùng chung: với khóa của nó, {grp(sv.extra['final'], 'vi')} trên "
                f"{grp(sv.extra['expected'], 'vi')} (mất {grp(sv.extra['lost'], 'vi')}), trong {secs(sv.wall_s, 'vi')} — khóa của nó là "
                f"semaphore giữa các tiến trình, đắt hơn khóa của luồng.")


def headline(summary: RunSummary, lang: str) -> str | None:
    m = summary.metrics
    if "lost_updates.unlocked" not in m:
        return None
    lost = grp(int(m["lost_updates.unlocked"]), lang)
    locked = grp(int(m.get("lost_updates.locked", 0)), lang)
    return t("demonote.race_headline", lang, lost=lost, locked=locked)


DEMO = Demo(SPEC, run, explain, metrics, note, headline=headline)
