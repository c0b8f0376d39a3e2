"""The explanation of a demo's results, in Vietnamese and English, from the measurements and this machine.

Honest by construction: every speedup quoted is the measured one (baseline wall ÷ wall); theory only
gives the bound it is compared with — min(workers, usable cores) for CPU work, Amdahl's law
S(N) = 1 / ((1 − p) + p/N) to read how much of the run was parallel.
"""

from __future__ import annotations

import math
from typing import Any

from ds_tui.demos.catalog import DemoParams
from ds_tui.demos.results import RunResult
from ds_tui.demos.spread import spread_of
from ds_tui.lessons.model import Text


def num(x: float, lang: str, digits: int = 2) -> str:
    s = f"{x:.{digits}f}"
    return s.replace(".", ",") if lang == "vi" else s


def times(x: float | None, lang: str) -> str:
    return "—" if x is None else f"{num(x, lang)}×"


def grp(n: int, lang: str) -> str:
    """A whole number with thousands separators: 24,000 (en), 24.000 (vi)."""
    s = f"{n:,}"
    return s.replace(",", ".") if lang == "vi" else s


def many(n: float, word: str) -> str:
    """An English count with its noun: "1 core", "2 cores", "1.5 cores" (Vietnamese has no plural)."""
    return f"{n:g} {word}" if n == 1 else f"{n:g} {word}s"


def secs(x: float, lang: str) -> str:
    return f"{num(x, lang, 3 if x < 0.1 else 2)} s"


def value_range(low: float, high: float, lang: str, show=times, form: str = "dash") -> str:  # type: ignore[no-untyped-def]
    """A range as it is shown: "1.2×–1.5×" ("dash"), "between 1.2× and 1.5×" ("between"), or the single
    value when both ends read the same once rounded as shown ("1.50×", never "1.50× and 1.50×")."""
    a, b = show(low, lang), show(high, lang)
    if a == b:
        return a
    if form == "between":
        return f"từ {a} đến {b}" if lang == "vi" else f"between {a} and {b}"
    return f"{a}–{b}"


class _Doc:
    """Paragraphs built in both languages side by side."""

    def __init__(self) -> None:
        self.en: list[str] = []
        self.vi: list[str] = []

    def add(self, en: str, vi: str) -> None:
        self.en.append(en)
        self.vi.append(vi)

    def text(self) -> Text:
        return Text(vi="\n\n".join(self.vi), en="\n\n".join(self.en))


def amdahl_parallel_fraction(speedup: float, n: float) -> float | None:
    """The parallel fraction p that Amdahl's law gives for a measured speedup on n cores."""
    if n <= 1 or speedup <= 0:
        return None
    p = (1 - 1 / speedup) / (1 - 1 / n)
    return min(1.0, max(0.0, p))


def amdahl_limit_range(speedup: float, n: float, spread: float) -> tuple[float, float | None]:
    """The most any number of cores could give, 1 / (1 − p), for every speedup within ``spread`` of the
    measured one (capped at n, the most n cores can give); None as the high end: no limit fits too."""
    limits = []
    for s in (speedup * (1 - spread), min(speedup * (1 + spread), n)):
        p = amdahl_parallel_fraction(s, n)
        limits.append(None if p is None or p >= 0.999 else 1 / (1 - p))
    low = limits[0] if limits[0] is not None else 1.0
    return max(1.0, low), limits[1]


def machine_line(m: dict[str, Any]) -> tuple[str, str]:
    cores, logical = m["usable_cores"], m["logical_cpus"]
    quota = m.get("cpu_quota")
    q_en = f", a CPU quota of {num(quota, 'en', 1)}" if quota else ""
    q_vi = f", hạn mức CPU {num(quota, 'vi', 1)}" if quota else ""
    if m["gil_enabled"] and not m["free_threaded_build"]:
        gil_en, gil_vi = "with the GIL", "có GIL"
    elif m["gil_enabled"]:
        gil_en = "a free-threaded build with the GIL turned back on (an extension asked for it, or PYTHON_GIL=1)"
        gil_vi = "bản free-threaded nhưng GIL đã bị bật lại (do một extension, hoặc PYTHON_GIL=1)"
    else:
        gil_en, gil_vi = "free-threaded, without the GIL", "bản free-threaded, không có GIL"
    return (
        f"This machine: {many(cores, 'usable core')} ({logical} logical CPUs{q_en}); "
        f"{m['implementation']} {m['python']} {gil_en}; processes start with \"{m['start_method']}\".",
        f"Máy này: {cores} lõi dùng được ({logical} CPU logic{q_vi}); "
        f"{m['implementation']} {m['python']} {gil_vi}; tiến trình khởi động bằng \"{m['start_method']}\".",
    )


def explain(demo: str, p: DemoParams, m: dict[str, Any], runs: tuple[RunResult, ...], metrics: dict[str, float],
            cancelled: bool = False) -> Text:
    doc = _Doc()
    if cancelled:
        doc.add("Stopped before the end: the figures below are those of the runs that finished.",
                "Đã dừng giữa chừng: các số liệu dưới đây là của những lần chạy đã xong.")
    doc.add(*machine_line(m))
    by = {r.mode: r for r in runs}
    _EXPLAINERS[demo](doc, p, m, by, runs, metrics)
    return doc.text()


