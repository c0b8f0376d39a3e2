"""What this machine suits, where it hits limits, and what speedup to expect — from the report alone.

Each rule is a small function of the :class:`HardwareReport`; :func:`advise` runs them in order.
The numbers they use come from the report and from FACTS.md: Amdahl's law, the GIL, 16 bytes per
parameter for mixed-precision Adam (ZeRO), no CUDA on integrated GPUs. The pandas rule of thumb
(5–10× a dataset's size in RAM) is Wes McKinney's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ds_tui.hardware.fields import format_bytes
from ds_tui.hardware.model import GIB, HardwareReport
from ds_tui.i18n import Text, many
from ds_tui.numbers import decimal, general

KINDS: tuple[str, ...] = ("suits", "limit", "expect", "note")
KIND_TITLES: dict[str, Text] = {
    "suits": Text(vi="Máy này phù hợp với", en="What this machine suits"),
    "limit": Text(vi="Giới hạn", en="Where it hits limits"),
    "expect": Text(vi="Kỳ vọng tăng tốc", en="What speedup to expect"),
    "note": Text(vi="Ghi chú", en="Notes"),
}

# RAM classes: an "8 GB" machine reports a little less than 8 GiB (firmware and the iGPU keep some).
RAM_8 = 7.5 * GIB
RAM_16 = 15 * GIB
AMDAHL_P = 0.9  # the parallel fraction of the worked example in FACTS.md §4
ADAM_BYTES_PER_PARAM = 16  # fp16 weights + grads, fp32 master weights, momentum, variance (ZeRO)
FP16_BYTES_PER_PARAM = 2


@dataclass(frozen=True)
class Advice:
    id: str  # stable: tests and the UI refer to rules by id
    kind: str  # one of KINDS
    text: Text


def amdahl(p: float, n: float) -> float:
    """Amdahl's law: the speedup on n workers when a fraction p of the work runs in parallel."""
    return 1 / ((1 - p) + p / n)


def _n(x: float, lang: str = "en") -> str:
    """2.0 -> "2", 1.5 -> "1.5" ("1,5" in vi)."""
    return general(x, lang)


def _params(n: float) -> str:
    """A parameter count in words: 402653184 -> "0.4 billion", 3.2e9 -> "3.2 billion"."""
    if n >= 1e9:
        return f"{n / 1e9:.1f} billion"
    return f"{n / 1e6:.0f} million"


def _params_vi(n: float) -> str:
    if n >= 1e9:
        return f"{decimal(n / 1e9, 'vi', 1)} tỷ"
    return f"{n / 1e6:.0f} triệu"


Rule = Callable[[HardwareReport], "list[Advice]"]


# Suits ------------------------------------------------------------------------------------------


def _ram(report: HardwareReport) -> int | None:
    return report.memory.usable_bytes


