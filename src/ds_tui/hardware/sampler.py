"""Live figures, once a second: per-core CPU usage, clock, memory, swap and GPUs.

``psutil.cpu_percent`` keeps its "since the last call" state per thread, and its first call on a
thread returns zeros. So a :class:`Sampler` remembers the thread of its first ``sample()`` and
refuses any other, and its first sample has no CPU figures (``per_cpu_percent is None``) — it only
primes the counters. :class:`SamplerThread` owns one Sampler on its own daemon thread, primes it
at start, calls back with each :class:`Sample` and keeps a short history for the UI.

The callback runs on the sampler thread: a Textual app passes something that uses
``post_message`` (thread-safe) or ``call_from_thread``.
"""

from __future__ import annotations

import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ds_tui.hardware.nvml import NvmlSampler


@dataclass(frozen=True)
class GpuSample:
    index: int
    name: str | None
    utilization_percent: float | None
    memory_used_bytes: int | None
    memory_total_bytes: int | None
    temperature_c: float | None
    power_w: float | None
    source: str  # "NVML" or "sysfs /sys/class/drm/card1/device"


@dataclass(frozen=True)
class Sample:
    timestamp: float  # time.time()
    monotonic: float  # time.monotonic(), for intervals
    per_cpu_percent: tuple[float, ...] | None  # None on the first (priming) sample
    clock_mhz: float | None  # current clock (Linux: the average over CPUs); None where unreadable, and on
    # Windows, where psutil gives only the fixed nominal clock, not the current one
    memory_used_bytes: int | None
    memory_available_bytes: int | None
    memory_total_bytes: int | None
    swap_used_bytes: int | None
    gpus: tuple[GpuSample, ...] = ()

    @property
    def cpu_percent(self) -> float | None:
        """Mean usage over all CPUs, 0–100."""
        if not self.per_cpu_percent:
            return None
        return sum(self.per_cpu_percent) / len(self.per_cpu_percent)


