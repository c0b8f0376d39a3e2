"""Windows probes with a fake winreg, a fake kernel32 and a fake PowerShell runner."""

from __future__ import annotations

import ctypes
import json
import struct
from collections import Counter

import pytest

from ds_tui.hardware import windows
from ds_tui.hardware.model import Cache
from tests.hardware_fixtures import CLASS, GIB, I5_MODEL, FakeWinreg, WinVer, laptop_registry


def test_registry_gpus_read_the_64_bit_memory_size():
    gpus, notes = windows.registry_gpus(laptop_registry())
    assert notes == []
    intel, nvidia = gpus
    assert nvidia.name.value == "NVIDIA GeForce RTX 3060 Laptop GPU"
    assert nvidia.memory_bytes.value == 6 * GIB  # not the 32-bit MemorySize (0xFFFFFFFF)
    assert "qwMemorySize" in nvidia.memory_bytes.source
    assert (nvidia.vendor.value, nvidia.vendor_id.value, nvidia.device_id.value) == ("NVIDIA", "0x10de", "0x2520")
    assert nvidia.driver.value == "32.0.15.6636"
    assert nvidia.integrated is False
    assert intel.integrated is True and intel.cuda.value is None
    assert intel.memory_bytes.value == 128 * 1024**2


def test_registry_memory_size_written_as_binary():
    gpus, _ = windows.registry_gpus(laptop_registry(qw=(6 * GIB).to_bytes(8, "little")))
    assert gpus[1].memory_bytes.value == 6 * GIB


def test_only_the_capped_32_bit_size_is_not_used():
    reg = laptop_registry()
    del reg.keys[CLASS + r"\0001"]["HardwareInformation.qwMemorySize"]
    gpus, _ = windows.registry_gpus(reg)
    memory = gpus[1].memory_bytes
    assert memory.value is None and "4 GiB" in memory.missing.en


def test_gpus_seen_by_nvml_are_skipped():
    gpus, _ = windows.registry_gpus(laptop_registry(), skip=Counter({("0x10de", "0x2520"): 1}))
    assert [g.vendor.value for g in gpus] == ["Intel"]


def test_non_pci_adapters_are_skipped():
    reg = laptop_registry()
    reg.keys[CLASS + r"\0002"] = {"DriverDesc": "Microsoft Remote Display Adapter",
                                  "MatchingDeviceId": r"SWD\RemoteDisplayEnum"}
    gpus, notes = windows.registry_gpus(reg)
    assert len(gpus) == 2 and "Remote Display" in notes[0].text.en


def test_registry_that_cannot_be_opened():
    gpus, notes = windows.registry_gpus(FakeWinreg({}))
    assert gpus == [] and "registry" in notes[0].text.en


def test_registry_is_windows_only():
    if windows.IS_WINDOWS:
        pytest.skip("runs off Windows")
    gpus, notes = windows.registry_gpus()
    assert gpus == [] and notes[0].text == windows.ONLY_WINDOWS


@pytest.mark.parametrize(("build", "name"), [
    (22631, "Windows 11"), (22000, "Windows 11"), (26100, "Windows 11"),
    (19045, "Windows 10"), (21999, "Windows 10"), (10240, "Windows 10"), (9600, "Windows 8.1"),
])
def test_windows_11_is_build_22000_and_later(build, name):
    assert windows.windows_name(build) == name


def test_os_readings_windows_11_with_display_version():
    os_ = windows.os_readings(WinVer(10, 0, 22631), laptop_registry("23H2"))
    assert os_["name"].value == "Windows 11 23H2"
    assert os_["version"].value == "10.0.22631.4317"
    assert os_["build"].value == "22631"


def test_os_readings_windows_10():
    reg = laptop_registry("22H2")
    os_ = windows.os_readings(WinVer(10, 0, 19045), reg)
    assert os_["name"].value == "Windows 10 22H2"
    assert "< 22000" in os_["name"].source


def test_os_build_from_the_registry_when_python_gives_none():
    os_ = windows.os_readings(None, laptop_registry())
    assert os_["build"].value == "22631" and os_["name"].value.startswith("Windows 11")


def test_cpu_from_the_registry():
    cpu = windows.cpu_registry(laptop_registry())
    assert cpu["model"].value == I5_MODEL  # the trailing space Windows keeps is stripped
    assert cpu["vendor"].value == "Intel"
    assert cpu["base_mhz"].value == 3110.0 and "~MHz" in cpu["base_mhz"].source


def test_hypervisor_from_the_bios_key():
    reg = laptop_registry()
    assert windows.hypervisor(reg).value is None
    reg.keys[r"HARDWARE\DESCRIPTION\System\BIOS"] = {"SystemManufacturer": "Microsoft Corporation",
                                                      "SystemProductName": "Virtual Machine"}
    assert windows.hypervisor(reg).value == "Microsoft Corporation Virtual Machine"


# GetLogicalProcessorInformationEx ---------------------------------------------------------------


def cache_record(level: int, kind: int, size: int) -> bytes:
    """One SYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX record (RelationCache), 48 bytes as on x64."""
    body = struct.pack("<BBHII", level, 8, 64, size, kind) + bytes(18) + struct.pack("<H", 1) + bytes(16)
    return struct.pack("<II", 2, 8 + len(body)) + body


