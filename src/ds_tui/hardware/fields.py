"""Every hardware figure's label, unit and one-line meaning, in Vietnamese and English.

The keys are the dotted JSON paths of :func:`ds_tui.hardware.report.as_json` (``gpu.*`` stands for
each entry of ``gpus``). The UI shows ``label`` beside the value and ``meaning`` as the line
"what this means"; the text and Markdown reports print both.
"""

from __future__ import annotations

from dataclasses import dataclass

from ds_tui.i18n import Text
from ds_tui.numbers import decimal, general, localize


@dataclass(frozen=True)
class Field:
    label: Text
    meaning: Text
    unit: str  # "text" | "count" | "cpus" | "mhz" | "bytes" | "caches" | "bool"


def _f(unit: str, label_en: str, label_vi: str, meaning_en: str, meaning_vi: str) -> Field:
    return Field(Text(vi=label_vi, en=label_en), Text(vi=meaning_vi, en=meaning_en), unit)


FIELDS: dict[str, Field] = {
    # CPU ------------------------------------------------------------------------------------------
    "cpu.model": _f("text", "CPU model", "Mẫu CPU",
                    "The processor as the OS names it; look the name up for its cores, clocks and generation.",
                    "Tên bộ xử lý do hệ điều hành báo; tra tên này để biết số lõi, xung nhịp và thế hệ."),
    "cpu.vendor": _f("text", "CPU vendor", "Hãng CPU",
                     "Who designed the processor.",
                     "Hãng thiết kế bộ xử lý."),
    "cpu.architecture": _f("text", "Architecture", "Kiến trúc",
                           "The instruction set: x86_64 and arm64 programs are not interchangeable, so Python "
                           "wheels and Docker images must match it.",
                           "Tập lệnh của CPU: chương trình x86_64 và arm64 không dùng lẫn được, nên wheel Python "
                           "và image Docker phải khớp với nó."),
    "cpu.physical_cores": _f("count", "Physical cores", "Lõi vật lý",
                             "Real cores, each with its own execution units: the ceiling for CPU-bound speedup.",
                             "Lõi thật, mỗi lõi có bộ thực thi riêng: đây là trần tăng tốc của việc nặng CPU."),
    "cpu.logical_cpus": _f("count", "Logical CPUs", "CPU logic",
                           "CPUs the OS can schedule; hardware threads share a core, so CPU-bound speedup tops "
                           "out near the physical cores.",
                           "Số CPU mà hệ điều hành lập lịch được; các luồng phần cứng dùng chung một lõi nên "
                           "việc nặng CPU chỉ tăng tốc tới gần số lõi vật lý."),
    "cpu.affinity_cpus": _f("count", "CPUs allowed (affinity)", "CPU được phép (affinity)",
                            "CPUs this process may run on (its affinity mask or cpuset).",
                            "Số CPU mà tiến trình này được phép chạy trên đó (affinity hoặc cpuset)."),
    "cpu.cpu_quota": _f("cpus", "CPU quota", "Hạn mức CPU",
                        "A container's limit on CPU time, in CPUs: workers beyond it only wait for their turn.",
                        "Giới hạn thời gian CPU của container, tính bằng số CPU: worker vượt quá mức này "
                        "chỉ ngồi chờ lượt."),
    "cpu.usable_cpus": _f("count", "Usable CPUs", "CPU dùng được",
                          "CPUs this program can really use (affinity ∩ quota): a sensible number of worker "
                          "processes.",
                          "Số CPU chương trình này thực sự dùng được (affinity ∩ quota): số tiến trình worker "
                          "hợp lý."),
    "cpu.base_mhz": _f("mhz", "Base clock", "Xung cơ bản",
                       "The clock the CPU is rated to hold under sustained load.",
                       "Xung nhịp mà CPU được thiết kế để giữ khi chạy tải lâu dài."),
    "cpu.max_mhz": _f("mhz", "Max clock", "Xung tối đa",
                      "The turbo clock for short bursts on a few cores; with every core busy it runs lower.",
                      "Xung turbo cho những đợt ngắn trên vài lõi; khi mọi lõi cùng bận, xung sẽ thấp hơn."),
    "cpu.caches": _f("caches", "Caches", "Bộ nhớ đệm (cache)",
                     "Small fast memories beside the cores (size × copies); data that fits in them is read "
                     "many times faster than from RAM.",
                     "Bộ nhớ nhỏ và nhanh nằm sát lõi (dung lượng × số bản); dữ liệu vừa trong cache được "
                     "đọc nhanh hơn từ RAM nhiều lần."),
    "cpu.hypervisor": _f("text", "Virtual machine", "Máy ảo",
                         "Whether the OS runs under a hypervisor; in a VM, cores may be shared with other guests "
                         "and timings vary.",
                         "Hệ điều hành có chạy trên hypervisor không; trong máy ảo, lõi có thể bị chia sẻ với "
                         "máy khác và thời gian đo sẽ dao động."),
    "cpu.container": _f("text", "Container", "Container",
                        "Whether this program runs in a container, which may get fewer CPUs and less RAM than "
                        "the host shows.",
                        "Chương trình có chạy trong container không; container có thể được ít CPU và RAM hơn "
                        "con số của máy chủ."),
    # Memory ---------------------------------------------------------------------------------------
    "memory.total_bytes": _f("bytes", "RAM", "RAM",
                             "Memory the OS can use; when programs need more, it swaps to disk and everything "
                             "slows down.",
                             "Bộ nhớ mà hệ điều hành dùng được; khi chương trình cần nhiều hơn, hệ điều hành "
                             "đẩy sang đĩa (swap) và mọi thứ chậm hẳn."),
    "memory.swap_total_bytes": _f("bytes", "Swap", "Swap",
                                  "Disk space used as overflow for RAM: it keeps programs alive but is far "
                                  "slower than RAM.",
                                  "Vùng đĩa dùng khi RAM tràn: giúp chương trình không bị dừng nhưng chậm hơn "
                                  "RAM rất nhiều."),
    "memory.commit_limit_bytes": _f("bytes", "Commit limit", "Giới hạn commit",
                                    "RAM plus page file: the most memory all programs together may reserve "
                                    "before Windows refuses.",
                                    "RAM cộng page file: tổng bộ nhớ tối đa mọi chương trình được giữ trước "
                                    "khi Windows từ chối cấp thêm."),
    "memory.container_limit_bytes": _f("bytes", "Container memory limit", "Giới hạn RAM của container",
                                       "The most RAM this container may use; past it the kernel kills a "
                                       "process (out of memory).",
                                       "Lượng RAM tối đa container được dùng; vượt quá, nhân hệ điều hành sẽ "
                                       "giết một tiến trình (hết bộ nhớ)."),
    # GPU ------------------------------------------------------------------------------------------
    "gpu.name": _f("text", "GPU", "GPU",
                   "The graphics processor: thousands of simple cores for data-parallel math.",
                   "Bộ xử lý đồ họa: hàng nghìn lõi đơn giản cho tính toán song song dữ liệu."),
    "gpu.vendor": _f("text", "GPU vendor", "Hãng GPU",
                     "Only NVIDIA GPUs run CUDA, which most deep-learning tools expect.",
                     "Chỉ GPU NVIDIA chạy được CUDA, thứ mà phần lớn công cụ học sâu cần."),
    "gpu.vendor_id": _f("text", "PCI vendor id", "Mã hãng PCI",
                        "The PCI id of the maker: identifies the chip even without a name database.",
                        "Mã PCI của hãng: nhận ra chip kể cả khi không có cơ sở dữ liệu tên."),
    "gpu.device_id": _f("text", "PCI device id", "Mã thiết bị PCI",
                        "The PCI id of the chip model.",
                        "Mã PCI của mẫu chip."),
    "gpu.memory_bytes": _f("bytes", "GPU memory", "Bộ nhớ GPU",
                           "The GPU's own memory (VRAM): model weights, activations and the batch must fit in it.",
                           "Bộ nhớ riêng của GPU (VRAM): trọng số mô hình, activation và batch phải vừa trong đó."),
    "gpu.driver": _f("text", "Driver", "Driver",
                     "The driver version; deep-learning frameworks need a recent enough one.",
                     "Phiên bản driver; các framework học sâu cần driver đủ mới."),
    "gpu.cuda": _f("text", "CUDA (driver)", "CUDA (driver)",
                   "The newest CUDA version this driver supports: install a framework build for this version "
                   "or older.",
                   "Phiên bản CUDA mới nhất mà driver hỗ trợ: hãy cài bản framework dành cho phiên bản này "
                   "hoặc cũ hơn."),
    "gpu.cores": _f("count", "GPU cores", "Số lõi GPU",
                    "Parallel cores of the GPU (CUDA cores on NVIDIA, GPU cores on Apple).",
                    "Số lõi song song của GPU (lõi CUDA trên NVIDIA, lõi GPU trên Apple)."),
    # OS -------------------------------------------------------------------------------------------
    "os.name": _f("text", "Operating system", "Hệ điều hành",
                  "The OS decides how processes start (fork on Linux, spawn on Windows and macOS).",
                  "Hệ điều hành quyết định cách tiến trình được tạo (fork trên Linux, spawn trên Windows "
                  "và macOS)."),
    "os.version": _f("text", "Version", "Phiên bản",
                     "The OS (or kernel) version.",
                     "Phiên bản hệ điều hành (hoặc nhân)."),
    "os.build": _f("text", "Build", "Bản dựng (build)",
                   "The OS build number; on Windows, builds from 22000 up are Windows 11.",
                   "Số bản dựng của hệ điều hành; trên Windows, bản dựng từ 22000 trở lên là Windows 11."),
    # Python ---------------------------------------------------------------------------------------
    "python.version": _f("text", "Python", "Python",
                         "The Python that runs ds-tui and its demos.",
                         "Bản Python đang chạy ds-tui và các demo."),
    "python.implementation": _f("text", "Implementation", "Bản cài đặt",
                                "CPython is the reference implementation, the one with the GIL.",
                                "CPython là bản cài đặt chuẩn, bản có GIL."),
    "python.gil_enabled": _f("bool", "GIL enabled", "GIL đang bật",
                             "With the GIL on, one thread runs Python code at a time: threads speed up waiting "
                             "(I/O), not computing.",
                             "Khi GIL bật, mỗi lúc chỉ một luồng chạy mã Python: luồng giúp tăng tốc việc chờ "
                             "(I/O), không tăng tốc việc tính toán."),
    "python.free_threaded_build": _f("bool", "Free-threaded build", "Bản free-threaded",
                                     "A free-threaded build (3.13t, 3.14t) can run Python threads in parallel "
                                     "while its GIL is off.",
                                     "Bản free-threaded (3.13t, 3.14t) chạy được các luồng Python song song khi "
                                     "GIL tắt."),
}


