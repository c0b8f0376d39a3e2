"""Fixed reports for snapshots, docs and tests: no probing, the same on every machine.

``example_laptop()`` is the laptop of the course notes (FACTS.md §6): Intel Core i5-11300H (4 cores,
8 threads, 3.1 GHz base at 35 W, 4.4 GHz turbo, 8 MB L3, Iris Xe) with an RTX 3060 Laptop GPU
(6 GB), on Windows 11. Every source says "example", so nobody mistakes it for a measurement.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ds_tui.hardware.model import (
    CPU,
    GIB,
    GPU,
    NO_CUDA,
    NO_HYPERVISOR,
    Cache,
    HardwareReport,
    Memory,
    OSInfo,
    ProbeNote,
    PythonInfo,
    found,
    missing,
)
from ds_tui.i18n import Text

if TYPE_CHECKING:
    from ds_tui.hardware.sampler import Sample

EXAMPLE = "example (the laptop of the course notes, not probed)"
MIB = 1024**2
KIB = 1024


def example_laptop(*, gil: bool = True) -> HardwareReport:
    cpu = CPU(
        model=found("cpu.model", "11th Gen Intel(R) Core(TM) i5-11300H @ 3.10GHz", EXAMPLE),
        vendor=found("cpu.vendor", "Intel", EXAMPLE),
        architecture=found("cpu.architecture", "AMD64", EXAMPLE),
        physical_cores=found("cpu.physical_cores", 4, EXAMPLE),
        logical_cpus=found("cpu.logical_cpus", 8, EXAMPLE),
        affinity_cpus=found("cpu.affinity_cpus", 8, EXAMPLE),
        cpu_quota=missing("cpu.cpu_quota", Text(vi="chỉ đọc trên Linux (cgroup)", en="only read on Linux (cgroups)"),
                          EXAMPLE),
        usable_cpus=found("cpu.usable_cpus", 8, EXAMPLE),
        base_mhz=found("cpu.base_mhz", 3100.0, EXAMPLE),
        max_mhz=found("cpu.max_mhz", 4400.0, EXAMPLE),
        caches=found("cpu.caches", (
            Cache(1, "data", 48 * KIB, 4), Cache(1, "instruction", 32 * KIB, 4),
            Cache(2, "unified", 1280 * KIB, 4), Cache(3, "unified", 8 * MIB, 1),
        ), EXAMPLE),
        hypervisor=missing("cpu.hypervisor", NO_HYPERVISOR, EXAMPLE),
        container=missing("cpu.container", Text(vi="chỉ dò container trên Linux",
                                                en="containers are only detected on Linux"), EXAMPLE),
    )
    memory = Memory(
        total_bytes=found("memory.total_bytes", 16 * GIB, EXAMPLE),
        swap_total_bytes=found("memory.swap_total_bytes", 2 * GIB, EXAMPLE),
        commit_limit_bytes=found("memory.commit_limit_bytes", 18 * GIB, EXAMPLE),
        container_limit_bytes=missing("memory.container_limit_bytes",
                                      Text(vi="chỉ đọc trên Linux (cgroup)", en="only read on Linux (cgroups)"), EXAMPLE),
    )
    rtx = GPU(
        name=found("gpu.name", "NVIDIA GeForce RTX 3060 Laptop GPU", EXAMPLE),
        vendor=found("gpu.vendor", "NVIDIA", EXAMPLE),
        vendor_id=found("gpu.vendor_id", "0x10de", EXAMPLE),
        device_id=found("gpu.device_id", "0x2520", EXAMPLE),
        memory_bytes=found("gpu.memory_bytes", 6 * GIB, EXAMPLE),
        driver=found("gpu.driver", "566.36", EXAMPLE),
        cuda=found("gpu.cuda", "12.7", EXAMPLE),
        cores=found("gpu.cores", 3840, EXAMPLE),
        source="NVML",
        integrated=False,
        bus_id="0000:01:00.0",
    )
    iris = GPU(
        name=found("gpu.name", "Intel(R) Iris(R) Xe Graphics", EXAMPLE),
        vendor=found("gpu.vendor", "Intel", EXAMPLE),
        vendor_id=found("gpu.vendor_id", "0x8086", EXAMPLE),
        device_id=found("gpu.device_id", "0x9a49", EXAMPLE),
        memory_bytes=found("gpu.memory_bytes", 128 * MIB, EXAMPLE),
        driver=found("gpu.driver", "31.0.101.4502", EXAMPLE),
        cuda=missing("gpu.cuda", NO_CUDA, EXAMPLE),
        cores=missing("gpu.cores", Text(vi="không có", en="not exposed"), EXAMPLE),
        source="Windows registry",
        integrated=True,
    )
    return HardwareReport(
        cpu=cpu, memory=memory, gpus=(rtx, iris),
        os=OSInfo("windows", found("os.name", "Windows 11 23H2", EXAMPLE), found("os.version", "10.0.22631.4317", EXAMPLE),
                  found("os.build", "22631", EXAMPLE)),
        python=PythonInfo(
            version=found("python.version", "3.12.7", EXAMPLE),
            implementation=found("python.implementation", "CPython", EXAMPLE),
            gil_enabled=found("python.gil_enabled", gil, EXAMPLE),
            free_threaded_build=found("python.free_threaded_build", not gil, EXAMPLE),
        ),
        gpu_notes=(ProbeNote("NVML", Text(vi="1 GPU NVIDIA, driver 566.36, CUDA 12.7",
                                          en="1 NVIDIA GPU, driver 566.36, CUDA 12.7")),),
        probed_at=1_735_689_600.0,  # 2025-01-01T00:00:00Z
        probe_seconds=0.0,
    )


def example_sample() -> Sample:
    """One 1 Hz sample of that laptop while it works: 8 CPUs at mixed loads, 10 of 16 GiB in use."""
    from ds_tui.hardware.sampler import GpuSample, Sample  # lazy: the sampler (psutil) is kept out of the first frame

    return Sample(timestamp=1_735_689_601.0, monotonic=0.0,
                  per_cpu_percent=(12.0, 85.0, 40.0, 3.0, 55.0, 100.0, 0.0, 27.0), clock_mhz=2900.0,
                  memory_used_bytes=10 * GIB, memory_available_bytes=6 * GIB, memory_total_bytes=16 * GIB,
                  swap_used_bytes=GIB // 2,
                  gpus=(GpuSample(0, "NVIDIA GeForce RTX 3060 Laptop GPU", 37.0, 2 * GIB, 6 * GIB, 54.0, 31.0,
                                  "example"),))