def _bound(m: dict[str, Any], workers: int) -> float:
    return min(float(workers), float(m.get("speedup_bound") or m["usable_cores"]))


def _cpu_bound(doc: _Doc, p: DemoParams, m: dict[str, Any], by: dict[str, RunResult], runs: Any, metrics: Any) -> None:
    seq, th, pr = by.get("sequential"), by.get("threads"), by.get("processes")
    free = not m["gil_enabled"]
    if seq:
        doc.add(f"Sequential: {secs(seq.wall_s, 'en')} to test {grp(seq.extra.get('numbers', 0), 'en')} numbers for primes "
                f"(found {seq.extra.get('primes')}, checked against a sieve).",
                f"Tuần tự: {secs(seq.wall_s, 'vi')} để kiểm tra {grp(seq.extra.get('numbers', 0), 'vi')} số "
                f"(tìm được {seq.extra.get('primes')} số nguyên tố, đối chiếu với sàng Eratosthenes).")
    if th and th.speedup is not None:
        s = th.speedup
        if free:
            doc.add(f"{th.workers} threads: {secs(th.wall_s, 'en')}, {times(s, 'en')}. This Python runs without the GIL, "
                    f"so the threads execute Python code on several cores at once, like processes but sharing "
                    f"memory; at best {times(_bound(m, th.workers), 'en')} here (min(threads, usable cores)).",
                    f"{th.workers} luồng: {secs(th.wall_s, 'vi')}, {times(s, 'vi')}. Python này chạy không có GIL, nên "
                    f"các luồng chạy mã Python trên nhiều lõi cùng lúc, như tiến trình nhưng dùng chung bộ nhớ; "
                    f"tối đa {times(_bound(m, th.workers), 'vi')} trên máy này (min(số luồng, số lõi dùng được)).")
        else:
            surprise_en = surprise_vi = ""
            if s > 1.3:
                surprise_en = (" That is more than the GIL should allow: the measurement was probably disturbed "
                               "(another program slowed the sequential run); run it again.")
                surprise_vi = (" Con số này cao hơn mức GIL cho phép: có lẽ phép đo bị nhiễu (một chương trình khác "
                               "làm chậm lần chạy tuần tự); hãy chạy lại.")
            doc.add(f"{th.workers} threads: {secs(th.wall_s, 'en')}, {times(s, 'en')}. With the GIL only one thread runs "
                    f"Python bytecode at a time: the threads take turns on one core (the timeline shows "
                    f"each one computing only part of the time: lower blocks), so the same work takes as long as "
                    f"sequentially, plus the cost of switching."
                    + surprise_en,
                    f"{th.workers} luồng: {secs(th.wall_s, 'vi')}, {times(s, 'vi')}. Với GIL, mỗi lúc chỉ một luồng chạy "
                    f"bytecode Python: các luồng thay phiên nhau trên một lõi (dòng thời gian cho thấy "
                    f"mỗi luồng chỉ tính một phần thời gian: khối thấp hơn), nên cùng khối lượng việc vẫn mất ngần ấy thời gian, cộng thêm chi phí chuyển luồng."
                    + surprise_vi)
    if pr and pr.speedup is not None:
        s, bound = pr.speedup, _bound(m, pr.workers)
        share = 100 * s / bound if bound else 0
        startup, parallel = pr.extra.get("startup_s"), pr.extra.get("parallel_s")
        st_en = f" Starting the processes took {secs(startup, 'en')}." if startup else ""
        st_vi = f" Khởi động các tiến trình mất {secs(startup, 'vi')}." if startup else ""
        seq_wall = seq.wall_s if seq else None
        if startup and parallel and seq_wall:
            phase = seq_wall / parallel
            st_en = (f" Starting the processes took {secs(startup, 'en')}; then all of them began at once, and that "
                     f"parallel phase took {secs(parallel, 'en')}: {times(phase, 'en')} counting it alone "
                     f"({100 * phase / bound:.0f}% of {times(bound, 'en')}).")
            st_vi = (f" Khởi động các tiến trình mất {secs(startup, 'vi')}; sau đó tất cả bắt đầu cùng lúc, và pha "
                     f"song song đó mất {secs(parallel, 'vi')}: {times(phase, 'vi')} nếu chỉ tính pha này "
                     f"({100 * phase / bound:.0f}% của {times(bound, 'vi')}).")
        doc.add(f"{pr.workers} processes: {secs(pr.wall_s, 'en')}, {times(s, 'en')}. Each process has its own "
                f"interpreter and its own GIL, so they truly run in parallel. {pr.workers} processes on "
                f"{many(m['usable_cores'], 'usable core')}: at best {times(bound, 'en')}; measured {times(s, 'en')} "
                f"({share:.0f}% of that).{st_en}",
                f"{pr.workers} tiến trình: {secs(pr.wall_s, 'vi')}, {times(s, 'vi')}. Mỗi tiến trình có trình thông dịch "
                f"và GIL riêng, nên chúng chạy song song thật. {pr.workers} tiến trình trên {m['usable_cores']} lõi dùng "
                f"được: tối đa {times(bound, 'vi')}; đo được {times(s, 'vi')} ({share:.0f}% mức đó).{st_vi}")
        if pr.workers > m["usable_cores"]:
            doc.add(f"More processes than cores does not help: the extra ones wait for a core (in the timeline "
                    f"they take turns: each computes only part of the time, lower blocks), and {pr.workers} processes can never beat {many(m['usable_cores'], 'core')}.",
                    f"Nhiều tiến trình hơn số lõi không giúp gì: các tiến trình thừa phải chờ lõi (trên dòng thời "
                    f"gian chúng thay phiên nhau: mỗi tiến trình chỉ tính một phần thời gian, khối thấp hơn), và {pr.workers} tiến trình không thể vượt quá {m['usable_cores']} lõi.")
        frac = amdahl_parallel_fraction(s, bound)
        if frac is not None and s > 1:
            low, high = amdahl_limit_range(s, bound, spread_of("speedup"))
            known = high is not None and high <= 2 * low  # the data pins the limit down within a factor of 2
            if known:
                cap_en = f", which caps any number of cores at about {value_range(low, high, 'en')}"  # type: ignore[arg-type]
                cap_vi = f", nên dù có bao nhiêu lõi cũng chỉ đạt khoảng {value_range(low, high, 'vi')}"  # type: ignore[arg-type]
            else:
                cap_en = (f"; but one run on {num(bound, 'en', 0)} cores cannot say how far more cores would go: within "
                          f"the run-to-run spread (±10%) the limit could be anything from {times(low, 'en')} to "
                          f"{'no limit' if high is None else times(high, 'en')}; runs with more workers on more cores "
                          f"would tell")
                cap_vi = (f"; nhưng một lần chạy trên {num(bound, 'vi', 0)} lõi không cho biết thêm lõi sẽ được bao xa: "
                          f"trong dao động giữa các lần chạy (±10%), giới hạn có thể từ {times(low, 'vi')} đến "
                          f"{'không giới hạn' if high is None else times(high, 'vi')}; chạy với nhiều worker hơn trên "
                          f"máy nhiều lõi hơn mới biết")
            doc.add(f"Amdahl's law, S(N) = 1 / ((1 − p) + p/N): {times(s, 'en')} on N = {num(bound, 'en', 0)} cores means "
                    f"about {100 * frac:.0f}% of this run was parallel; the rest (starting processes, collecting "
                    f"results) is serial{cap_en}.",
                    f"Luật Amdahl, S(N) = 1 / ((1 − p) + p/N): {times(s, 'vi')} trên N = {num(bound, 'vi', 0)} lõi nghĩa là "
                    f"khoảng {100 * frac:.0f}% lần chạy này song song được; phần còn lại (khởi động tiến trình, gom kết "
                    f"quả) là tuần tự{cap_vi}.")
        elif bound <= 1:
            doc.add("This program may use only one core here, so no parallel speedup is possible: processes only "
                    "add their start-up cost.",
                    "Ở đây chương trình chỉ được dùng một lõi, nên không thể tăng tốc song song: tiến trình chỉ "
                    "thêm chi phí khởi động.")