def format_bytes(n: int | float, lang: str = "en") -> str:
    """Binary units, as OS tools show memory: 6442450944 -> "6 GiB", 1310720 -> "1.25 MiB" ("1,25 MiB" in vi)."""
    return localize(_bytes_text(n), lang)


def _bytes_text(n: int | float) -> str:
    value = float(n)
    for unit in ("B", "KiB", "MiB", "GiB", "TiB"):
        if abs(value) < 1024 or unit == "TiB":
            break
        value /= 1024
    if value == int(value):
        return f"{int(value)} {unit}"
    if unit in ("KiB", "MiB"):
        return f"{value:.2f}".rstrip("0").rstrip(".") + f" {unit}"
    return f"{value:.1f} {unit}"


def format_mhz(mhz: float, lang: str = "en") -> str:
    return f"{decimal(mhz / 1000, lang)} GHz" if mhz >= 1000 else f"{mhz:.0f} MHz"


_YES_NO = {"vi": ("có", "không"), "en": ("yes", "no")}


def format_value(key: str, value: object, lang: str = "en") -> str:
    unit = FIELDS[key].unit if key in FIELDS else "text"
    if unit == "bytes" and isinstance(value, int | float):
        return format_bytes(value, lang)
    if unit == "mhz" and isinstance(value, int | float):
        return format_mhz(float(value), lang)
    if unit == "cpus" and isinstance(value, int | float):
        return general(value, lang)
    if unit == "bool" and isinstance(value, bool):
        yes, no = _YES_NO.get(lang, _YES_NO["en"])
        return yes if value else no
    if unit == "caches" and isinstance(value, tuple | list):
        return ", ".join(c.show() for c in value)
    return str(value)
