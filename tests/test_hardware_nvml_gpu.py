"""NVML with a fake pynvml (each failure, and two working GPUs) and the GPU chain on every OS."""

from __future__ import annotations

import json
import sys

import pytest

from ds_tui.hardware import nvml
from ds_tui.hardware.gpu import NO_DEDICATED_GPU, NO_GPU, probe_gpus
from tests.hardware_fixtures import (
    GIB,
    TWO_NVIDIA,
    amd_and_intel,
    drm_card,
    fake_nvml,
    intel_laptop,
    laptop_registry,
)


@pytest.mark.parametrize(("error", "words"), [
    ("NVMLError_LibraryNotFound", "no NVIDIA driver installed"),
    ("NVMLError_DriverNotLoaded", "not loaded"),
    ("NVMLError_NoPermission", "permission"),
])
def test_nvml_errors_are_unavailable_with_the_reason(error, words):
    probe = nvml.probe_nvml(fake_nvml(init_error=error))
    assert not probe.available and probe.gpus == ()
    assert words in probe.reason.en and probe.reason.vi


def test_unknown_nvml_error_keeps_its_message():
    class Weird(Exception):
        pass

    fake = fake_nvml()
    fake.nvmlInit = lambda: (_ for _ in ()).throw(Weird("GPU is lost"))
    probe = nvml.probe_nvml(fake)
    assert not probe.available and "GPU is lost" in probe.reason.en


def test_missing_pynvml_package(monkeypatch):
    monkeypatch.setitem(sys.modules, "pynvml", None)  # what Python does for a package that is not installed
    probe = nvml.probe_nvml()
    assert not probe.available and "nvidia-ml-py" in probe.reason.en


def test_without_the_nvidia_library_pynvml_is_not_imported(monkeypatch):
    # pynvml costs ~3 MiB of memory; without libnvidia-ml it could only report LibraryNotFound
    monkeypatch.delitem(sys.modules, "pynvml", raising=False)
    monkeypatch.setattr(nvml, "library_loads", lambda: False)
    probe = nvml.probe_nvml()
    sampler = nvml.NvmlSampler()
    assert not sampler.open()
    assert "pynvml" not in sys.modules
    assert not probe.available and "no NVIDIA driver installed" in probe.reason.en
    assert sampler.reason == probe.reason


def test_real_pynvml_without_a_driver_never_raises():
    probe = nvml.probe_nvml()  # on a machine without NVIDIA: LibraryNotFound or DriverNotLoaded
    assert probe.available or probe.reason is not None


def test_two_nvidia_gpus():
    fake = fake_nvml(gpus=TWO_NVIDIA, cuda=12070, driver="566.36")
    probe = nvml.probe_nvml(fake)
    assert probe.available and (probe.driver, probe.cuda) == ("566.36", "12.7")
    laptop, a100 = probe.gpus
    assert laptop.name.value == "NVIDIA GeForce RTX 3060 Laptop GPU"
    assert laptop.memory_bytes.value == 6 * GIB and laptop.memory_bytes.source.startswith("NVML")
    assert (laptop.vendor_id.value, laptop.device_id.value) == ("0x10de", "0x2520")
    assert laptop.driver.value == "566.36" and laptop.cuda.value == "12.7"
    assert laptop.cores.value == 3840 and laptop.bus_id == "0000:01:00.0"
    assert a100.name.value == "NVIDIA A100-SXM4-80GB"  # bytes from old pynvml are decoded
    assert a100.memory_bytes.value == 80 * GIB and a100.bus_id == "0000:41:00.0"
    assert a100.cores.value is None and a100.cores.missing is not None
    assert fake.state["init"] == fake.state["shutdown"] == 1


@pytest.mark.parametrize(("code", "text"), [(12070, "12.7"), (11080, "11.8"), (12000, "12.0"), (10010, "10.1")])
def test_cuda_version(code, text):
    assert nvml.cuda_version(code) == text


def test_nvml_sampler_reads_live_figures_and_tolerates_not_supported():
    fake = fake_nvml(gpus=TWO_NVIDIA)
    sampler = nvml.NvmlSampler(fake)
    assert sampler.open()
    assert sampler.names == ["NVIDIA GeForce RTX 3060 Laptop GPU", "NVIDIA A100-SXM4-80GB"]
    first, second = sampler.sample()
    assert first == {"utilization_percent": 42.0, "memory_used_bytes": 512 * 1024**2, "memory_total_bytes": 6 * GIB,
                     "temperature_c": 61.0, "power_w": 35.5}
    assert second["power_w"] is None and second["temperature_c"] == 30.0
    sampler.close()
    assert sampler.sample() == [] and fake.state["shutdown"] == 1


