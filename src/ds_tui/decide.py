"""The decision helper: a few questions about a workload -> thread, process, both or asyncio, with reasons.

Rules follow the decision table of lesson 3 (CPython threading docs, PEP 703 for free-threaded
builds). Plain Python; the UI only asks the questions and shows the answer.
"""

from __future__ import annotations

from dataclasses import dataclass

from ds_tui.i18n import Text


@dataclass(frozen=True)
class Choice:
    id: str
    text: Text


@dataclass(frozen=True)
class Factor:
    id: str
    prompt: Text
    choices: tuple[Choice, ...]
    default: str


FACTORS: tuple[Factor, ...] = (
    Factor("work", Text(vi="Công việc chủ yếu làm gì?", en="What does the work mostly do?"), (
        Choice("wait", Text(vi="Chờ: mạng, đĩa, cơ sở dữ liệu (I/O-bound)",
                            en="Waits: network, disk, database (I/O-bound)")),
        Choice("compute", Text(vi="Tính toán bằng Python thuần (CPU-bound)",
                               en="Computes in pure Python (CPU-bound)")),
        Choice("native", Text(vi="Tính toán trong thư viện C nhả GIL (NumPy, zlib, hashlib)",
                              en="Computes inside a C library that releases the GIL (NumPy, zlib, hashlib)")),
        Choice("mixed", Text(vi="Cả hai: nhận dữ liệu rồi xử lý nặng (vd. upload ảnh rồi resize)",
                             en="Both: receives data, then processes it heavily (e.g. upload, then resize)")),
    ), "wait"),
    Factor("connections", Text(vi="Bao nhiêu việc chờ cùng lúc?", en="How many waits at the same time?"), (
        Choice("few", Text(vi="Vài chục đến vài trăm", en="Tens to a few hundred")),
        Choice("many", Text(vi="Hàng nghìn kết nối, phần lớn nhàn rỗi", en="Thousands of connections, mostly idle")),
    ), "few"),
    Factor("isolation", Text(vi="Có cần cô lập sự cố (mã không tin cậy, thư viện hay sập, cần kill từng việc)?",
                             en="Must failures be contained (untrusted code, a crash-prone library, killing one task)?"), (
        Choice("no", Text(vi="Không", en="No")),
        Choice("yes", Text(vi="Có", en="Yes")),
    ), "no"),
    Factor("sharing", Text(vi="Các worker có cùng sửa một khối dữ liệu lớn không?",
                           en="Do the workers update one large piece of data together?"), (
        Choice("no", Text(vi="Không, mỗi việc độc lập", en="No, each task is independent")),
        Choice("yes", Text(vi="Có", en="Yes")),
    ), "no"),
    Factor("python", Text(vi="Chạy trên Python nào?", en="Which Python runs it?"), (
        Choice("gil", Text(vi="CPython thông thường (có GIL)", en="Standard CPython (with the GIL)")),
        Choice("free-threaded", Text(vi="CPython free-threaded (3.13t, 3.14t)", en="Free-threaded CPython (3.13t, 3.14t)")),
    ), "gil"),
)

MODELS: dict[str, Text] = {
    "thread": Text(vi="Luồng (thread)", en="Threads"),
    "process": Text(vi="Tiến trình (process)", en="Processes"),
    "both": Text(vi="Cả hai: luồng cho I/O, tiến trình cho CPU", en="Both: threads for I/O, processes for CPU"),
    "asyncio": Text(vi="Event loop (asyncio)", en="An event loop (asyncio)"),
}


@dataclass(frozen=True)
class Recommendation:
    model: str  # a key of MODELS
    reasons: tuple[Text, ...]
    caveats: tuple[Text, ...]

    @property
    def title(self) -> Text:
        return MODELS[self.model]


def defaults() -> dict[str, str]:
    return {factor.id: factor.default for factor in FACTORS}


