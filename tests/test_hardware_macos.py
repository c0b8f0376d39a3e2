"""macOS probes from recorded sysctl, ioreg and system_profiler output."""

from __future__ import annotations

import json

import pytest

from ds_tui.hardware import macos
from ds_tui.hardware.model import Cache

KIB, MIB, GIB = 1024, 1024**2, 1024**3

M1_PRO_SYSCTL = """machdep.cpu.brand_string: Apple M1 Pro
hw.physicalcpu: 10
hw.logicalcpu: 10
hw.memsize: 17179869184
hw.l1dcachesize: 65536
hw.l1icachesize: 131072
hw.l2cachesize: 4194304
hw.cacheconfig: 10 1 2 0 0 0 0 0 0 0
hw.optional.arm64: 1
hw.nperflevels: 2
sysctl.proc_translated: 0
kern.hv_vmm_present: 0
kern.osproductversion: 14.5
kern.osversion: 23F79
hw.perflevel0.name: Performance
hw.perflevel0.physicalcpu: 8
hw.perflevel0.logicalcpu: 8
hw.perflevel0.l1dcachesize: 131072
hw.perflevel0.l1icachesize: 196608
hw.perflevel0.l2cachesize: 12582912
hw.perflevel0.cpusperl2: 4
hw.perflevel1.name: Efficiency
hw.perflevel1.physicalcpu: 2
hw.perflevel1.logicalcpu: 2
hw.perflevel1.l1dcachesize: 65536
hw.perflevel1.l1icachesize: 131072
hw.perflevel1.l2cachesize: 4194304
hw.perflevel1.cpusperl2: 2
"""

INTEL_MAC_SYSCTL = """machdep.cpu.brand_string: Intel(R) Core(TM) i7-9750H CPU @ 2.60GHz
machdep.cpu.vendor: GenuineIntel
hw.physicalcpu: 6
hw.logicalcpu: 12
hw.memsize: 17179869184
hw.l1dcachesize: 32768
hw.l1icachesize: 32768
hw.l2cachesize: 262144
hw.l3cachesize: 12582912
hw.cacheconfig: 12 2 2 12 0 0 0 0 0 0
hw.cpufrequency: 2600000000
hw.cpufrequency_max: 2600000000
hw.optional.arm64: 0
sysctl.proc_translated: 0
kern.hv_vmm_present: 0
kern.osproductversion: 13.6.7
kern.osversion: 22G720
"""