def test_nvml_sampler_unavailable():
    sampler = nvml.NvmlSampler(fake_nvml(init_error="NVMLError_DriverNotLoaded"))
    assert not sampler.open() and "not loaded" in sampler.reason.en
    assert sampler.sample() == []


# The chain --------------------------------------------------------------------------------------


def test_linux_nvml_then_drm_without_duplicates(tmp_path):
    intel_laptop(tmp_path)  # Iris Xe on card0
    drm_card(tmp_path, "card1", "0000:01:00.0", "0x10de", "0x2520", "nvidia")
    gpus, notes = probe_gpus("linux", nvml=fake_nvml(gpus=TWO_NVIDIA[:1]), root=tmp_path)
    assert [g.source for g in gpus] == ["NVML", "sysfs /sys/class/drm/card0"]
    assert "1 NVIDIA GPU, driver 566.36, CUDA 12.7" in notes[0].text.en


def test_linux_amd_and_intel_without_nvidia_driver(tmp_path):
    amd_and_intel(tmp_path)
    gpus, notes = probe_gpus("linux", nvml=fake_nvml(init_error="NVMLError_LibraryNotFound"), root=tmp_path)
    assert [g.vendor.value for g in gpus] == ["AMD", "Intel"]
    assert notes[0].step == "NVML" and "not found" in notes[0].text.en


def test_linux_no_gpu(tmp_path):
    gpus, notes = probe_gpus("linux", nvml=fake_nvml(init_error="NVMLError_LibraryNotFound"), root=tmp_path)
    assert gpus == () and notes[-1].text == NO_GPU


def test_linux_integrated_only_says_no_dedicated_gpu(tmp_path):
    intel_laptop(tmp_path)
    gpus, notes = probe_gpus("linux", nvml=fake_nvml(init_error="NVMLError_DriverNotLoaded"), root=tmp_path)
    assert len(gpus) == 1 and notes[-1].text == NO_DEDICATED_GPU


def test_windows_nvml_plus_registry_skips_the_nvidia_entry():
    gpus, _ = probe_gpus("windows", nvml=fake_nvml(gpus=TWO_NVIDIA[:1]), winreg=laptop_registry(),
                         runner=lambda args: pytest.fail("CIM is only a fallback"))
    assert [(g.name.value, g.source) for g in gpus] == [
        ("NVIDIA GeForce RTX 3060 Laptop GPU", "NVML"), ("Intel(R) Iris(R) Xe Graphics", "Windows registry")]


def test_windows_without_nvml_uses_the_registry_memory_size():
    gpus, _ = probe_gpus("windows", nvml=fake_nvml(init_error="NVMLError_LibraryNotFound"), winreg=laptop_registry())
    nvidia = [g for g in gpus if g.vendor.value == "NVIDIA"][0]
    assert nvidia.memory_bytes.value == 6 * GIB
    assert nvidia.cuda.value is None and "not found" in nvidia.cuda.missing.en


def test_windows_registry_failure_falls_back_to_cim():
    from tests.hardware_fixtures import FakeWinreg

    out = json.dumps({"Name": "Intel(R) UHD Graphics", "AdapterCompatibility": "Intel Corporation",
                      "DriverVersion": "31.0.101.2111", "PNPDeviceID": "PCI\\VEN_8086&DEV_9A68"})
    gpus, notes = probe_gpus("windows", nvml=fake_nvml(init_error="NVMLError_LibraryNotFound"),
                             winreg=FakeWinreg({}), runner=lambda args: out)
    assert [g.source for g in gpus] == ["PowerShell Get-CimInstance Win32_VideoController"]
    assert any(n.step == "Windows registry" for n in notes)


def test_macos_skips_nvml():
    from tests.test_hardware_macos import M1_PRO_IOREG

    gpus, notes = probe_gpus("darwin", nvml=fake_nvml(gpus=TWO_NVIDIA), runner=lambda args: M1_PRO_IOREG,
                             apple_silicon=True)
    assert [g.name.value for g in gpus] == ["Apple M1 Pro"]
    assert notes[0].step == "NVML" and "macOS" in notes[0].text.en