def _io_bound(doc: _Doc, p: DemoParams, m: dict[str, Any], by: dict[str, RunResult], runs: Any, metrics: Any) -> None:
    seq = by.get("sequential")
    if seq is None:
        return
    tasks, wait = seq.extra.get("tasks", 16), seq.extra.get("wait_s", 0.0)
    doc.add(f"Each of {tasks} tasks waits {secs(wait, 'en')} (standing for the network), then writes a file, waits "
            f"for the disk (fsync) and reads it back. Sequential: {secs(seq.wall_s, 'en')}.",
            f"Mỗi tác vụ trong {tasks} tác vụ chờ {secs(wait, 'vi')} (thay cho mạng), rồi ghi một tệp, chờ đĩa (fsync) "
            f"và đọc lại. Tuần tự: {secs(seq.wall_s, 'vi')}.")
    th, pr, aio = by.get("threads"), by.get("processes"), by.get("asyncio")
    if th and th.speedup is not None:
        ideal = tasks / math.ceil(tasks / th.workers)
        doc.add(f"{th.workers} threads: {times(th.speedup, 'en')} (at best about {times(ideal, 'en')}: {tasks} tasks in "
                f"rounds of {th.workers}). A thread that waits releases the GIL, so the waits overlap — the GIL "
                f"does not matter for waiting.",
                f"{th.workers} luồng: {times(th.speedup, 'vi')} (tối đa khoảng {times(ideal, 'vi')}: {tasks} tác vụ, mỗi "
                f"đợt {th.workers}). Luồng đang chờ thì nhả GIL, nên các lần chờ chồng lên nhau — GIL không cản "
                f"việc chờ.")
    if pr and pr.speedup is not None:
        st = pr.extra.get("startup_s") or 0.0
        doc.add(f"{pr.workers} processes: {times(pr.speedup, 'en')}. They overlap the waits too, but each one is a "
                f"new interpreter: starting them took {secs(st, 'en')} here (\"{m['start_method']}\"), and each costs "
                f"memory — for waiting, threads do the same job cheaper.",
                f"{pr.workers} tiến trình: {times(pr.speedup, 'vi')}. Chúng cũng chờ song song, nhưng mỗi tiến trình là "
                f"một trình thông dịch mới: khởi động mất {secs(st, 'vi')} (\"{m['start_method']}\"), lại tốn bộ nhớ — "
                f"để chờ, luồng làm cùng việc đó rẻ hơn.")
    if aio and aio.speedup is not None:
        doc.add(f"asyncio, {aio.workers} tasks at a time in one thread: {times(aio.speedup, 'en')}. One event loop "
                f"interleaves the waits without threads — it scales to thousands of idle connections. Files have "
                f"no asynchronous API, so their part ran in helper threads (asyncio.to_thread).",
                f"asyncio, {aio.workers} tác vụ cùng lúc trong một luồng: {times(aio.speedup, 'vi')}. Một vòng lặp sự "
                f"kiện xen kẽ các lần chờ mà không cần luồng — mở rộng được tới hàng nghìn kết nối nhàn rỗi. Tệp "
                f"không có API bất đồng bộ, nên phần đọc-ghi tệp chạy trong luồng phụ (asyncio.to_thread).")
    if th:
        doc.add(f"Cores hardly matter here: the threads used {secs(th.cpu_s, 'en')} of CPU in {secs(th.wall_s, 'en')}. "
                f"What limits I/O-bound work is how many waits you can overlap, not the number of cores.",
                f"Số lõi gần như không quan trọng ở đây: các luồng dùng {secs(th.cpu_s, 'vi')} CPU trong "
                f"{secs(th.wall_s, 'vi')}. Giới hạn của việc I/O-bound là số lần chờ chạy chồng được, không phải số lõi.")