M1_PRO_IOREG = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<array>
\t<dict>
\t\t<key>CFBundleIdentifier</key>
\t\t<string>com.apple.AGXG13X</string>
\t\t<key>IOClass</key>
\t\t<string>AGXAcceleratorG13X</string>
\t\t<key>PerformanceStatistics</key>
\t\t<dict>
\t\t\t<key>Device Utilization %</key>
\t\t\t<integer>3</integer>
\t\t\t<key>In use system memory</key>
\t\t\t<integer>412418048</integer>
\t\t</dict>
\t\t<key>gpu-core-count</key>
\t\t<integer>16</integer>
\t\t<key>model</key>
\t\t<string>Apple M1 Pro</string>
\t</dict>
</array>
</plist>
"""

INTEL_MAC_PROFILER = json.dumps({"SPDisplaysDataType": [
    {"_name": "kHW_AMDRadeonPro5300MItem", "sppci_model": "AMD Radeon Pro 5300M", "spdisplays_vram": "4 GB",
     "spdisplays_vendor": "sppci_vendor_amd", "spdisplays_device-id": "0x7340", "sppci_bus": "spdisplays_pcie_device"},
    {"_name": "kHW_IntelUHDGraphics630Item", "sppci_model": "Intel UHD Graphics 630",
     "spdisplays_vram_shared": "1536 MB", "spdisplays_vendor": "sppci_vendor_intel",
     "spdisplays_device-id": "0x3e9b", "sppci_bus": "spdisplays_builtin"},
]})


def runner_for(outputs: dict[str, str | None]):
    calls = []

    def run(args):
        calls.append(list(args))
        return outputs.get(args[0])

    run.calls = calls
    return run


def test_one_sysctl_call_reads_every_key():
    run = runner_for({"sysctl": M1_PRO_SYSCTL})
    values = macos.sysctl_values(run)
    assert len(run.calls) == 1 and "-n" not in run.calls[0]
    assert values["machdep.cpu.brand_string"] == "Apple M1 Pro"


def test_apple_silicon_cpu_and_caches_per_performance_level():
    values = macos.parse_sysctl(M1_PRO_SYSCTL)
    assert macos.is_apple_silicon(values)
    cpu = macos.cpu_readings(values)
    assert cpu["model"].value == "Apple M1 Pro" and cpu["vendor"].value == "Apple"
    assert cpu["physical_cores"].value == 10 and cpu["memsize"].value == 16 * GIB
    assert cpu["base_mhz"].value is None and cpu["base_mhz"].missing == macos.APPLE_NO_CLOCK
    assert cpu["caches"].value == (
        Cache(1, "data", 128 * KIB, 8, "Performance"), Cache(1, "instruction", 192 * KIB, 8, "Performance"),
        Cache(2, "unified", 12 * MIB, 2, "Performance"),
        Cache(1, "data", 64 * KIB, 2, "Efficiency"), Cache(1, "instruction", 128 * KIB, 2, "Efficiency"),
        Cache(2, "unified", 4 * MIB, 1, "Efficiency"),
    )
    assert "perflevel" in cpu["caches"].source


def test_intel_mac_cpu_caches_from_cacheconfig():
    values = macos.parse_sysctl(INTEL_MAC_SYSCTL)
    assert not macos.is_apple_silicon(values)
    cpu = macos.cpu_readings(values)
    assert cpu["vendor"].value == "Intel"
    assert cpu["base_mhz"].value == 2600.0
    assert cpu["max_mhz"].value is None  # macOS reports the same figure twice: no turbo clock
    assert cpu["caches"].show() == "L1d 32 KiB × 6, L1i 32 KiB × 6, L2 256 KiB × 6, L3 12 MiB × 1"


def test_os_and_hypervisor():
    values = macos.parse_sysctl(M1_PRO_SYSCTL)
    os_ = macos.os_readings(values)
    assert (os_["name"].value, os_["version"].value, os_["build"].value) == ("macOS 14.5", "14.5", "23F79")
    assert macos.hypervisor(values).value is None
    assert macos.hypervisor({"kern.hv_vmm_present": "1"}).value == "unknown hypervisor"


def test_rosetta():
    assert macos.rosetta({"sysctl.proc_translated": "1"})
    assert not macos.rosetta(macos.parse_sysctl(M1_PRO_SYSCTL))


def test_apple_silicon_gpu_from_ioreg_has_unified_memory():
    run = runner_for({"ioreg": M1_PRO_IOREG})
    gpus, notes = macos.gpus(run, apple_silicon=True)
    assert run.calls == [list(macos.IOREG_COMMAND)]  # system_profiler (slow) is not needed
    (gpu,) = gpus
    assert gpu.name.value == "Apple M1 Pro" and gpu.vendor.value == "Apple"
    assert gpu.cores.value == 16 and "gpu-core-count" in gpu.cores.source
    assert gpu.unified_memory and gpu.integrated
    assert gpu.memory_bytes.value is None and "unified memory" in gpu.memory_bytes.missing.en
    assert gpu.cuda.value is None and "MPS" in gpu.cuda.missing.en


def test_intel_mac_gpus_from_system_profiler():
    run = runner_for({"system_profiler": INTEL_MAC_PROFILER})
    gpus, notes = macos.gpus(run, apple_silicon=False)
    amd, intel = gpus
    assert amd.name.value == "AMD Radeon Pro 5300M" and amd.vendor.value == "AMD"
    assert amd.memory_bytes.value == 4 * GIB and "spdisplays_vram" in amd.memory_bytes.source
    assert amd.device_id.value == "0x7340" and amd.integrated is False
    assert intel.integrated is True and intel.memory_bytes.value is None


@pytest.mark.parametrize(("text", "expected"), [("4 GB", 4 * GIB), ("1536 MB", 1536 * MIB), ("8GB", 8 * GIB),
                                                ("", None), ("lots", None)])
def test_parse_vram(text, expected):
    assert macos.parse_vram(text) == expected


def test_broken_tools_give_notes_not_errors():
    run = runner_for({})
    gpus, notes = macos.gpus(run, apple_silicon=True)
    assert gpus == [] and len(notes) == 2
    assert macos.parse_ioreg("<not a plist") == []