def recommend(answers: dict[str, str]) -> Recommendation:
    """The recommendation for ``answers`` (factor id -> choice id); a missing answer takes its default."""
    a = defaults() | answers
    unknown = {k: v for k, v in a.items() if k not in {f.id for f in FACTORS} or
               v not in {c.id for f in FACTORS if f.id == k for c in f.choices}}
    if unknown:
        raise ValueError(f"unknown answers: {unknown}")
    gil = a["python"] == "gil"
    reasons: list[Text] = []
    caveats: list[Text] = []

    if a["isolation"] == "yes":
        model = "process"
        reasons.append(Text(vi="Mỗi tiến trình có không gian địa chỉ riêng: một worker sập hay bị kill không kéo theo chương trình chính.",
                            en="Each process has its own address space: a worker that crashes or is killed does not take the main program down."))
        if a["work"] in ("wait", "mixed"):
            caveats.append(Text(vi="Bên trong mỗi tiến trình vẫn có thể dùng luồng hoặc asyncio cho phần chờ I/O.",
                                en="Inside each process you can still use threads or asyncio for the waiting part."))
    elif a["work"] == "mixed":
        model = "both"
        reasons.append(Text(vi="Phần chờ (nhận dữ liệu) chạy tốt bằng luồng vì luồng nhả GIL khi chờ; phần tính nặng cần tiến trình để dùng nhiều lõi.",
                            en="The waiting part (receiving data) suits threads, which release the GIL while waiting; the heavy part needs processes to use several cores."))
        if not gil:
            caveats.append(Text(vi="Trên bản free-threaded, luồng cũng tăng tốc phần tính toán; tiến trình vẫn hữu ích nếu cần cô lập.",
                                en="On a free-threaded build threads speed up the computing part too; processes still help if you need isolation."))
    elif a["work"] == "wait":
        if a["connections"] == "many":
            model = "asyncio"
            reasons.append(Text(vi="Hàng nghìn kết nối nhàn rỗi: một event loop giữ chúng rẻ hơn nhiều so với một luồng (có stack riêng) cho mỗi kết nối.",
                                en="Thousands of idle connections: one event loop holds them far more cheaply than a thread (with its own stack) per connection."))
            caveats.append(Text(vi="Không chạy việc nặng CPU trong event loop: nó làm đứng mọi kết nối. Đẩy sang pool tiến trình.",
                                en="Never run CPU-heavy work on the event loop: it stalls every connection. Send it to a process pool."))
        else:
            model = "thread"
            reasons.append(Text(vi="Việc chủ yếu là chờ I/O; luồng nhả GIL khi chờ nên các lần chờ chồng lên nhau và tổng thời gian gần chia cho số luồng.",
                                en="The work mostly waits on I/O; threads release the GIL while waiting, so the waits overlap and the total time divides by about the number of threads."))
    elif a["work"] == "native":
        model = "thread"
        reasons.append(Text(vi="Thư viện C nhả GIL khi tính, nên các luồng chạy song song thật mà không tốn chi phí sao chép dữ liệu giữa tiến trình.",
                            en="The C library releases the GIL while it computes, so threads run truly in parallel without copying data between processes."))
        caveats.append(Text(vi="Chỉ đúng khi thư viện thật sự nhả GIL; hãy đo bằng demo trước khi tin.",
                            en="Only if the library really releases the GIL; measure before you trust it."))
    elif gil:  # pure-Python computing on a GIL build
        model = "process"
        reasons.append(Text(vi="Với GIL, chỉ một luồng chạy bytecode Python mỗi lúc: luồng không tăng tốc tính toán. Mỗi tiến trình có GIL riêng nên dùng được mọi lõi.",
                            en="With the GIL only one thread runs Python bytecode at a time: threads do not speed up computing. Each process has its own GIL, so all cores are used."))
        caveats.append(Text(vi="Tốc độ tăng tối đa bằng số lõi dùng được, và bị luật Amdahl giới hạn bởi phần tuần tự.",
                            en="The speedup is at most the number of usable cores, and Amdahl's law limits it by the serial part."))
    else:
        model = "thread"
        reasons.append(Text(vi="Bản free-threaded không có GIL: luồng tính toán song song trên nhiều lõi và chia sẻ bộ nhớ mà không cần sao chép.",
                            en="A free-threaded build has no GIL: threads compute in parallel on several cores and share memory without copying."))
        caveats.append(Text(vi="Mã đơn luồng chậm hơn khoảng 5–10%, và import một extension chưa hỗ trợ có thể bật lại GIL.",
                            en="Single-threaded code runs about 5–10% slower, and importing an unsupported extension can turn the GIL back on."))

    if a["sharing"] == "yes":
        if model in ("process", "both"):
            caveats.append(Text(vi="Tiến trình không chia sẻ bộ nhớ: dữ liệu chung phải qua hàng đợi, pickle hoặc multiprocessing.shared_memory — hãy chia dữ liệu thành từng phần độc lập nếu có thể.",
                                en="Processes share no memory: shared data must go through queues, pickling or multiprocessing.shared_memory — split the data into independent parts if you can."))
        else:
            caveats.append(Text(vi="Dữ liệu chung giữa các luồng cần khóa (lock) quanh mỗi thao tác đọc-sửa-ghi, kể cả khi có GIL.",
                                en="Data shared between threads needs a lock around every read-modify-write, GIL or not."))
    return Recommendation(model, tuple(reasons), tuple(caveats))