def _mixed(doc: _Doc, p: DemoParams, m: dict[str, Any], by: dict[str, RunResult], runs: Any, metrics: Any) -> None:
    seq = by.get("sequential")
    if seq is None:
        return
    n, wait, image = seq.extra.get("requests"), seq.extra.get("wait_s", 0.0), seq.extra.get("image")
    doc.add(f"A web app with image uploads: each of {n} requests waits {secs(wait, 'en')} for its upload and saves it "
            f"(I/O), then blurs a {image} image in pure Python (CPU). Sequential: {secs(seq.wall_s, 'en')}.",
            f"Một web app nhận ảnh tải lên: mỗi yêu cầu trong {n} yêu cầu chờ {secs(wait, 'vi')} để nhận ảnh và lưu lại "
            f"(I/O), rồi làm mờ một ảnh {image} bằng Python thuần (CPU). Tuần tự: {secs(seq.wall_s, 'vi')}.")
    th, pr, hy = by.get("threads"), by.get("processes"), by.get("hybrid")
    if th and th.speedup is not None:
        doc.add(f"Threads only ({th.workers}): {times(th.speedup, 'en')} — the uploads overlap, but the blurs take turns "
                f"under the GIL{'' if m['gil_enabled'] else ' (here there is no GIL, so they overlap too)'}.",
                f"Chỉ luồng ({th.workers}): {times(th.speedup, 'vi')} — các lần nhận ảnh chạy chồng nhau, nhưng các lần "
                f"làm mờ phải thay phiên dưới GIL{'' if m['gil_enabled'] else ' (ở đây không có GIL nên cũng chạy chồng được)'}.")
    if pr and pr.speedup is not None:
        doc.add(f"Processes only ({pr.workers}): {times(pr.speedup, 'en')} — the blurs run in parallel on "
                f"{many(m['usable_cores'], 'core')}, but each process also sits through its own uploads, so only "
                f"{pr.workers} waits overlap.",
                f"Chỉ tiến trình ({pr.workers}): {times(pr.speedup, 'vi')} — việc làm mờ chạy song song trên "
                f"{m['usable_cores']} lõi, nhưng mỗi tiến trình còn phải tự chờ nhận ảnh, nên chỉ {pr.workers} lần chờ "
                f"chồng lên nhau.")
    if hy and hy.speedup is not None:
        t = hy.extra.get("io_threads")
        doc.add(f"Hybrid: {t} threads receive uploads (many cheap waits at once) and hand each image to a pool of "
                f"{hy.workers} processes that blur in parallel: {times(hy.speedup, 'en')}. This is “threads inside for "
                f"I/O, processes outside for CPU”, the shape of web apps that hand heavy work to a process pool.",
                f"Kết hợp: {t} luồng nhận ảnh (nhiều lần chờ rẻ cùng lúc) rồi chuyển từng ảnh cho một pool {hy.workers} "
                f"tiến trình làm mờ song song: {times(hy.speedup, 'vi')}. Đây là mô hình “luồng bên trong cho I/O, tiến "
                f"trình bên ngoài cho CPU” của các web app giao việc nặng cho một pool tiến trình.")
    done = [r for r in (th, pr, hy) if r is not None and r.speedup is not None]
    if done:
        best = max(done, key=lambda r: r.speedup or 0)
        names = {"threads": ("threads only", "chỉ luồng"), "processes": ("processes only", "chỉ tiến trình"),
                 "hybrid": ("the hybrid", "cách kết hợp")}
        doc.add(f"Fastest here: {names[best.mode][0]} ({times(best.speedup, 'en')}).",
                f"Nhanh nhất trên máy này: {names[best.mode][1]} ({times(best.speedup, 'vi')}).")


