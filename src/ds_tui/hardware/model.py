"""The hardware model: frozen dataclasses in which every figure says where it came from.

A figure is a :class:`Reading`: its ``value`` (or ``None``), the ``source`` it was read from
("sysfs /sys/devices/system/cpu/cpu0/cache", "NVML", "Windows registry", ...) and, when the
value is ``None``, a bilingual ``missing`` reason. Nothing here is ever estimated or made up:
a figure the OS does not give is missing, with the reason. Each reading also has a ``key`` into
:data:`ds_tui.hardware.fields.FIELDS`, which gives its label and a one-line "what this means".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from ds_tui.hardware.fields import FIELDS, Field, format_bytes, format_value
from ds_tui.i18n import Text

T = TypeVar("T")

GIB = 1024**3


@dataclass(frozen=True)
class Reading(Generic[T]):
    """One figure: a value and its source, or ``None`` and why it is missing."""

    key: str  # a key of FIELDS, e.g. "cpu.logical_cpus" or "gpu.memory_bytes"
    value: T | None
    source: str
    missing: Text | None = None

    @property
    def ok(self) -> bool:
        return self.value is not None

    @property
    def field(self) -> Field:
        return FIELDS[self.key]

    @property
    def label(self) -> Text:
        return FIELDS[self.key].label

    @property
    def meaning(self) -> Text:
        """One line: what this figure means for the work you run on the machine."""
        return FIELDS[self.key].meaning

    def show(self, lang: str = "en") -> str:
        """The value formatted for people ("16.0 GiB", "4.40 GHz"), or "—" and the reason it is missing."""
        if self.value is None:
            reason = self.missing.show(lang) if self.missing else ""
            return f"— ({reason})" if reason else "—"
        return format_value(self.key, self.value, lang)


def found(key: str, value: T, source: str) -> Reading[T]:
    """A reading with a value; the key must be a known field."""
    if key not in FIELDS:
        raise KeyError(f"unknown hardware field {key!r}")
    return Reading(key, value, source)


def missing(key: str, reason: Text, source: str = "") -> Reading[Any]:
    """A reading without a value: ``reason`` says why (both languages)."""
    if key not in FIELDS:
        raise KeyError(f"unknown hardware field {key!r}")
    return Reading(key, None, source, reason)


def first(*readings: Reading[T]) -> Reading[T]:
    """The first reading that has a value, else the first one (its reason explains the gap)."""
    for reading in readings:
        if reading.value is not None:
            return reading
    return readings[0]


# Reasons a figure may be missing, shared by the probes ------------------------------------------

NOT_ON_THIS_OS = Text(vi="không có trên hệ điều hành này", en="not available on this OS")
NOT_EXPOSED = Text(vi="hệ điều hành không cung cấp số liệu này ở đây (thường gặp trong máy ảo và container)",
                   en="the OS does not expose this here (common in VMs and containers)")
NO_LIMIT = Text(vi="không đặt giới hạn", en="no limit set")
NOT_IN_CONTAINER = Text(vi="không chạy trong container", en="not running in a container")
NO_HYPERVISOR = Text(vi="không thấy hypervisor: máy thật", en="no hypervisor detected: bare metal")
NO_CUDA = Text(vi="không phải GPU NVIDIA: không có CUDA", en="not an NVIDIA GPU: no CUDA")


# Structures -------------------------------------------------------------------------------------

CACHE_TYPES: tuple[str, ...] = ("data", "instruction", "unified")


@dataclass(frozen=True)
class Cache:
    """One kind of cache: ``instances`` copies of ``size_bytes`` each (shown "48 KiB × 4")."""

    level: int
    type: str  # "data" | "instruction" | "unified"
    size_bytes: int
    instances: int | None  # None where the OS does not say how many copies exist
    scope: str | None = None  # e.g. "Performance" / "Efficiency" cores on Apple Silicon

    @property
    def name(self) -> str:
        """"L1d", "L1i", "L2", ... as lscpu names them."""
        suffix = {"data": "d", "instruction": "i"}.get(self.type, "")
        return f"L{self.level}{suffix}"

    def show(self) -> str:
        size = format_bytes(self.size_bytes)
        text = f"{size} × {self.instances}" if self.instances else size
        return f"{self.name} {text}" + (f" ({self.scope})" if self.scope else "")


@dataclass(frozen=True)
class CPU:
    model: Reading[str]
    vendor: Reading[str]
    architecture: Reading[str]
    physical_cores: Reading[int]
    logical_cpus: Reading[int]
    affinity_cpus: Reading[int]  # CPUs this process may be scheduled on (affinity mask / cpuset)
    cpu_quota: Reading[float]  # cgroup quota in CPUs (e.g. 2.0 from cpu.max "200000 100000")
    usable_cpus: Reading[int]  # affinity ∩ quota (quota rounded up): workers worth starting
    base_mhz: Reading[float]
    max_mhz: Reading[float]
    caches: Reading[tuple[Cache, ...]]
    hypervisor: Reading[str]
    container: Reading[str]

    @property
    def speedup_bound(self) -> float | None:
        """The most a CPU-bound job can gain from parallel workers here: min(affinity, quota)."""
        bounds = [r.value for r in (self.affinity_cpus, self.cpu_quota) if r.value]
        if not bounds and self.logical_cpus.value:
            bounds = [self.logical_cpus.value]
        return float(min(bounds)) if bounds else None


@dataclass(frozen=True)
class Memory:
    total_bytes: Reading[int]
    swap_total_bytes: Reading[int]
    commit_limit_bytes: Reading[int]  # Windows: RAM + page file, the most all programs may commit
    container_limit_bytes: Reading[int]  # cgroup memory.max / memory.limit_in_bytes

    @property
    def usable_bytes(self) -> int | None:
        """The RAM this process can count on: the host total, or the container limit when lower."""
        values = [r.value for r in (self.total_bytes, self.container_limit_bytes) if r.value]
        return min(values) if values else None


@dataclass(frozen=True)
class GPU:
    name: Reading[str]
    vendor: Reading[str]
    vendor_id: Reading[str]  # "0x10de"
    device_id: Reading[str]  # "0x2520"
    memory_bytes: Reading[int]
    driver: Reading[str]
    cuda: Reading[str]  # the highest CUDA version the driver supports, e.g. "12.7"
    cores: Reading[int]
    source: str  # the step of the GPU chain that found it: "NVML", "sysfs /sys/class/drm/card1", ...
    integrated: bool | None = None  # None: cannot tell
    unified_memory: bool = False  # Apple Silicon: CPU and GPU share the RAM
    bus_id: str | None = None  # PCI address "0000:01:00.0" where known

    @property
    def has_cuda(self) -> bool:
        return self.cuda.value is not None

    @property
    def dedicated(self) -> bool:
        return self.integrated is False


@dataclass(frozen=True)
class ProbeNote:
    """What one step of a probe chain found (or why it found nothing)."""

    step: str  # "NVML", "sysfs /sys/class/drm", "Windows registry", ...
    text: Text


@dataclass(frozen=True)
class OSInfo:
    family: str  # "linux" | "windows" | "darwin" | other platform.system().lower()
    name: Reading[str]  # "Ubuntu 24.04.1 LTS", "Windows 11", "macOS 14.5"
    version: Reading[str]  # kernel release, "10.0.22631", "14.5"
    build: Reading[str]  # "22631", "23F79"


@dataclass(frozen=True)
class PythonInfo:
    version: Reading[str]
    implementation: Reading[str]
    gil_enabled: Reading[bool]
    free_threaded_build: Reading[bool]


@dataclass(frozen=True)
class HardwareReport:
    cpu: CPU
    memory: Memory
    gpus: tuple[GPU, ...]
    os: OSInfo
    python: PythonInfo
    gpu_notes: tuple[ProbeNote, ...] = ()
    probed_at: float = 0.0  # time.time() when probed
    probe_seconds: float = 0.0
    notes: tuple[ProbeNote, ...] = field(default=())  # other remarks (e.g. the py-cpuinfo fallback was used)

    @property
    def dedicated_gpus(self) -> tuple[GPU, ...]:
        return tuple(g for g in self.gpus if g.dedicated)

    @property
    def cuda_gpus(self) -> tuple[GPU, ...]:
        return tuple(g for g in self.gpus if g.has_cuda)