def rule_web_docker_data(report: HardwareReport) -> list[Advice]:
    ram = _ram(report)
    if ram is None:
        return []
    out: list[Advice] = []
    size, size_vi = format_bytes(ram), format_bytes(ram, "vi")
    vm_note_en = vm_note_vi = ""
    if report.os.family in ("windows", "darwin"):
        vm_note_en = " Docker Desktop runs Linux in a VM that reserves part of this RAM."
        vm_note_vi = " Docker Desktop chạy Linux trong một máy ảo, máy ảo này giữ một phần RAM đó."
    if ram >= RAM_8:
        out.append(Advice("web-dev", "suits", Text(
            vi=f"Lập trình web: trình soạn thảo, trình duyệt và một server chạy thử cùng lúc đều thoải mái với {size_vi} RAM.",
            en=f"Web development: an editor, a browser and a local dev server together run comfortably in {size} of RAM.")))
    if ram >= RAM_16:
        out.append(Advice("docker", "suits", Text(
            vi=f"Docker Compose với nhiều dịch vụ (ứng dụng, cơ sở dữ liệu, cache) chạy song song.{vm_note_vi}",
            en=f"Docker Compose stacks with several services (app, database, cache) side by side.{vm_note_en}")))
    elif ram >= RAM_8:
        out.append(Advice("docker-tight", "limit", Text(
            vi=f"Docker: một hai container thì ổn, nhưng cả một stack có cơ sở dữ liệu sẽ chật trong {size_vi}.{vm_note_vi}",
            en=f"Docker: one or two containers are fine; a whole stack with databases is tight in {size}.{vm_note_en}")))
    low, high = format_bytes(ram // 10), format_bytes(ram // 5)
    low_vi, high_vi = format_bytes(ram // 10, "vi"), format_bytes(ram // 5, "vi")
    data = Text(
        vi=f"Xử lý dữ liệu với pandas trên tập dữ liệu khoảng {low_vi}–{high_vi}: pandas thường cần RAM gấp 5–10 lần "
           f"kích thước dữ liệu (kinh nghiệm của Wes McKinney); lớn hơn thì đọc theo từng phần hoặc dùng Polars/DuckDB.",
        en=f"Data work with pandas on datasets of about {low}–{high}: pandas often needs 5–10× a dataset's size in "
           f"RAM (Wes McKinney's rule of thumb); beyond that, read in chunks or use Polars/DuckDB.")
    out.append(Advice("data", "suits" if ram >= RAM_16 else "limit", data))
    return out


def rule_ram(report: HardwareReport) -> list[Advice]:
    ram = _ram(report)
    if ram is None or ram >= RAM_16:
        return []
    size, size_vi = format_bytes(ram), format_bytes(ram, "vi")
    if ram < RAM_8:
        return [Advice("ram-under-8", "limit", Text(
            vi=f"Chỉ có {size_vi} RAM: IDE, trình duyệt và Docker cùng lúc đã chật; hãy đóng bớt chương trình trước "
               f"các demo dùng nhiều bộ nhớ, nếu không máy sẽ phải swap và chậm hẳn.",
            en=f"Only {size} of RAM: an IDE, a browser and Docker together are already tight; close programs "
               f"before the memory-hungry demos, or the machine will swap and slow down."))]
    return [Advice("ram-under-16", "limit", Text(
        vi=f"{size_vi} RAM đủ cho lập trình web, nhưng Docker với nhiều dịch vụ hay dữ liệu lớn sẽ đẩy máy sang swap.",
        en=f"{size} of RAM is enough for web development, but Docker stacks and large datasets will push it into swap."))]


def rule_gpu(report: HardwareReport) -> list[Advice]:
    out: list[Advice] = []
    cuda = report.cuda_gpus
    if cuda:
        best = max(cuda, key=lambda g: g.memory_bytes.value or 0)
        name = best.name.value or "NVIDIA GPU"
        vram = best.memory_bytes.value
        out.append(Advice("deep-learning-cuda", "suits", Text(
            vi=f"Học sâu với CUDA (PyTorch, TensorFlow) trên {name}.",
            en=f"Deep learning with CUDA (PyTorch, TensorFlow) on the {name}.")))
        if vram:
            train, infer = vram / ADAM_BYTES_PER_PARAM, vram / FP16_BYTES_PER_PARAM
            size, size_vi = format_bytes(vram), format_bytes(vram, "vi")
            out.append(Advice("vram", "limit" if vram < 8 * GIB else "expect", Text(
                vi=f"{size_vi} VRAM: huấn luyện với Adam và mixed precision tốn khoảng 16 byte cho mỗi tham số (bài báo "
                   f"ZeRO), nên chỉ chứa được mô hình tối đa khoảng {_params_vi(train)} tham số, chưa kể activation; "
                   f"suy luận ở fp16 (2 byte mỗi tham số) chứa được khoảng {_params_vi(infer)} tham số.",
                en=f"{size} of VRAM: training with mixed-precision Adam takes about 16 bytes per parameter (the ZeRO "
                   f"paper), so models up to about {_params(train)} parameters fit, before activations; inference in "
                   f"fp16 (2 bytes per parameter) fits about {_params(infer)} parameters.")))
        if best.cuda.value:
            out.append(Advice("cuda-version", "note", Text(
                vi=f"Driver hỗ trợ CUDA tới {best.cuda.value}: hãy cài bản PyTorch dựng cho CUDA {best.cuda.value} "
                   f"hoặc cũ hơn.",
                en=f"The driver supports CUDA up to {best.cuda.value}: install a PyTorch build for CUDA "
                   f"{best.cuda.value} or older.")))
        return out
    nvidia = [g for g in report.gpus if g.vendor.value == "NVIDIA"]
    if nvidia:
        reason = nvidia[0].cuda.missing
        out.append(Advice("nvidia-no-nvml", "note", Text(
            vi=f"Có GPU NVIDIA ({nvidia[0].name.value}) nhưng NVML không trả lời"
               f"{' (' + reason.show('vi') + ')' if reason else ''}: cài hoặc sửa driver NVIDIA để dùng CUDA.",
            en=f"An NVIDIA GPU ({nvidia[0].name.value}) is present but NVML did not answer"
               f"{' (' + reason.show('en') + ')' if reason else ''}: install or repair the NVIDIA driver to use CUDA.")))
        return out
    apple = [g for g in report.gpus if g.unified_memory]
    if apple:
        ram = report.memory.total_bytes.value
        shared = f" {format_bytes(ram)}" if ram else ""
        shared_vi = f" {format_bytes(ram, 'vi')}" if ram else ""
        out.append(Advice("deep-learning-mps", "suits", Text(
            vi=f"Thử nghiệm học sâu cỡ nhỏ với backend MPS của PyTorch trên {apple[0].name.value}; GPU dùng chung"
               f"{shared_vi} bộ nhớ hợp nhất với CPU. Không có CUDA.",
            en=f"Small deep-learning experiments with PyTorch's MPS backend on the {apple[0].name.value}; the GPU "
               f"shares the{shared} of unified memory with the CPU. No CUDA.")))
        return out
    amd = [g for g in report.gpus if g.vendor.value == "AMD" and g.integrated is not True]
    if amd:
        out.append(Advice("no-cuda-amd", "limit", Text(
            vi=f"{amd[0].name.value} không có CUDA: PyTorch hỗ trợ GPU AMD qua ROCm (chủ yếu trên Linux, với các "
               f"card được hỗ trợ); nếu không thì học sâu chạy trên CPU.",
            en=f"The {amd[0].name.value} has no CUDA: PyTorch supports AMD GPUs through ROCm (mainly on Linux, for "
               f"supported cards); otherwise deep learning runs on the CPU.")))
        return out
    if report.gpus:
        names = ", ".join(g.name.value or "?" for g in report.gpus)
        out.append(Advice("no-cuda", "limit", Text(
            vi=f"Chỉ có GPU tích hợp ({names}), không có CUDA: GPU tích hợp chạy được OpenCL, oneAPI hay Vulkan "
               f"compute nhưng không chạy được các bộ công cụ học sâu dựa trên CUDA. Học sâu sẽ chạy trên CPU: đủ "
               f"cho mô hình nhỏ và bài tập, quá chậm để huấn luyện mô hình lớn.",
            en=f"Integrated graphics only ({names}), so no CUDA: integrated GPUs run OpenCL, oneAPI or Vulkan "
               f"compute, not CUDA-based deep-learning stacks. Deep learning runs on the CPU: fine for small models "
               f"and exercises, too slow to train large ones.")))
    else:
        out.append(Advice("no-gpu", "limit", Text(
            vi="Không tìm thấy GPU: học sâu sẽ chạy trên CPU, đủ cho mô hình nhỏ và bài tập, quá chậm để huấn "
               "luyện mô hình lớn (hãy dùng GPU trên cloud, ví dụ Colab).",
            en="No GPU found: deep learning runs on the CPU — fine for small models and exercises, too slow to "
               "train large ones (use a cloud GPU, such as Colab).")))
    return out


# Cores and the speedup to expect ----------------------------------------------------------------


def rule_cores(report: HardwareReport) -> list[Advice]:
    cpu = report.cpu
    out: list[Advice] = []
    bound = cpu.speedup_bound
    logical = cpu.logical_cpus.value
    usable = cpu.usable_cpus.value
    if bound is None:
        return out
    if logical and bound < logical:
        why_en = "container CPU quota" if cpu.cpu_quota.value and cpu.cpu_quota.value < logical else "CPU affinity"
        why_vi = "hạn mức CPU của container" if why_en.startswith("container") else "CPU affinity"
        out.append(Advice("cpu-limited", "limit", Text(
            vi=f"Tiến trình này chỉ dùng được {_n(bound, 'vi')} trong {logical} CPU của máy ({why_vi}): hãy đặt số worker "
               f"theo {usable or _n(bound, 'vi')}, đừng theo os.cpu_count() (hàm này trả {logical}).",
            en=f"This process may use only {_n(bound)} of the machine's {logical} CPUs ({why_en}): size worker pools "
               f"for {usable or _n(bound)}, not os.cpu_count() (which says {logical}).")))
    if bound <= 2:
        out.append(Advice("few-cores", "limit", Text(
            vi=f"Chỉ có {_n(bound, 'vi')} CPU dùng được: demo tiến trình tăng tốc tối đa {_n(bound, 'vi')}×, và giao diện cũng "
               f"phải chia các CPU đó với demo.",
            en=f"Only {many(bound, 'usable CPU', _n(bound))}: the process demos can show at most {_n(bound)}×, and the interface "
               f"shares those CPUs with them.")))
    elif bound >= 8:
        n = usable or int(bound)
        out.append(Advice("parallel-work", "suits", Text(
            vi=f"Công việc song song: biên dịch với make -j{n}, chạy test song song, pool {n} tiến trình.",
            en=f"Parallel work: compiling with make -j{n}, running tests in parallel, a pool of {n} processes.")))
    physical = cpu.physical_cores.value
    cores = min(bound, physical) if physical else bound
    speedup = amdahl(AMDAHL_P, cores)
    out.append(Advice("speedup-cpu", "expect", Text(
        vi=f"Việc nặng CPU chạy bằng nhiều tiến trình tăng tốc tới khoảng {_n(cores, 'vi')} lõi dùng được: tốt nhất là "
           f"{_n(cores, 'vi')}×. Nếu 90% công việc song song được, luật Amdahl cho {decimal(speedup, 'vi', 1)}×.",
        en=f"CPU-bound work in processes scales to about {many(cores, 'usable core', _n(cores))}: at best {_n(cores)}×. If 90% of "
           f"the work runs in parallel, Amdahl's law gives {speedup:.1f}×.")))
    if physical and logical and logical > physical and bound > physical:
        out.append(Advice("smt", "expect", Text(
            vi=f"{logical} CPU logic trên {physical} lõi vật lý: hai luồng phần cứng trên một lõi dùng chung bộ thực "
               f"thi, nên việc nặng CPU tăng tốc gần {physical}× chứ không phải {logical}×.",
            en=f"{logical} logical CPUs on {many(physical, 'physical core')}: two hardware threads on one core share its "
               f"execution units, so CPU-bound work speeds up by close to {physical}×, not {logical}×.")))
    return out


def rule_python(report: HardwareReport) -> list[Advice]:
    gil = report.python.gil_enabled.value
    ft = report.python.free_threaded_build.value
    bound = report.cpu.speedup_bound
    if gil is False:
        up_to = f" {_n(bound)}×" if bound else ""
        return [Advice("free-threaded", "expect", Text(
            vi=f"Python này là bản free-threaded và GIL đang tắt: luồng cũng tăng tốc được việc tính toán bằng Python"
               f" thuần, tới khoảng{up_to or ' số CPU dùng được'}. Các bài học giả định có GIL sẽ ghi rõ điều đó.",
            en=f"This Python is free-threaded with the GIL off: threads can speed up pure-Python computing too, up "
               f"to about{up_to or ' the usable CPUs'}. Lessons that assume the GIL say so."))]
    out = [Advice("gil", "expect", Text(
        vi="Python này có GIL: luồng tăng tốc việc chờ (tải mạng, đọc đĩa, truy vấn cơ sở dữ liệu) nhưng không tăng "
           "tốc việc tính toán bằng Python thuần — việc đó cần nhiều tiến trình.",
        en="This Python has the GIL: threads speed up waiting (downloads, disk, database queries) but not "
           "pure-Python computing — that needs processes."))]
    if ft:
        out.append(Advice("gil-re-enabled", "note", Text(
            vi="Đây là bản free-threaded nhưng GIL đang bật (do PYTHON_GIL=1, -X gil=1, hoặc một extension chưa hỗ "
               "trợ đã bật lại GIL).",
            en="This is a free-threaded build, but the GIL is on now (PYTHON_GIL=1, -X gil=1, or an extension "
               "that is not free-thread-safe turned it back on).")))
    return out


def rule_io(report: HardwareReport) -> list[Advice]:
    bound = report.cpu.speedup_bound
    n = f" {_n(bound)}" if bound else ""
    return [Advice("io-threads", "expect", Text(
        vi=f"Việc chờ I/O (mạng, đĩa) tăng tốc bằng luồng kể cả khi số luồng vượt quá{n} CPU, vì luồng đang chờ "
           f"không dùng CPU.",
        en=f"I/O-bound work (network, disk) speeds up with threads even beyond{n} CPUs, because a waiting thread "
           f"uses no CPU."))]


# Notes ------------------------------------------------------------------------------------------


def rule_environment(report: HardwareReport) -> list[Advice]:
    out: list[Advice] = []
    cpu, mem = report.cpu, report.memory
    if cpu.hypervisor.value:
        named = "" if cpu.hypervisor.value.startswith("unknown") else f" ({cpu.hypervisor.value})"
        out.append(Advice("vm", "note", Text(
            vi=f"Máy chạy trong máy ảo{named}: CPU có thể bị chia sẻ với máy khác nên thời gian đo "
               f"dao động giữa các lần chạy; kích thước cache và xung nhịp có thể là số của hypervisor chứ không phải "
               f"của chip thật.",
            en=f"Running in a virtual machine{named}: its CPUs may be shared with other guests, so "
               f"timings vary between runs; cache sizes and clocks may be the hypervisor's figures, not the chip's.")))
    if cpu.container.value:
        limit = mem.container_limit_bytes.value
        if limit:
            en = f"its memory limit is {format_bytes(limit)}"
            vi = f"giới hạn bộ nhớ của nó là {format_bytes(limit, 'vi')}"
        else:
            en, vi = "no memory limit is set", "không đặt giới hạn bộ nhớ"
        out.append(Advice("container", "note", Text(
            vi=f"Chạy trong container ({cpu.container.value}): tổng RAM mà psutil báo là của máy chủ; {vi}.",
            en=f"Running in a container ({cpu.container.value}): the RAM total psutil reports is the host's; {en}.")))
    if "Rosetta" in (cpu.architecture.value or ""):
        out.append(Advice("rosetta", "note", Text(
            vi="Python này là bản x86_64 chạy qua Rosetta 2 trên Apple Silicon: hãy cài bản Python arm64 để chạy "
               "nhanh hơn và dùng được GPU.",
            en="This Python is an x86_64 build running under Rosetta 2 on Apple Silicon: install the arm64 Python "
               "for full speed and GPU access.")))
    if mem.swap_total_bytes.value == 0 and report.os.family == "linux":
        out.append(Advice("no-swap", "note", Text(
            vi="Không có swap: khi hết RAM, tiến trình bị hệ điều hành giết (OOM) thay vì chạy chậm lại.",
            en="No swap: when RAM runs out, the OS kills a process (out of memory) instead of slowing down.")))
    return out


RULES: tuple[Rule, ...] = (rule_web_docker_data, rule_gpu, rule_ram, rule_cores, rule_python, rule_io,
                           rule_environment)


def advise(report: HardwareReport) -> list[Advice]:
    """All advice for ``report``, grouped by kind in the order of KINDS."""
    items = [a for rule in RULES for a in rule(report)]
    order = {k: i for i, k in enumerate(KINDS)}
    return sorted(items, key=lambda a: order[a.kind])