def _call(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    try:
        return fn(*args, **kwargs)
    except Exception:  # a sensor that fails once must not stop the sampler
        return None


class DrmGpus:
    """Live figures of AMD cards from sysfs (utilization, VRAM used, temperature, power)."""

    def __init__(self, root: Path = Path("/")) -> None:
        from ds_tui.hardware.linux_gpus import drm_gpu_sample  # lazy: Linux only

        self._sample = drm_gpu_sample
        self.cards: list[Path] = []
        base = root / "sys/class/drm"
        for card in sorted(base.glob("card[0-9]*")) if base.is_dir() else []:
            device = card / "device"
            if card.name[4:].isdigit() and (device / "gpu_busy_percent").exists():
                self.cards.append(device)

    def sample(self) -> list[dict[str, Any]]:
        out = []
        for device in self.cards:
            figures = self._sample(device)
            total = None
            try:
                total = int((device / "mem_info_vram_total").read_text().strip())
            except (OSError, ValueError):
                pass
            out.append({**figures, "memory_total_bytes": total, "source": f"sysfs {device}"})
        return out


class Sampler:
    """Takes samples; always call :meth:`sample` from the same thread (psutil's state is per thread)."""

    def __init__(self, psutil_mod: Any = None, *, gpus: bool = True, nvml: Any = None,
                 drm_root: Path | None = Path("/"), live_clock: bool | None = None) -> None:
        if psutil_mod is None:
            import psutil as psutil_mod  # lazy: psutil stays out of the first frame
        self._ps = psutil_mod
        self._gpus_wanted = gpus
        self._nvml_module = nvml
        self._drm_root = drm_root
        self._nvml: NvmlSampler | None = None
        self._drm: DrmGpus | None = None
        self._thread: int | None = None
        self._live_clock = sys.platform != "win32" if live_clock is None else live_clock

    @property
    def primed(self) -> bool:
        return self._thread is not None

    def _check_thread(self) -> bool:
        """True on the first call (which primes); raises when called from another thread later."""
        me = threading.get_ident()
        if self._thread is None:
            self._thread = me
            return True
        if self._thread != me:
            raise RuntimeError("Sampler.sample() must always be called from the thread that called it first "
                               "(psutil.cpu_percent keeps its state per thread)")
        return False

    def _open_gpus(self) -> None:
        if not self._gpus_wanted:
            return
        nv = NvmlSampler(self._nvml_module)
        if nv.open():
            self._nvml = nv
        if self._drm_root is not None:
            drm = DrmGpus(self._drm_root)
            if drm.cards:
                self._drm = drm

    def prime(self) -> None:
        """Start the CPU counters (and open NVML) on the calling thread; the next sample measures from here."""
        if self._check_thread():
            self._ps.cpu_percent(percpu=True)
            self._open_gpus()

    def sample(self) -> Sample:
        first = self._check_thread()
        per_cpu = self._ps.cpu_percent(percpu=True)
        if first:
            self._open_gpus()
        ps = self._ps
        freq = _call(ps.cpu_freq) if self._live_clock else None
        vm = _call(ps.virtual_memory)
        swap = _call(ps.swap_memory)
        clock = getattr(freq, "current", None) if freq is not None else None
        gpus: list[GpuSample] = []
        if self._nvml is not None:
            for i, figures in enumerate(self._nvml.sample()):
                name = self._nvml.names[i] if i < len(self._nvml.names) else None
                gpus.append(GpuSample(i, name, figures["utilization_percent"], figures["memory_used_bytes"],
                                      figures["memory_total_bytes"], figures["temperature_c"], figures["power_w"],
                                      "NVML"))
        if self._drm is not None:
            for drm in self._drm.sample():
                gpus.append(GpuSample(len(gpus), None, drm["utilization_percent"], drm["memory_used_bytes"],
                                      drm["memory_total_bytes"], drm["temperature_c"], drm["power_w"],
                                      drm["source"]))
        return Sample(
            timestamp=time.time(),
            monotonic=time.monotonic(),
            per_cpu_percent=None if first else tuple(float(x) for x in per_cpu),
            clock_mhz=float(clock) if clock else None,
            memory_used_bytes=int(vm.used) if vm is not None else None,
            memory_available_bytes=int(vm.available) if vm is not None else None,
            memory_total_bytes=int(vm.total) if vm is not None else None,
            swap_used_bytes=int(swap.used) if swap is not None else None,
            gpus=tuple(gpus),
        )

    def close(self) -> None:
        if self._nvml is not None:
            self._nvml.close()
            self._nvml = None


class SamplerThread:
    """Samples every ``interval_s`` on a daemon thread; ``callback(sample)`` runs on that thread.

    ``history`` keeps the last ``history_size`` samples (the priming sample is not kept).
    ``stop()`` ends the thread within one interval and closes NVML.
    """

    def __init__(self, interval_s: float = 1.0, callback: Callable[[Sample], None] | None = None, *,
                 history_size: int = 120, sampler_factory: Callable[[], Sampler] | None = None,
                 name: str = "ds-tui-sampler") -> None:
        if interval_s <= 0:
            raise ValueError("interval_s must be positive")
        self.interval_s = interval_s
        self.callback = callback
        self._factory = sampler_factory or Sampler
        self._history: deque[Sample] = deque(maxlen=history_size)
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self.error: BaseException | None = None  # what stopped the thread, if anything did
        self.callback_error: Exception | None = None  # the last exception the callback raised

    def start(self) -> SamplerThread:
        self._thread.start()
        return self

    def stop(self, timeout: float | None = None) -> None:
        self._stop.set()
        if self._thread.is_alive() and threading.current_thread() is not self._thread:
            self._thread.join(self.interval_s + 5 if timeout is None else timeout)

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    @property
    def history(self) -> tuple[Sample, ...]:
        with self._lock:
            return tuple(self._history)

    @property
    def latest(self) -> Sample | None:
        with self._lock:
            return self._history[-1] if self._history else None

    def _run(self) -> None:
        sampler: Sampler | None = None
        try:
            sampler = self._factory()
            sampler.sample()  # primes cpu_percent (and opens NVML) on this thread
            next_at = time.monotonic() + self.interval_s
            while not self._stop.wait(max(0.0, next_at - time.monotonic())):
                next_at += self.interval_s
                if next_at < time.monotonic():  # fell behind (suspend, a slow sensor): do not burst
                    next_at = time.monotonic() + self.interval_s
                sample = sampler.sample()
                with self._lock:
                    self._history.append(sample)
                if self.callback is not None:
                    try:
                        self.callback(sample)
                    except Exception as error:  # noqa: BLE001 — a UI that went away must not stop sampling
                        self.callback_error = error
        except BaseException as error:  # noqa: BLE001 — kept for the UI to show; the thread just ends
            self.error = error
        finally:
            if sampler is not None:
                sampler.close()
