"""The static probe: each platform's path with fakes, psutil's None and zeros, and this real machine."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from ds_tui.hardware import probe
from ds_tui.hardware.model import found, missing
from ds_tui.hardware.report import as_json
from ds_tui.lessons.model import Text
from tests.hardware_fixtures import (
    GIB,
    I5_MODEL,
    TWO_NVIDIA,
    FakePsutil,
    Freq,
    WinVer,
    container_v2,
    fake_nvml,
    intel_laptop,
    laptop_registry,
    vm,
)
from tests.test_hardware_macos import M1_PRO_IOREG, M1_PRO_SYSCTL
from tests.test_hardware_windows import FakeKernel32, laptop_buffer

NO_NVIDIA = fake_nvml(init_error="NVMLError_LibraryNotFound")


def fake_os(cpus: int = 8, affinity: set[int] | None = None, sched: bool = True) -> SimpleNamespace:
    ns = SimpleNamespace(cpu_count=lambda: cpus)
    if sched:
        ns.sched_getaffinity = lambda pid: affinity if affinity is not None else set(range(cpus))
    return ns


def no_cpuinfo():
    pytest.fail("py-cpuinfo must not run when the OS names the CPU")


def linux_report(root: Path, **kw):
    args = dict(system="linux", machine="x86_64", psutil_mod=FakePsutil(), root=root, environ={}, nvml=NO_NVIDIA,
                os_mod=fake_os(), cpuinfo=no_cpuinfo)
    args.update(kw)
    return probe.build_report(**args)


# Linux ------------------------------------------------------------------------------------------


def test_linux_laptop(tmp_path):
    report = linux_report(intel_laptop(tmp_path), nvml=fake_nvml(gpus=TWO_NVIDIA[:1]))
    cpu = report.cpu
    assert cpu.model.value == I5_MODEL
    assert (cpu.physical_cores.value, cpu.logical_cpus.value, cpu.usable_cpus.value) == (4, 8, 8)
    assert (cpu.base_mhz.value, cpu.max_mhz.value) == (3100.0, 4400.0)
    assert cpu.caches.show().startswith("L1d 48 KiB × 4")
    assert cpu.hypervisor.value is None and cpu.container.value is None
    assert report.memory.total_bytes.value == 16 * GIB
    assert report.memory.commit_limit_bytes.value is None
    assert report.os.name.value == "Ubuntu 24.04.1 LTS" and report.os.family == "linux"
    assert [g.source for g in report.gpus] == ["NVML", "sysfs /sys/class/drm/card0"]
    assert report.notes == ()


def test_linux_container_usable_cpus_is_affinity_and_quota(tmp_path):
    intel_laptop(tmp_path)
    container_v2(tmp_path)  # cpu.max "200000 100000", memory.max 4 GiB, /.dockerenv
    report = linux_report(tmp_path)
    cpu = report.cpu
    assert cpu.logical_cpus.value == 8 and cpu.affinity_cpus.value == 8
    assert cpu.cpu_quota.value == 2.0 and cpu.usable_cpus.value == 2
    assert "cpu.max" in cpu.usable_cpus.source and "sched_getaffinity" in cpu.usable_cpus.source
    assert cpu.speedup_bound == 2.0
    assert cpu.container.value == "Docker"
    assert report.memory.total_bytes.value == 16 * GIB  # the host's, as psutil says
    assert report.memory.container_limit_bytes.value == 4 * GIB
    assert report.memory.usable_bytes == 4 * GIB


def test_linux_affinity_smaller_than_quota(tmp_path):
    container_v2(intel_laptop(tmp_path), cpu_max="400000 100000")
    report = linux_report(tmp_path, os_mod=fake_os(8, affinity={0, 1, 2}))
    assert report.cpu.usable_cpus.value == 3


def test_linux_vm(tmp_path):
    report = linux_report(vm(tmp_path), psutil_mod=FakePsutil(logical=2, physical=2, freq=Freq(2450.0, 0.0, 0.0)),
                          os_mod=fake_os(2))
    assert report.cpu.hypervisor.value.startswith("QEMU")
    assert report.cpu.max_mhz.value is None  # psutil's max is 0.0 in this VM: not a figure
    assert report.cpu.model.value == "Fixture Virtual CPU @ 2.45GHz"  # the fixture's, never the host's


def test_psutil_returning_none_and_zeros(tmp_path):
    ps = FakePsutil(logical=None, physical=None, freq=None, total=0)
    report = linux_report(intel_laptop(tmp_path), psutil_mod=ps, os_mod=fake_os(8))
    assert report.cpu.logical_cpus.value == 8 and report.cpu.logical_cpus.source == "os.cpu_count()"
    assert report.cpu.physical_cores.value == 4 and "topology" in report.cpu.physical_cores.source
    assert report.memory.total_bytes.value == 16162816 * 1024
    assert report.memory.total_bytes.source == "/proc/meminfo MemTotal"


def test_psutil_none_and_nothing_else_gives_reasons_not_numbers(tmp_path):
    (tmp_path / "proc").mkdir()
    (tmp_path / "proc/cpuinfo").write_text("processor\t: 0\nmodel name\t: Some CPU\n")
    ps = FakePsutil(logical=None, physical=None, freq=Freq(0.0, 0.0, 0.0), total=0)
    report = linux_report(tmp_path, psutil_mod=ps, os_mod=fake_os(0, sched=False))
    cpu = report.cpu
    for reading in (cpu.logical_cpus, cpu.physical_cores, cpu.max_mhz, cpu.base_mhz, cpu.caches,
                    report.memory.total_bytes, cpu.usable_cpus):
        assert reading.value is None, reading
        assert reading.missing is not None and reading.missing.en and reading.missing.vi, reading


def test_psutil_raising_is_survived(tmp_path):
    ps = FakePsutil()

    def broken(*a, **k):
        raise NotImplementedError

    ps.cpu_freq = ps.swap_memory = broken
    report = linux_report(intel_laptop(tmp_path), psutil_mod=ps)
    assert report.memory.swap_total_bytes.value is None
    assert report.cpu.max_mhz.value == 4400.0  # sysfs still gives it


def test_cpuinfo_is_the_last_resort_and_is_noted(tmp_path):
    calls = []

    def fake_cpuinfo():
        calls.append(1)
        return {"brand_raw": "Mystery CPU @ 2.00GHz", "hz_advertised": [2_000_000_000, 0]}

    report = linux_report(tmp_path, cpuinfo=fake_cpuinfo)
    assert calls == [1]
    assert report.cpu.model.value == "Mystery CPU @ 2.00GHz" and "py-cpuinfo" in report.cpu.model.source
    assert report.cpu.base_mhz.value == 2000.0
    assert report.notes[0].step == "py-cpuinfo"


def test_probe_never_imports_cpuinfo_on_a_normal_machine():
    code = ("import sys\nfrom ds_tui.hardware.probe import probe_static\nprobe_static()\n"
            "print('CPUINFO', 'cpuinfo' in sys.modules, 'textual' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    if sys.platform.startswith("linux"):
        assert "CPUINFO False False" in out.stdout, out.stdout + out.stderr
    else:
        assert "False" in out.stdout.split()[-1], out.stdout + out.stderr


# Windows ----------------------------------------------------------------------------------------


def windows_report(build: int = 22631, **kw):
    args = dict(system="windows", machine="AMD64", psutil_mod=FakePsutil(freq=Freq(3110.0, 0.0, 3110.0), affinity=list(range(8))),
                winreg=laptop_registry(), kernel32=FakeKernel32(laptop_buffer()), nvml=fake_nvml(gpus=TWO_NVIDIA[:1]),
                os_mod=fake_os(8, sched=False), sys_mod=SimpleNamespace(getwindowsversion=lambda: WinVer(10, 0, build)),
                cpuinfo=no_cpuinfo)
    args.update(kw)
    return probe.build_report(**args)


def test_windows_11_laptop():
    report = windows_report()
    cpu = report.cpu
    assert cpu.model.value == I5_MODEL and "ProcessorNameString" in cpu.model.source
    assert cpu.base_mhz.value == 3110.0
    assert cpu.max_mhz.value is None and "nominal" in cpu.max_mhz.missing.en
    assert cpu.caches.show() == "L1d 48 KiB × 4, L1i 32 KiB × 4, L2 1.25 MiB × 4, L3 8 MiB × 1"
    assert cpu.affinity_cpus.value == 8 and cpu.affinity_cpus.source == "psutil.Process().cpu_affinity()"
    assert report.memory.commit_limit_bytes.value == 18 * GIB
    assert report.os.name.value == "Windows 11 23H2" and report.os.build.value == "22631"
    assert [g.name.value for g in report.gpus] == ["NVIDIA GeForce RTX 3060 Laptop GPU", "Intel(R) Iris(R) Xe Graphics"]


def test_windows_10():
    report = windows_report(19045, winreg=laptop_registry("22H2"))
    assert report.os.name.value == "Windows 10 22H2"


# macOS ------------------------------------------------------------------------------------------


def test_macos_apple_silicon():
    outputs = {"sysctl": M1_PRO_SYSCTL, "ioreg": M1_PRO_IOREG}
    report = probe.build_report(system="darwin", machine="arm64", psutil_mod=FakePsutil(logical=10, physical=10),
                                runner=lambda args: outputs.get(args[0]), os_mod=fake_os(10, sched=False),
                                cpuinfo=no_cpuinfo)
    assert report.cpu.model.value == "Apple M1 Pro" and report.cpu.vendor.value == "Apple"
    assert report.cpu.affinity_cpus.value is None and report.cpu.usable_cpus.value == 10
    assert report.cpu.base_mhz.value is None
    assert report.os.name.value == "macOS 14.5"
    (gpu,) = report.gpus
    assert gpu.unified_memory and gpu.cores.value == 16


# Python, usable CPUs ----------------------------------------------------------------------------


def test_python_info_free_threaded_build_with_gil_off():
    info = probe.python_info(SimpleNamespace(_is_gil_enabled=lambda: False), lambda name: 1)
    assert info.gil_enabled.value is False and info.gil_enabled.source == "sys._is_gil_enabled()"
    assert info.free_threaded_build.value is True


def test_python_info_before_313_always_has_the_gil():
    info = probe.python_info(SimpleNamespace(), lambda name: None)
    assert info.gil_enabled.value is True and "3.13" in info.gil_enabled.source
    assert info.free_threaded_build.value is False


R = Text(vi="x", en="x")


@pytest.mark.parametrize(("logical", "affinity", "quota", "expected"), [
    (8, 8, None, 8), (8, 8, 2.0, 2), (8, 8, 1.5, 2), (8, 3, 4.0, 3), (8, None, 0.5, 1), (8, None, None, 8),
    (None, None, None, None),
])
def test_usable_cpus(logical, affinity, quota, expected):
    def reading(key, value):
        return found(key, value, "test") if value is not None else missing(key, R, "test")

    usable = probe.usable_cpus(reading("cpu.logical_cpus", logical), reading("cpu.affinity_cpus", affinity),
                               reading("cpu.cpu_quota", quota))
    assert usable.value == expected


# Caching ----------------------------------------------------------------------------------------


def test_probe_static_runs_once_even_from_many_threads(monkeypatch):
    calls = []
    sentinel = object()

    def slow_build():
        calls.append(1)
        time.sleep(0.05)
        return sentinel

    probe.clear_cache()
    monkeypatch.setattr(probe, "build_report", slow_build)
    results = []
    threads = [threading.Thread(target=lambda: results.append(probe.probe_static())) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert calls == [1] and all(r is sentinel for r in results)
    assert probe.cached_report() is sentinel
    probe.clear_cache()
    assert probe.cached_report() is None


# This machine -----------------------------------------------------------------------------------


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="compares with /proc")
def test_this_machine_against_proc():
    probe.clear_cache()
    doc = as_json(probe.probe_static())
    cpuinfo = Path("/proc/cpuinfo").read_text()
    model_lines = [line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if line.startswith("model name")]
    if model_lines:
        assert doc["cpu"]["model"] == model_lines[0]
    mem_kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                  if line.startswith("MemTotal:"))
    assert doc["memory"]["total_bytes"] == mem_kb * 1024
    assert doc["cpu"]["logical_cpus"] == os.cpu_count()
    assert doc["cpu"]["usable_cpus"] <= os.cpu_count()
    assert isinstance(doc["python"]["gil_enabled"], bool)
    assert doc["sources"]["cpu.model"].startswith("/proc/cpuinfo")
    probe.clear_cache()


def test_static_probe_is_fast_enough_for_a_worker():
    probe.clear_cache()
    started = time.perf_counter()
    probe.probe_static()
    assert time.perf_counter() - started < 1.0  # py-cpuinfo alone would take ~1.2 s
    probe.clear_cache()
