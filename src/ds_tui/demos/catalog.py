"""The demos: ids (those of ds_tui.registry), titles, parameters with their defaults, and modes.

Defaults follow the lessons' ``predict`` questions: cpu-bound with 4 threads / 4 processes; io-bound
with 16 tasks on 8 threads; race with 4 threads; worker-pool with 1, 2 and 4 workers; allreduce with 4
workers (bytes_ratio 1.5); pipeline with 4 stages and 4 micro-batches (bubble 3/7; the lesson's next
question sets 16 micro-batches).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from ds_tui.lessons.model import Text

SIZES: tuple[str, ...] = ("small", "medium", "large")
MAX_WORKERS = 64
MAX_MICROBATCHES = 64


@dataclass(frozen=True)
class DemoParams:
    workers: int
    size: str = "medium"
    microbatches: int | None = None  # pipeline only; None: the demo's default


def _whole(value: Any, low: int, high: int, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValueError(f"{name} must be a whole number from {low} to {high}")
    return value


@dataclass(frozen=True)
class DemoSpec:
    id: str
    title: Text
    summary: Text  # one line
    modes: tuple[str, ...]  # in the order they run
    default_workers: int
    metrics: tuple[str, ...]  # report.metrics keys (docs/lesson-format.md)
    scenario: str  # function name in ds_tui.demos.scenarios
    workers_help: Text
    min_workers: int = 1
    default_size: str = "medium"
    default_microbatches: int | None = None  # set: the demo takes a micro-batch count (pipeline)

    def params(self, given: DemoParams | Mapping[str, Any] | None = None) -> DemoParams:
        """Complete and check parameters; ValueError names a bad one."""
        if isinstance(given, DemoParams):
            workers, size, micro = given.workers, given.size, given.microbatches
        else:
            given = dict(given or {})
            unknown = set(given) - {"workers", "size", "microbatches"}
            if unknown:
                raise ValueError(f"unknown parameter{'' if len(unknown) == 1 else 's'} for demo {self.id}: "
                                 f"{', '.join(sorted(unknown))}")
            workers = self.default_workers if given.get("workers") is None else given["workers"]
            size = given.get("size") or self.default_size
            micro = given.get("microbatches")
        if size not in SIZES:
            raise ValueError(f"size must be one of {', '.join(SIZES)}, not {size!r}")
        _whole(workers, self.min_workers, MAX_WORKERS, "workers")
        if micro is not None:
            if self.default_microbatches is None:
                raise ValueError(f"demo {self.id} takes no micro-batch count (only the pipeline demo does)")
            _whole(micro, 1, MAX_MICROBATCHES, "microbatches")
        return DemoParams(workers, size, micro)

    def microbatches(self, p: DemoParams) -> int | None:
        """The micro-batch count a run uses (None for demos without micro-batches)."""
        if self.default_microbatches is None:
            return None
        return p.microbatches or self.default_microbatches

    def report_params(self, p: DemoParams) -> dict[str, Any]:
        """The parameters as a report states them (with the micro-batches where the demo has them)."""
        out: dict[str, Any] = {"workers": p.workers, "size": p.size}
        if self.default_microbatches is not None:
            out["microbatches"] = self.microbatches(p)
        return out


MODE_TITLES: dict[str, Text] = {  # short: table rows, tabs, timeline headers
    "sequential": Text(vi="Tuần tự", en="Sequential"),
    "threads": Text(vi="Luồng", en="Threads"),
    "processes": Text(vi="Tiến trình", en="Processes"),
    "asyncio": Text(vi="asyncio", en="asyncio"),
    "hybrid": Text(vi="Kết hợp", en="Hybrid"),
    "threads-unlocked": Text(vi="Luồng, không khóa", en="Threads, no lock"),
    "threads-locked": Text(vi="Luồng, có khóa", en="Threads, lock"),
    "shared-value": Text(vi="Value dùng chung", en="Shared Value"),
    "single": Text(vi="1 tiến trình", en="1 process"),
    "ring": Text(vi="Ring", en="Ring"),
    "torch-gloo": Text(vi="torch gloo", en="torch gloo"),
    "gpipe": Text(vi="GPipe", en="GPipe"),
    "1f1b": Text(vi="1F1B", en="1F1B"),
}

MODE_HELP: dict[str, Text] = {  # one line each
    "sequential": Text(vi="Toàn bộ công việc trong một luồng, lần lượt: mốc để so sánh.",
                       en="All the work in one thread, one piece after another: the baseline."),
    "threads": Text(vi="Chia việc cho N luồng trong cùng tiến trình (dùng chung bộ nhớ và GIL).",
                    en="The work split across N threads of one process (shared memory, one GIL)."),
    "processes": Text(vi="Chia việc cho N tiến trình, mỗi tiến trình có bộ nhớ và GIL riêng.",
                      en="The work split across N processes, each with its own memory and GIL."),
    "asyncio": Text(vi="Một luồng, một vòng lặp sự kiện xen kẽ N tác vụ đang chờ.",
                    en="One thread whose event loop interleaves N waiting tasks."),
    "hybrid": Text(vi="Luồng nhận dữ liệu (I/O) và chuyển cho một pool tiến trình xử lý (CPU).",
                   en="Threads receive the data (I/O) and hand it to a pool of processes (CPU)."),
    "threads-unlocked": Text(vi="N luồng cùng đọc-rồi-ghi một biến đếm, không khóa.",
                             en="N threads read-then-write one counter, without a lock."),
    "threads-locked": Text(vi="Như trên, với threading.Lock bao quanh đọc-và-ghi.",
                           en="The same, with a threading.Lock around the read and the write."),
    "shared-value": Text(vi="N tiến trình cộng vào một multiprocessing.Value (bộ nhớ dùng chung) dưới khóa của nó.",
                         en="N processes add to one multiprocessing.Value (shared memory) under its lock."),
    "single": Text(vi="Một tiến trình huấn luyện trên cả batch, không cần truyền gì: mốc để so sánh.",
                   en="One process trains on the whole batch, nothing to send: the reference."),
    "ring": Text(vi="N tiến trình, mỗi tiến trình tính gradient trên phần batch của mình; cộng gradient "
                    "bằng ring all-reduce qua pipe (reduce-scatter rồi all-gather).",
                 en="N processes each compute the gradient of their shard of the batch, then sum the "
                    "gradients with a ring all-reduce through pipes (reduce-scatter, then all-gather)."),
    "torch-gloo": Text(vi="Cùng việc huấn luyện, gradient được cộng bằng torch.distributed.all_reduce "
                          "(backend gloo); chỉ chạy khi đã cài torch.",
                       en="The same training, gradients summed by torch.distributed.all_reduce (gloo "
                          "backend); runs only when torch is installed."),
    "gpipe": Text(vi="p tiến trình giai đoạn nối bằng pipe: mọi forward của m micro-batch, rồi mọi "
                     "backward. Mỗi forward mất t, backward 2t (thời gian chờ thay cho kernel chạy trên GPU).",
                  en="p stage processes linked by pipes: all m micro-batches' forwards, then all the "
                     "backwards. A forward takes t, a backward 2t (a wait standing for the GPU's kernel)."),
    "1f1b": Text(vi="Cùng các giai đoạn: lấp pipeline, rồi xen kẽ một forward, một backward; mỗi giai đoạn "
                    "giữ activation của tối đa p micro-batch thay vì m.",
                 en="The same stages: fill the pipeline, then alternate one forward and one backward; a "
                    "stage holds the activations of at most p micro-batches instead of m."),
}


SIZE_TITLES: dict[str, Text] = {"small": Text(en="small", vi="nhỏ"), "medium": Text(en="medium", vi="vừa"),
                                 "large": Text(en="large", vi="lớn")}


def size_title(size: str) -> Text:
    """A demo size as the student reads it (the value stays the English id, as `ds-tui demo --size` takes it)."""
    return SIZE_TITLES.get(size, Text(en=size, vi=size))


def mode_title(mode: str) -> Text:
    if mode in MODE_TITLES:
        return MODE_TITLES[mode]
    if mode.startswith("pool-"):
        n = mode.removeprefix("pool-")
        return Text(vi=f"Pool {n} worker", en=f"Pool of {n}")
    return Text(vi=mode, en=mode)


def mode_help(mode: str) -> Text:
    if mode in MODE_HELP:
        return MODE_HELP[mode]
    if mode.startswith("pool-"):
        n = mode.removeprefix("pool-")
        return Text(vi=f"Một producer và {n} tiến trình worker lấy việc từ một hàng đợi.",
                    en=f"A producer and {n} worker process(es) taking tasks from one queue.")
    return Text(vi=mode, en=mode)


def pool_sizes(workers: int) -> list[int]:
    """The worker counts the worker-pool demo compares: 1, 2, 4, ... up to ``workers`` (and it)."""
    sizes = [1]
    while sizes[-1] * 2 <= workers:
        sizes.append(sizes[-1] * 2)
    if sizes[-1] != workers:
        sizes.append(workers)
    return sizes


_DEMOS: tuple[DemoSpec, ...] = (
    DemoSpec(
        "cpu-bound",
        Text(vi="Tác vụ CPU-bound: luồng hay tiến trình", en="CPU-bound work: threads or processes"),
        Text(vi="Đếm số nguyên tố bằng Python thuần: tuần tự, N luồng, N tiến trình.",
             en="Counting primes in pure Python: sequentially, with N threads, with N processes."),
        ("sequential", "threads", "processes"), 4, ("speedup.threads", "speedup.processes"), "cpu_bound",
        Text(vi="số luồng và số tiến trình", en="threads and processes")),
    DemoSpec(
        "io-bound",
        Text(vi="Tác vụ I/O-bound: chờ mạng và đĩa", en="I/O-bound work: waiting for the network and the disk"),
        Text(vi="16 tác vụ chờ (giả lập mạng) rồi ghi-đọc tệp: tuần tự, luồng, tiến trình, asyncio.",
             en="16 tasks that wait (a simulated network) then write and read a file: sequential, threads, "
                "processes, asyncio."),
        ("sequential", "threads", "processes", "asyncio"), 8,
        ("speedup.threads", "speedup.processes", "speedup.asyncio"), "io_bound",
        Text(vi="số luồng, tiến trình, hoặc tác vụ asyncio chạy cùng lúc",
             en="threads, processes, or asyncio tasks at a time")),
    DemoSpec(
        "mixed",
        Text(vi="Kết hợp I/O + CPU: web app xử lý ảnh", en="Mixed I/O + CPU: a web app that processes images"),
        Text(vi="Nhận ảnh tải lên (I/O) rồi làm mờ ảnh (CPU): chỉ luồng, chỉ tiến trình, hay kết hợp.",
             en="Receive an upload (I/O), then blur the image (CPU): threads only, processes only, or both."),
        ("sequential", "threads", "processes", "hybrid"), 4,
        ("speedup.hybrid", "speedup.threads", "speedup.processes"), "mixed",
        Text(vi="số tiến trình xử lý ảnh (số luồng nhận = gấp đôi)",
             en="image-processing processes (receiving threads: twice as many)")),
    DemoSpec(
        "race",
        Text(vi="Tranh chấp dữ liệu (race condition)", en="Race condition"),
        Text(vi="N luồng cùng tăng một biến đếm: không khóa, có khóa; rồi tiến trình và Value dùng chung.",
             en="N threads increment one counter: without a lock, with a lock; then processes and a shared Value."),
        ("threads-unlocked", "threads-locked", "processes", "shared-value"), 4,
        ("lost_updates.unlocked", "lost_updates.locked"), "race",
        Text(vi="số luồng / tiến trình", en="threads / processes"), min_workers=2),
    DemoSpec(
        "isolation",
        Text(vi="Cô lập tiến trình: khi một worker chết", en="Process isolation: when a worker dies"),
        Text(vi="Một worker ném ngoại lệ, một gọi os._exit, một bị kill: tiến trình cha vẫn sống.",
             en="One worker raises, one calls os._exit, one is killed by a signal: the parent lives on."),
        ("processes", "threads"), 4, (), "isolation",
        Text(vi="số worker (ít nhất 4: một khỏe, ba lỗi)", en="workers (at least 4: one healthy, three failing)"),
        min_workers=4),
    DemoSpec(
        "worker-pool",
        Text(vi="Worker pool: hàng đợi và các worker", en="Worker pool: a queue and its workers"),
        Text(vi="Một producer đẩy việc vào hàng đợi, các tiến trình worker lấy ra (như pool prefork của Celery).",
             en="A producer queues tasks, worker processes take them (like Celery's prefork pool)."),
        ("pool-1", "pool-2", "pool-4"), 4, ("throughput.ratio",), "worker_pool",
        Text(vi="số worker lớn nhất (chạy 1, 2, 4, …)", en="the largest pool (runs 1, 2, 4, …)")),
    DemoSpec(
        "allreduce",
        Text(vi="Ring all-reduce: huấn luyện song song dữ liệu", en="Ring all-reduce: data-parallel training"),
        Text(vi="N tiến trình huấn luyện một mạng nơ-ron nhỏ (numpy), cộng gradient bằng ring all-reduce qua pipe.",
             en="N processes train a small neural network (numpy), summing gradients with a ring all-reduce "
                "through pipes."),
        ("single", "ring", "torch-gloo"), 4, ("bytes_ratio",), "allreduce",
        Text(vi="số worker trên vòng", en="workers in the ring"), min_workers=2),
    DemoSpec(
        "pipeline",
        Text(vi="Song song pipeline: GPipe và 1F1B", en="Pipeline parallelism: GPipe and 1F1B"),
        Text(vi="p tiến trình giai đoạn nối bằng pipe chạy m micro-batch; đo bong bóng (thời gian rỗi). Mỗi giai "
                "đoạn thay cho một GPU: phần tính của nó là một khoảng chờ cố định, như CPU chờ kernel chạy trên GPU.",
             en="p stage processes linked by pipes run m micro-batches; the bubble (idle time) is measured. Each "
                "stage stands for a GPU: its compute is a fixed wait, as a CPU waits for the kernel on its GPU."),
        ("gpipe", "1f1b"), 4, ("bubble",), "pipeline",
        Text(vi="số giai đoạn p", en="stages p"), min_workers=2, default_microbatches=4),
)

DEMOS: dict[str, DemoSpec] = {d.id: d for d in _DEMOS}


def demo_modes(demo_id: str, params: DemoParams) -> tuple[str, ...]:
    """The modes a demo will run with these parameters (worker-pool's depend on the workers)."""
    if demo_id == "worker-pool":
        return tuple(f"pool-{n}" for n in pool_sizes(params.workers))
    if demo_id == "allreduce" and not torch_available():
        return tuple(m for m in DEMOS[demo_id].modes if m != "torch-gloo")
    return DEMOS[demo_id].modes


def torch_available() -> bool:
    """Whether torch is installed, for the allreduce demo's torch-gloo run (looked up, not imported)."""
    import importlib.util

    try:
        return importlib.util.find_spec("torch") is not None
    except (ImportError, ValueError):
        return False