def _race(doc: _Doc, p: DemoParams, m: dict[str, Any], by: dict[str, RunResult], runs: Any, metrics: Any) -> None:
    un, lk, pr, sv = by.get("threads-unlocked"), by.get("threads-locked"), by.get("processes"), by.get("shared-value")
    if un:
        e, f, lost = un.extra["expected"], un.extra["final"], un.extra["lost"]
        pct = 100 * lost / e if e else 0
        doc.add(f"No lock: {un.workers} threads each incremented one shared counter "
                f"{grp(un.extra['increments_per_worker'], 'en')} times: expected {grp(e, 'en')}, got {grp(f, 'en')} — {grp(lost, 'en')} updates lost ({pct:.0f}%). Each increment reads the "
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
                f"{lk.extra['lost']} lost.{slower_en}",
                f"Có khóa bao quanh đọc-và-ghi: {grp(lk.extra['final'], 'vi')} trên {grp(lk.extra['expected'], 'vi')}, mất "
                f"{lk.extra['lost']}.{slower_vi}")
    if pr:
        finals = pr.extra.get("child_finals") or []
        doc.add(f"Processes: {pr.workers} processes ran the same code on the same counter object, yet the parent's "
                f"counter is still {pr.extra['final']}: each process got its own copy (its own memory) and counted "
                f"to {grp(finals[0], 'en') if finals and finals[0] is not None else '?'} in it. Processes share nothing unless you ask — nothing to "
                f"race on, but also no shared result.",
                f"Tiến trình: {pr.workers} tiến trình chạy cùng đoạn mã trên cùng đối tượng biến đếm, vậy mà biến đếm "
                f"của tiến trình cha vẫn là {pr.extra['final']}: mỗi tiến trình nhận một bản sao riêng (bộ nhớ riêng) và "
                f"đếm tới {grp(finals[0], 'vi') if finals and finals[0] is not None else '?'} trong bản sao đó. Tiến trình không chia sẻ gì nếu bạn không "
                f"yêu cầu — không có tranh chấp, nhưng cũng không có kết quả chung.")
    if sv:
        doc.add(f"A multiprocessing.Value lives in shared memory: with its lock, {grp(sv.extra['final'], 'en')} of "
                f"{grp(sv.extra['expected'], 'en')} ({sv.extra['lost']} lost), in {secs(sv.wall_s, 'en')} — its lock is a "
                f"semaphore between processes, dearer than a thread lock.",
                f"multiprocessing.Value nằm trong bộ nhớ dùng chung: với khóa của nó, {grp(sv.extra['final'], 'vi')} trên "
                f"{grp(sv.extra['expected'], 'vi')} (mất {sv.extra['lost']}), trong {secs(sv.wall_s, 'vi')} — khóa của nó là "
                f"semaphore giữa các tiến trình, đắt hơn khóa của luồng.")


def _isolation(doc: _Doc, p: DemoParams, m: dict[str, Any], by: dict[str, RunResult], runs: Any, metrics: Any) -> None:
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


def _worker_pool(doc: _Doc, p: DemoParams, m: dict[str, Any], by: dict[str, RunResult], runs: Any, metrics: Any) -> None:
    pools = [r for r in runs if "throughput_per_s" in r.extra]
    if not pools:
        return
    first = pools[0]
    doc.add(f"A producer puts {first.extra['tasks']} tasks on a queue at once; each task calls a slow service "
            f"({secs(first.extra['task_wait_s'], 'en')}) and computes a little. The pool's processes were started "
            f"before the work arrived, as a prefork pool is.",
            f"Một producer đẩy {first.extra['tasks']} tác vụ vào hàng đợi cùng lúc; mỗi tác vụ gọi một dịch vụ chậm "
            f"({secs(first.extra['task_wait_s'], 'vi')}) và tính toán một chút. Các tiến trình của pool đã khởi động "
            f"trước khi việc đến, như pool prefork.")
    for r in pools:
        e = r.extra
        doc.add(f"{many(r.workers, 'worker')}: {num(e['throughput_per_s'], 'en', 1)} tasks/s, mean latency "
                f"{secs(e['latency_mean_s'], 'en')} (95%: {secs(e['latency_p95_s'], 'en')}), queue up to "
                f"{e['queue_depth_max']} tasks deep.",
                f"{r.workers} worker: {num(e['throughput_per_s'], 'vi', 1)} tác vụ/s, độ trễ trung bình "
                f"{secs(e['latency_mean_s'], 'vi')} (95%: {secs(e['latency_p95_s'], 'vi')}), hàng đợi sâu nhất "
                f"{e['queue_depth_max']} tác vụ.")
    ratio = metrics.get("throughput.ratio")
    if ratio is not None:
        last = pools[-1]
        doc.add(f"Throughput with {last.workers} workers ÷ with 1: {times(ratio, 'en')}. The tasks mostly wait, so more "
                f"workers serve more at once even on {many(m['usable_cores'], 'core')} — until the CPU part fills the "
                f"cores. Celery's prefork pool starts one process per CPU by default: right for CPU-heavy tasks; "
                f"for tasks that wait, more workers (or a thread/gevent pool) serve more.",
                f"Thông lượng với {last.workers} worker ÷ với 1 worker: {times(ratio, 'vi')}. Các tác vụ chủ yếu là chờ, "
                f"nên nhiều worker phục vụ được nhiều việc cùng lúc kể cả trên {m['usable_cores']} lõi — cho tới khi "
                f"phần CPU lấp đầy các lõi. Pool prefork của Celery mặc định mỗi CPU một tiến trình: hợp với tác vụ "
                f"nặng CPU; với tác vụ phải chờ, nhiều worker hơn (hoặc pool thread/gevent) phục vụ được nhiều hơn.")