def other_record() -> bytes:
    return struct.pack("<II", 0, 48) + bytes(40)  # RelationProcessorCore, ignored


def laptop_buffer() -> bytes:
    """i5-11300H: per core L1d 48K, L1i 32K, L2 1.25M; one shared 8M L3."""
    parts = []
    for _core in range(4):
        parts += [other_record(), cache_record(1, 2, 48 * 1024), cache_record(1, 1, 32 * 1024),
                  cache_record(2, 0, 1280 * 1024)]
    parts.append(cache_record(3, 0, 8 * 1024**2))
    return b"".join(parts)


def test_parse_cache_records_counts_instances():
    assert windows.parse_cache_records(laptop_buffer()) == (
        Cache(1, "data", 48 * 1024, 4), Cache(1, "instruction", 32 * 1024, 4),
        Cache(2, "unified", 1280 * 1024, 4), Cache(3, "unified", 8 * 1024**2, 1),
    )


def test_parse_cache_records_stops_on_garbage():
    assert windows.parse_cache_records(b"\x02\x00\x00\x00\x00\x00\x00\x00junk") == ()


class FakeKernel32:
    def __init__(self, buffer: bytes, page_file: int = 18 * GIB) -> None:
        self.buffer, self.page_file = buffer, page_file

    def GetLogicalProcessorInformationEx(self, relation, buf, length_ref):  # noqa: N802
        length = length_ref._obj
        if buf is None or length.value < len(self.buffer):
            length.value = len(self.buffer)
            return 0
        ctypes.memmove(buf, self.buffer, len(self.buffer))
        return 1

    def GlobalMemoryStatusEx(self, ref):  # noqa: N802
        status = ref._obj
        assert status.dwLength == ctypes.sizeof(windows.MEMORYSTATUSEX)
        status.ullTotalPhys = 16 * GIB
        status.ullTotalPageFile = self.page_file
        return 1


def test_caches_through_kernel32():
    caches = windows.caches(FakeKernel32(laptop_buffer()))
    assert caches.show() == "L1d 48 KiB × 4, L1i 32 KiB × 4, L2 1.25 MiB × 4, L3 8 MiB × 1"
    assert "GetLogicalProcessorInformationEx" in caches.source


def test_commit_limit_is_total_page_file():
    limit = windows.commit_limit(FakeKernel32(b""))
    assert limit.value == 18 * GIB and "ullTotalPageFile" in limit.source


def test_kernel32_calls_are_windows_only():
    if windows.IS_WINDOWS:
        pytest.skip("runs off Windows")
    assert windows.caches().value is None
    assert windows.commit_limit().missing == windows.ONLY_WINDOWS


# The PowerShell CIM fallback --------------------------------------------------------------------


def test_cim_fallback_never_uses_adapter_ram():
    seen = []

    def runner(args):
        seen.append(args)
        return json.dumps([
            {"Name": "NVIDIA GeForce RTX 3060 Laptop GPU", "AdapterCompatibility": "NVIDIA",
             "DriverVersion": "32.0.15.6636", "AdapterRAM": 4293918720,
             "PNPDeviceID": "PCI\\VEN_10DE&DEV_2520&SUBSYS_380117AA&REV_A1\\4&1"},
            {"Name": "Intel(R) Iris(R) Xe Graphics", "AdapterCompatibility": "Intel Corporation",
             "DriverVersion": "31.0.101.4502", "AdapterRAM": 1073741824,
             "PNPDeviceID": "PCI\\VEN_8086&DEV_9A49&SUBSYS_380117AA&REV_01\\3&1"},
        ])

    gpus, notes = windows.cim_gpus(runner)
    assert seen[0][0] == "powershell" and "Win32_VideoController" in seen[0][-1]
    assert notes == []
    assert [g.name.value for g in gpus] == ["NVIDIA GeForce RTX 3060 Laptop GPU", "Intel(R) Iris(R) Xe Graphics"]
    assert all(g.memory_bytes.value is None for g in gpus)
    assert "AdapterRAM" in gpus[0].memory_bytes.missing.en
    assert gpus[0].vendor_id.value == "0x10de" and gpus[1].device_id.value == "0x9a49"


def test_cim_single_adapter_is_an_object_not_a_list():
    gpus, _ = windows.cim_gpus(lambda args: json.dumps({"Name": "Microsoft Basic Display Adapter"}))
    assert [g.name.value for g in gpus] == ["Microsoft Basic Display Adapter"]


@pytest.mark.parametrize("output", [None, "", "not json"])
def test_cim_failures_are_notes(output):
    gpus, notes = windows.cim_gpus(lambda args: output)
    assert gpus == [] and notes


@pytest.mark.parametrize(("text", "ids"), [
    (r"pci\ven_10de&dev_2520&subsys_380117aa", ("0x10de", "0x2520")),
    (r"PCI\VEN_8086&DEV_9A49&SUBSYS_380117AA&REV_01\3&1", ("0x8086", "0x9a49")),
    ("ROOT\\BasicDisplay", (None, None)),
    (None, (None, None)),
])
def test_parse_pci_id(text, ids):
    assert windows.parse_pci_id(text) == ids
