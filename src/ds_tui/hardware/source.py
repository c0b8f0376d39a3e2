"""Where a view reads the machine from: this machine (``LiveMachine``) or a recorded one
(``RecordedMachine``: the course notes' laptop for snapshots, tests and examples).

Everything the interface shows about the machine — the static report, the 1 Hz samples, the cores a
demo may use — comes through one of these, so a view can be shown the same on every computer.
Plain Python: nothing here imports Textual.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from msgspec import Struct

if TYPE_CHECKING:
    from ds_tui.hardware.model import HardwareReport
    from ds_tui.hardware.sampler import Sample


class Stoppable(Protocol):
    def stop(self, timeout: float | None = None) -> None: ...


class MachineSource(Protocol):
    def probe(self) -> HardwareReport:
        """The static report; may take a while on a live machine: call it off the UI thread."""
        ...

    def start_sampler(self, interval_s: float, on_sample: Callable[[Sample], None]) -> Stoppable:
        """Deliver samples to ``on_sample`` (from any thread) until ``stop()``."""
        ...

    def usable_cores(self) -> int:
        """Worker processes worth starting for CPU-bound work."""
        ...

    def start_methods(self) -> tuple[str, ...]:
        """How this machine's Python can start a process, its default first."""
        ...


class LiveMachine:
    """This computer, probed and sampled for real."""

    def probe(self) -> HardwareReport:
        # lazy: the probe and its readers load in the probe's worker thread
        from ds_tui.hardware.probe import probe_static

        return probe_static()

    def start_sampler(self, interval_s: float, on_sample: Callable[[Sample], None]) -> Stoppable:
        # lazy: the sampler (psutil) starts only on a screen that shows it
        from ds_tui.hardware.sampler import SamplerThread

        return SamplerThread(interval_s, on_sample).start()

    def usable_cores(self) -> int:
        # lazy: multiprocessing and psutil are kept out of the first frame
        from ds_tui.demos.machine import usable_cores

        return usable_cores()

    def start_methods(self) -> tuple[str, ...]:
        import multiprocessing  # lazy: multiprocessing stays out of the first frame

        from ds_tui.demos.machine import default_start_method

        default = default_start_method()
        return (default, *(m for m in multiprocessing.get_all_start_methods() if m != default))


class _Done:
    def stop(self, timeout: float | None = None) -> None:
        return None


class RecordedMachine(Struct, frozen=True):
    """A machine described once: the same report, the same sample, the same cores everywhere."""

    report: HardwareReport
    sample: Sample

    def probe(self) -> HardwareReport:
        return self.report

    def start_sampler(self, interval_s: float, on_sample: Callable[[Sample], None]) -> Stoppable:
        on_sample(self.sample)  # one sample: a recording does not change
        return _Done()

    def usable_cores(self) -> int:
        value = self.report.cpu.usable_cpus.value
        return int(value) if value else 1

    def start_methods(self) -> tuple[str, ...]:
        """What that machine's OS offers (Windows: spawn only; macOS: spawn first; Linux: fork first
        before Python 3.14), limited to what this Python can do so that a demo still runs here."""
        import multiprocessing  # lazy: multiprocessing stays out of the first frame

        offered = {"windows": ("spawn",), "darwin": ("spawn", "fork", "forkserver")}.get(
            self.report.os.family, ("fork", "spawn", "forkserver"))
        here = set(multiprocessing.get_all_start_methods())
        return tuple(m for m in offered if m in here) or ("spawn",)


def example_machine() -> RecordedMachine:
    """The course notes' laptop (i5-11300H, RTX 3060 Laptop GPU) with one fixed, busy-ish sample."""
    # lazy: the recorded machine is for tests and examples only
    from ds_tui.hardware.examples import example_laptop, example_sample

    return RecordedMachine(example_laptop(), example_sample())