def kb(nbytes: float, lang: str) -> str:
    return f"{num(nbytes / 1000, lang, 1)} KB"


def _allreduce(doc: _Doc, p: DemoParams, m: dict[str, Any], by: dict[str, RunResult], runs: Any, metrics: Any) -> None:
    from ds_tui.demos.catalog import torch_available

    single, ring, tg = by.get("single"), by.get("ring"), by.get("torch-gloo")
    any_run = single or ring or tg
    if any_run is None:
        _torch_line(doc, p, tg, torch_available())
        return
    e = any_run.extra
    n = p.workers
    per = e["batch"] // n
    doc.add(f"Data-parallel training of a small neural network ({e['model']}, {grp(e['params'], 'en')} parameters: a "
            f"gradient of {kb(e['grad_bytes'], 'en')} in float64) for {e['steps']} steps on batches of "
            f"{grp(e['batch'], 'en')} samples. One process: the whole batch — the reference. Ring: {n} processes, each "
            f"with the whole model, compute the gradient of about {grp(per, 'en')} samples of every batch; the "
            f"gradients are summed with a ring all-reduce through pipes, and every worker takes the same step.",
            f"Huấn luyện song song dữ liệu một mạng nơ-ron nhỏ ({e['model']}, {grp(e['params'], 'vi')} tham số: gradient "
            f"{kb(e['grad_bytes'], 'vi')} kiểu float64) trong {e['steps']} bước, mỗi batch {grp(e['batch'], 'vi')} mẫu. "
            f"Một tiến trình: cả batch — mốc để so sánh. Ring: {n} tiến trình, mỗi tiến trình giữ cả mô hình, tính "
            f"gradient của khoảng {grp(per, 'vi')} mẫu trong mỗi batch; các gradient được cộng bằng ring all-reduce "
            f"qua pipe, rồi mọi worker cùng cập nhật một bước như nhau.")
    if ring and "bytes_ratio" in ring.extra:
        r = ring.extra
        ratio, formula = r["bytes_ratio"], r["bytes_formula_ratio"]
        chunk = max(r["chunks"])
        doc.add(f"The ring: {n - 1} reduce-scatter steps, then {n - 1} all-gather steps; in each, every worker sends one "
                f"chunk (1/{n} of the gradient, ≤ {grp(chunk, 'en')} values) to its right-hand neighbour and receives one "
                f"from its left. Measured: each worker sent {num(ratio, 'en')}× the gradient size per training step "
                f"({kb(sum(r['bytes_per_step']) / n, 'en')} of {kb(r['grad_bytes'], 'en')}); the ring's formula "
                f"2(N−1)/N = {num(formula, 'en')}.",
                f"Vòng ring: {n - 1} bước reduce-scatter, rồi {n - 1} bước all-gather; ở mỗi bước, mỗi worker gửi một "
                f"phần (1/{n} gradient, ≤ {grp(chunk, 'vi')} giá trị) cho worker bên phải và nhận một phần từ bên trái. "
                f"Đo được: mỗi worker gửi {num(ratio, 'vi')}× kích thước gradient mỗi bước huấn luyện "
                f"({kb(sum(r['bytes_per_step']) / n, 'vi')} trên {kb(r['grad_bytes'], 'vi')}); công thức của ring "
                f"2(N−1)/N = {num(formula, 'vi')}.")
        lo, hi = min(r["bytes_ratio_per_worker"]), max(r["bytes_ratio_per_worker"])
        if hi - lo > 1e-12:
            sent_en, sent_vi = value_range(lo, hi, "en", form="between"), value_range(lo, hi, "vi", form="between")
            if sent_en == times(lo, "en"):  # the same to the two decimals shown
                sent_en, sent_vi = f"{sent_en} to two decimals", f"{sent_vi} nếu làm tròn hai chữ số"
            doc.add(f"{grp(r['params'], 'en')} values do not split evenly into {n} chunks, so the chunks differ by one "
                    f"value and each worker sent {sent_en}: on average over the workers, exactly the formula.",
                    f"{grp(r['params'], 'vi')} giá trị không chia đều cho {n} phần, nên các phần lệch nhau một giá trị và "
                    f"mỗi worker gửi {sent_vi}: tính trung bình trên các worker thì đúng bằng công thức.")
    ref = single or ring
    if ref is not None and ref.extra.get("loss"):
        loss = ref.extra["loss"]
        sentence_en = sentence_vi = ""
        if ring and "loss_max_diff" in ring.extra:
            d = ring.extra["loss_max_diff"]
            same = "the same curve" if ring.ok else "NOT the same curve"
            same_vi = "cùng một đường" if ring.ok else "KHÔNG cùng một đường"
            ident = ring.extra.get("params_identical")
            sentence_en = (f" The ring's loss: {same} as one process's, largest difference {d:.1e} (the same "
                           f"floating-point sums, added in another order)"
                           + ("; every worker ends with the same parameters, bit for bit." if ident else "."))
            sentence_vi = (f" Loss của ring: {same_vi} với một tiến trình, chênh lệch lớn nhất {d:.1e} (cùng các "
                           f"phép cộng số thực, theo thứ tự khác)"
                           + ("; mọi worker kết thúc với cùng bộ tham số, giống hệt từng bit." if ident else "."))
        doc.add(f"Loss: {num(loss[0], 'en', 4)} → {num(loss[-1], 'en', 4)} over {len(loss)} steps.{sentence_en} Data "
                f"parallelism changes where the gradient is computed, not what it is.",
                f"Loss: {num(loss[0], 'vi', 4)} → {num(loss[-1], 'vi', 4)} sau {len(loss)} bước.{sentence_vi} Song song "
                f"dữ liệu chỉ đổi nơi tính gradient, không đổi gradient.")
    if ring and single and ring.extra.get("compute_s"):
        comp, comm = sum(ring.extra["compute_s"]), sum(ring.extra["comm_s"])
        share = 100 * comm / (comp + comm) if comp + comm > 0 else 0.0
        bound = _bound(m, n)
        s_en = f" ({times(ring.speedup, 'en')})" if ring.speedup else ""
        s_vi = f" ({times(ring.speedup, 'vi')})" if ring.speedup else ""
        doc.add(f"Time for the {single.extra['steps']} steps: one process {secs(single.wall_s, 'en')}, the ring "
                f"{secs(ring.wall_s, 'en')}{s_en}; at best {times(bound, 'en')} with {n} processes on "
                f"{many(m['usable_cores'], 'usable core')}. The workers spent {share:.0f}% of their time in the all-reduce "
                f"(sending, waiting for a neighbour, adding). Data parallelism pays when each worker's computation "
                f"dwarfs the all-reduce; PyTorch DDP also overlaps the two, sending the first gradients while the "
                f"backward pass still computes the rest.",
                f"Thời gian cho {single.extra['steps']} bước: một tiến trình {secs(single.wall_s, 'vi')}, ring "
                f"{secs(ring.wall_s, 'vi')}{s_vi}; tối đa {times(bound, 'vi')} với {n} tiến trình trên "
                f"{m['usable_cores']} lõi dùng được. Các worker dành {share:.0f}% thời gian cho all-reduce (gửi, chờ "
                f"worker bên cạnh, cộng). Song song dữ liệu có lợi khi phần tính toán của mỗi worker lớn hơn hẳn "
                f"all-reduce; PyTorch DDP còn cho hai việc chạy chồng nhau, gửi những gradient đầu tiên khi lượt "
                f"backward còn đang tính phần còn lại.")
    doc.add("Traffic per worker hardly grows with N: 2(N−1)/N is 1.00 for 2 workers, 1.50 for 4, 1.75 for 8, "
            "under 2 for any N. What grows is the number of steps, 2(N−1), each paying the network's latency — "
            "which is why NCCL also has tree algorithms.",
            "Lưu lượng của mỗi worker gần như không tăng theo N: 2(N−1)/N là 1,00 với 2 worker, 1,50 với 4, 1,75 "
            "với 8, luôn dưới 2. Cái tăng là số bước, 2(N−1), mỗi bước chịu độ trễ của mạng — vì thế NCCL còn có "
            "thuật toán dạng cây.")
    _torch_line(doc, p, tg, torch_available())


def _torch_line(doc: _Doc, p: DemoParams, tg: RunResult | None, installed: bool) -> None:
    n = p.workers
    if tg is not None:
        d = tg.extra.get("loss_max_diff")
        d_en = f", the same loss curve (largest difference {d:.1e})" if d is not None and tg.ok else ""
        d_vi = f", cùng đường loss (chênh lệch lớn nhất {d:.1e})" if d is not None and tg.ok else ""
        doc.add(f"torch.distributed with the gloo backend, {n} ranks: {secs(tg.wall_s, 'en')}{d_en}. gloo chooses its "
                f"own algorithm and does the sending itself, so its bytes are not counted here. The same code runs "
                f"across machines (MASTER_ADDR, MASTER_PORT, WORLD_SIZE, RANK: see the README).",
                f"torch.distributed với backend gloo, {n} rank: {secs(tg.wall_s, 'vi')}{d_vi}. gloo tự chọn thuật toán "
                f"và tự gửi dữ liệu, nên số byte của nó không được đếm ở đây. Cùng đoạn mã chạy được trên nhiều máy "
                f"(MASTER_ADDR, MASTER_PORT, WORLD_SIZE, RANK: xem README).")
    elif not installed:
        doc.add('torch is not installed, so the torch.distributed (gloo) run was skipped; pip install "ds-tui[torch]" '
                "adds it.",
                'Chưa cài torch nên bỏ qua lần chạy torch.distributed (gloo); pip install "ds-tui[torch]" để thêm.')


def _pipeline(doc: _Doc, p: DemoParams, m: dict[str, Any], by: dict[str, RunResult], runs: Any, metrics: Any) -> None:
    gp, ob = by.get("gpipe"), by.get("1f1b")
    first = gp or ob
    if first is None:
        return
    e = first.extra
    st, mb = e["stages"], e["microbatches"]
    t_ms, b_ms = 1000 * e["forward_s"], 1000 * e["backward_s"]
    formula = e["bubble_formula"]
    doc.add(f"{st} stage processes stand for {st} GPUs, each holding a slice of the layers; pipes carry activations "
            f"forward and gradients back. {mb} micro-batches. A forward takes t = {t_ms:.0f} ms on each stage, a "
            f"backward 2t = {b_ms:.0f} ms (a backward costs about twice a forward's FLOPs). In pipeline parallelism "
            f"the GPU does the work and the CPU only launches it, so each stage computes its small numpy layer, then "
            f"waits out the rest of t, standing for the kernel on the GPU: the stages run side by side even on "
            f"{many(m['usable_cores'], 'core')}, and what is measured is the schedule.",
            f"{st} tiến trình giai đoạn thay cho {st} GPU, mỗi GPU giữ một phần các lớp; pipe chuyển activation về "
            f"trước và gradient về sau. {mb} micro-batch. Mỗi forward mất t = {t_ms:.0f} ms trên mỗi giai đoạn, mỗi "
            f"backward 2t = {b_ms:.0f} ms (backward tốn khoảng gấp đôi FLOP của forward). Trong song song pipeline, "
            f"GPU làm việc còn CPU chỉ khởi chạy, nên mỗi giai đoạn tính lớp numpy nhỏ của mình rồi chờ hết thời "
            f"gian t, thay cho kernel chạy trên GPU: các giai đoạn chạy song song kể cả trên {m['usable_cores']} lõi, "
            f"và cái được đo là lịch chạy.")
    if gp and "bubble" in gp.extra:
        g = gp.extra
        extra_s = g["window_s"] - g["ideal_window_s"]
        doc.add(f"GPipe (all forwards, then all backwards): the batch took {secs(g['window_s'], 'en')}, where the schedule "
                f"alone needs (m + p − 1)·3t = {secs(g['ideal_window_s'], 'en')}. Measured bubble {num(g['bubble'], 'en')} "
                f"(the stages' idle share of p × the batch's time); the formula (p − 1)/(m + p − 1) = {st - 1}/{mb + st - 1} "
                f"= {num(formula, 'en')} for p = {st}, m = {mb}. The formula assumes equal stage times and free "
                f"communication — equal here by design; the other {secs(max(0.0, extra_s), 'en')} are the pipes' "
                f"latency and the timers' overshoot.",
                f"GPipe (mọi forward, rồi mọi backward): batch mất {secs(g['window_s'], 'vi')}, trong khi riêng lịch chạy "
                f"cần (m + p − 1)·3t = {secs(g['ideal_window_s'], 'vi')}. Bubble đo được {num(g['bubble'], 'vi')} (phần "
                f"thời gian rỗi của các giai đoạn trên p × thời gian batch); công thức (p − 1)/(m + p − 1) = "
                f"{st - 1}/{mb + st - 1} = {num(formula, 'vi')} với p = {st}, m = {mb}. Công thức giả định các giai đoạn "
                f"mất thời gian bằng nhau và truyền dữ liệu không tốn gì — ở đây bằng nhau theo thiết kế; "
                f"{secs(max(0.0, extra_s), 'vi')} còn lại là độ trễ của pipe và phần ngủ quá giờ của bộ đếm.")
    if ob and "bubble" in ob.extra:
        o = ob.extra
        peaks = ", ".join(str(k) for k in o["peak_activations"])
        doc.add(f"1F1B (fill the pipeline, then one forward, one backward): bubble {num(o['bubble'], 'en')} — the same "
                f"as GPipe by the formula: 1F1B does not shrink the bubble. It saves memory: stages 0, 1, … held the "
                f"activations of at most {peaks} micro-batch(es) at once (p − i), where GPipe's stages each held all "
                f"m = {mb}.",
                f"1F1B (lấp đầy pipeline, rồi một forward, một backward): bubble {num(o['bubble'], 'vi')} — theo công "
                f"thức thì bằng GPipe: 1F1B không làm bubble nhỏ đi. Cái nó tiết kiệm là bộ nhớ: các giai đoạn 0, 1, … "
                f"giữ activation của tối đa {peaks} micro-batch cùng lúc (p − i), còn mỗi giai đoạn của GPipe giữ cả "
                f"m = {mb}.")
    if mb < 4 * st:
        m4 = 4 * st
        f4 = (st - 1) / (m4 + st - 1)
        doc.add(f"More micro-batches shrink the bubble: with m = {m4} (4p) the formula gives {st - 1}/{m4 + st - 1} = "
                f"{num(f4, 'en')}. Set the micro-batches (--microbatches {m4}) and run again.",
                f"Nhiều micro-batch hơn thì bubble nhỏ hơn: với m = {m4} (4p) công thức cho {st - 1}/{m4 + st - 1} = "
                f"{num(f4, 'vi')}. Đặt số micro-batch (--microbatches {m4}) rồi chạy lại.")
    else:
        doc.add(f"Here m ≥ 4p, where GPipe found the bubble's cost small; it never reaches 0: filling and draining "
                f"always take p − 1 = {st - 1} slots.",
                f"Ở đây m ≥ 4p, mức mà GPipe thấy chi phí bubble đã nhỏ; nhưng nó không bao giờ về 0: lấp đầy và xả "
                f"cạn luôn tốn p − 1 = {st - 1} khe.")


_EXPLAINERS = {
    "cpu-bound": _cpu_bound,
    "io-bound": _io_bound,
    "mixed": _mixed,
    "race": _race,
    "isolation": _isolation,
    "worker-pool": _worker_pool,
    "allreduce": _allreduce,
    "pipeline": _pipeline,
}
