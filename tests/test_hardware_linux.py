"""Linux probes on recorded /proc and /sys trees built in tmp_path."""

from __future__ import annotations

from pathlib import Path

import pytest

from ds_tui.hardware import linux
from ds_tui.hardware.model import NO_CUDA, Cache
from tests.hardware_fixtures import (
    GIB,
    GRAVITON_CPUINFO,
    I5_MODEL,
    RPI4_CPUINFO,
    amd_and_intel,
    container_v1,
    container_v2,
    cpu_tree,
    intel_laptop,
    vm,
    write,
)

KIB, MIB = 1024, 1024**2


# CPU model and vendor ---------------------------------------------------------------------------


def test_intel_laptop_model_vendor_and_flags(tmp_path):
    intel_laptop(tmp_path)
    model = linux.cpu_model(tmp_path)
    assert model.value == I5_MODEL
    assert model.source == "/proc/cpuinfo model name"
    assert linux.cpu_vendor(tmp_path).value == "Intel"
    assert "hypervisor" not in linux.cpu_flags(tmp_path)


def test_raspberry_pi_model_falls_back_to_hardware(tmp_path):
    write(tmp_path, "proc/cpuinfo", RPI4_CPUINFO)
    model = linux.cpu_model(tmp_path)
    assert model.value == "BCM2835"
    assert model.source == "/proc/cpuinfo Hardware"
    assert linux.cpu_vendor(tmp_path).value == "ARM"
    assert linux.cpu_flags(tmp_path) is None


def test_arm_server_without_names_decodes_implementer_and_part(tmp_path):
    write(tmp_path, "proc/cpuinfo", GRAVITON_CPUINFO)
    model = linux.cpu_model(tmp_path)
    assert model.value == "ARM Neoverse-N1"
    assert "0xd0c" in model.source


def test_board_model_from_device_tree_when_cpuinfo_names_nothing(tmp_path):
    write(tmp_path, "proc/cpuinfo", "processor\t: 0\nBogoMIPS\t: 50.00\n")
    write(tmp_path, "proc/device-tree/model", "Pine64 RockPro64 v2.1\x00")
    assert linux.cpu_model(tmp_path).value == "Pine64 RockPro64 v2.1"


def test_missing_cpuinfo_gives_a_reason_not_a_value(tmp_path):
    model = linux.cpu_model(tmp_path)
    assert model.value is None
    assert model.missing.en and model.missing.vi


# Caches -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("32K", 32 * KIB), ("1280K", 1280 * KIB), ("8M", 8 * MIB), ("512", 512), ("", None), ("big", None),
])
def test_parse_size(text, expected):
    assert linux.parse_size(text) == expected


def test_laptop_caches_are_deduplicated_by_shared_cpu_list(tmp_path):
    intel_laptop(tmp_path)
    caches = linux.caches(tmp_path)
    assert caches.value == (
        Cache(1, "data", 48 * KIB, 4), Cache(1, "instruction", 32 * KIB, 4),
        Cache(2, "unified", 1280 * KIB, 4), Cache(3, "unified", 8 * MIB, 1),
    )
    assert caches.show() == "L1d 48 KiB × 4, L1i 32 KiB × 4, L2 1.25 MiB × 4, L3 8 MiB × 1"
    assert caches.source.startswith("sysfs /sys/devices/system/cpu/")


def test_hybrid_cpu_keeps_different_l2_sizes_apart(tmp_path):
    # 2 P-cores (own 1.25 MiB L2 each) + 4 E-cores sharing one 2 MiB L2: 6 CPUs, no SMT for brevity.
    l2 = ["0", "1", "2-5", "2-5", "2-5", "2-5"]
    sizes = ["1280K", "1280K", "2048K", "2048K", "2048K", "2048K"]
    cpu_tree(tmp_path, 6, [(3, "Unified", "12288K", ["0-5"] * 6)])
    for cpu in range(6):
        base = f"sys/devices/system/cpu/cpu{cpu}/cache/index1"
        write(tmp_path, f"{base}/level", "2")
        write(tmp_path, f"{base}/type", "Unified")
        write(tmp_path, f"{base}/size", sizes[cpu])
        write(tmp_path, f"{base}/shared_cpu_list", l2[cpu])
    caches = linux.caches(tmp_path).value
    assert Cache(2, "unified", 2048 * KIB, 1) in caches
    assert Cache(2, "unified", 1280 * KIB, 2) in caches
    assert Cache(3, "unified", 12 * MIB, 1) in caches


def test_no_cache_directory_is_missing_with_reason(tmp_path):
    (tmp_path / "sys/devices/system/cpu/cpu0").mkdir(parents=True)
    caches = linux.caches(tmp_path)
    assert caches.value is None and "VM" in caches.missing.en


def test_physical_cores_from_topology(tmp_path):
    intel_laptop(tmp_path)
    assert linux.physical_cores(tmp_path).value == 4


# Clocks -----------------------------------------------------------------------------------------


def test_clocks_from_cpufreq(tmp_path):
    intel_laptop(tmp_path)
    base, top = linux.clocks(tmp_path)
    assert (base.value, top.value) == (3100.0, 4400.0)
    assert base.source == "sysfs cpufreq/base_frequency"


def test_base_clock_from_model_name_when_sysfs_has_none(tmp_path):
    write(tmp_path, "proc/cpuinfo", f"processor\t: 0\nmodel name\t: {I5_MODEL}\n")
    (tmp_path / "sys/devices/system/cpu/cpu0").mkdir(parents=True)
    base, top = linux.clocks(tmp_path)
    assert base.value == 3100.0 and "model name" in base.source
    assert top.value is None and top.missing is not None


def test_amd_nominal_clock_from_acpi_cppc(tmp_path):
    write(tmp_path, "sys/devices/system/cpu/cpu0/acpi_cppc/nominal_freq", "3800\n")
    assert linux.clocks(tmp_path)[0].value == 3800.0


# cgroups and containers -------------------------------------------------------------------------


def test_cgroup_v2_container_quota_and_memory(tmp_path):
    container_v2(tmp_path)
    limits = linux.cgroup_limits(tmp_path)
    assert limits.version == 2
    assert limits.cpu_quota.value == 2.0
    assert "cpu.max" in limits.cpu_quota.source and "200000 100000" in limits.cpu_quota.source
    assert limits.memory_limit.value == 4 * GIB
    assert linux.container(tmp_path, environ={}).value == "Docker"


def test_cgroup_v2_without_limits_says_no_limit(tmp_path):
    container_v2(tmp_path, cpu_max="max 100000", memory_max="max")
    limits = linux.cgroup_limits(tmp_path)
    assert limits.cpu_quota.value is None and limits.cpu_quota.missing.en == "no limit set"
    assert limits.memory_limit.value is None and limits.memory_limit.missing.en == "no limit set"


def test_cgroup_v2_nested_group_takes_the_tightest_limit(tmp_path):
    container_v2(tmp_path, cpu_max="max 100000")
    write(tmp_path, "proc/self/cgroup", "0::/app/worker\n")
    write(tmp_path, "sys/fs/cgroup/app/cpu.max", "150000 100000\n")
    write(tmp_path, "sys/fs/cgroup/app/worker/cpu.max", "max 100000\n")
    assert linux.cgroup_limits(tmp_path).cpu_quota.value == 1.5


def test_cgroup_v1_quota_and_memory_limit_of_the_process_group(tmp_path):
    container_v1(tmp_path)
    limits = linux.cgroup_limits(tmp_path)
    assert limits.version == 1
    assert limits.cpu_quota.value == 1.5
    assert "cpu.cfs_quota_us 150000" in limits.cpu_quota.source
    assert limits.memory_limit.value == 2 * GIB
    container = linux.container(tmp_path, environ={})
    assert container.value == "Docker" and container.source == "/proc/self/cgroup (docker)"


def test_cgroup_v1_unlimited_memory_is_not_a_limit(tmp_path):
    write(tmp_path, "sys/fs/cgroup/memory/memory.limit_in_bytes", "9223372036854771712\n")
    limits = linux.cgroup_limits(tmp_path)
    assert limits.memory_limit.value is None and limits.memory_limit.missing.en == "no limit set"


def test_no_cgroup_files_at_all(tmp_path):
    limits = linux.cgroup_limits(tmp_path)
    assert limits.version is None
    assert limits.cpu_quota.value is None and limits.memory_limit.value is None


@pytest.mark.parametrize(("files", "environ", "expected"), [
    ({"run/.containerenv": 'engine="podman-4.9.3"\n'}, {}, "Podman"),
    ({"proc/self/cgroup": "0::/kubepods/burstable/pod1/abc\n"}, {}, "Kubernetes"),
    ({}, {"KUBERNETES_SERVICE_HOST": "10.0.0.1"}, "Kubernetes"),
    ({}, {"container": "systemd-nspawn"}, "systemd-nspawn"),
    ({"proc/self/cgroup": "0::/lxc.payload.box\n"}, {}, "LXC"),
])
def test_container_kinds(tmp_path, files, environ, expected):
    for rel, text in files.items():
        write(tmp_path, rel, text)
    assert linux.container(tmp_path, environ=environ).value == expected


def test_not_in_a_container(tmp_path):
    intel_laptop(tmp_path)
    container = linux.container(tmp_path, environ={})
    assert container.value is None and container.missing.en == "not running in a container"


# Hypervisors ------------------------------------------------------------------------------------


def test_vm_with_hypervisor_flag_named_by_dmi(tmp_path):
    vm(tmp_path)
    hv = linux.hypervisor(tmp_path)
    assert hv.value == "QEMU Standard PC (Q35 + ICH9, 2009)"
    assert hv.source.startswith("DMI")


def test_hypervisor_flag_without_a_name(tmp_path):
    vm(tmp_path)
    for name in ("sys_vendor", "product_name"):
        (tmp_path / f"sys/class/dmi/id/{name}").unlink()
    hv = linux.hypervisor(tmp_path)
    assert hv.value == linux.UNNAMED_HYPERVISOR and "flag" in hv.source


def test_xen_named_by_sys_hypervisor(tmp_path):
    vm(tmp_path)
    for name in ("sys_vendor", "product_name"):
        (tmp_path / f"sys/class/dmi/id/{name}").unlink()
    write(tmp_path, "sys/hypervisor/type", "xen\n")
    assert linux.hypervisor(tmp_path).value == "xen"


def test_bare_metal_laptop_has_no_hypervisor(tmp_path):
    intel_laptop(tmp_path)
    hv = linux.hypervisor(tmp_path)
    assert hv.value is None and "bare metal" in hv.missing.en


def test_surface_laptop_is_not_mistaken_for_hyper_v(tmp_path):
    write(tmp_path, "proc/cpuinfo", "processor\t: 0\nflags\t\t: fpu\n")
    write(tmp_path, "sys/class/dmi/id/sys_vendor", "Microsoft Corporation")
    write(tmp_path, "sys/class/dmi/id/product_name", "Surface Laptop 5")
    assert linux.hypervisor(tmp_path).value is None


def test_wsl2_is_hyper_v(tmp_path):
    write(tmp_path, "proc/sys/kernel/osrelease", "5.15.153.1-microsoft-standard-WSL2\n")
    write(tmp_path, "etc/os-release", 'PRETTY_NAME="Ubuntu 22.04.4 LTS"\n')
    assert linux.hypervisor(tmp_path).value == "Microsoft Hyper-V (WSL 2)"
    assert linux.os_pretty_name(tmp_path).value == "Ubuntu 22.04.4 LTS (WSL 2)"


def test_os_pretty_name(tmp_path):
    intel_laptop(tmp_path)
    name = linux.os_pretty_name(tmp_path)
    assert name.value == "Ubuntu 24.04.1 LTS" and name.source == "/etc/os-release PRETTY_NAME"


# GPUs through DRM -------------------------------------------------------------------------------


def test_amd_gpu_and_intel_igpu_are_two_gpus(tmp_path):
    amd_and_intel(tmp_path)
    gpus, notes = linux.drm_gpus(tmp_path)
    assert len(gpus) == 2 and notes == []
    amd, intel = gpus
    assert amd.name.value == "Navi 22 [Radeon RX 6700/6700 XT/6750 XT / 6800M/6850M XT]"
    assert amd.name.source.startswith("/usr/share/hwdata/pci.ids")
    assert (amd.vendor.value, amd.vendor_id.value, amd.device_id.value) == ("AMD", "0x1002", "0x73df")
    assert amd.memory_bytes.value == 12 * GIB
    assert amd.memory_bytes.source.endswith("mem_info_vram_total")
    assert amd.driver.value == "amdgpu"
    assert amd.cuda.value is None and amd.cuda.missing == NO_CUDA
    assert amd.bus_id == "0000:03:00.0" and amd.integrated is False
    assert intel.name.value == "AlderLake-S GT1 [UHD Graphics 770]"
    assert intel.integrated is True and intel.driver.value == "i915"
    assert intel.memory_bytes.value is None and "shares the system RAM" in intel.memory_bytes.missing.en


def test_gpus_are_named_by_ids_without_pci_ids(tmp_path):
    amd_and_intel(tmp_path, with_pci_ids=False)
    gpus, _ = linux.drm_gpus(tmp_path)
    assert [g.name.value for g in gpus] == ["AMD GPU [1002:73df]", "Intel GPU [8086:4680]"]
    assert "no pci.ids" in gpus[0].name.source


def test_nvidia_card_already_seen_by_nvml_is_skipped(tmp_path):
    from tests.hardware_fixtures import drm_card

    intel_laptop(tmp_path)  # the Iris Xe is card0
    drm_card(tmp_path, "card1", "0000:01:00.0", "0x10de", "0x2520", "nvidia")
    gpus, _ = linux.drm_gpus(tmp_path, skip_bus_ids={"0000:01:00.0"})
    assert [g.vendor.value for g in gpus] == ["Intel"]


def test_nvidia_card_without_nvml_is_listed_with_the_reason(tmp_path):
    from ds_tui.lessons.model import Text
    from tests.hardware_fixtures import drm_card

    drm_card(tmp_path, "card1", "0000:01:00.0", "0x10de", "0x2520", "nouveau")
    reason = Text(vi="x", en="NVML library not found")
    gpus, _ = linux.drm_gpus(tmp_path, nvidia_reason=reason)
    (gpu,) = gpus
    assert gpu.vendor.value == "NVIDIA" and gpu.cuda.missing == reason and gpu.memory_bytes.missing == reason


def test_virtual_display_of_a_vm_is_skipped_with_a_note(tmp_path):
    from tests.hardware_fixtures import drm_card

    drm_card(tmp_path, "card0", "0000:00:01.0", "0x1af4", "0x1050", "virtio-pci")
    gpus, notes = linux.drm_gpus(tmp_path)
    assert gpus == [] and "virtio-gpu" in notes[0].text.en


def test_no_gpu(tmp_path):
    (tmp_path / "sys/class/drm").mkdir(parents=True)
    gpus, notes = linux.drm_gpus(tmp_path)
    assert gpus == [] and notes[0].text.en == "no graphics card"


def test_no_drm_directory(tmp_path):
    gpus, notes = linux.drm_gpus(tmp_path)
    assert gpus == [] and "no /sys/class/drm" in notes[0].text.en


def test_amd_live_figures(tmp_path):
    dev = Path(amd_and_intel(tmp_path)) / "sys/devices/pci0000:00/0000:03:00.0"
    write(dev, "hwmon/hwmon3/temp1_input", "54000\n")
    write(dev, "hwmon/hwmon3/power1_average", "23000000\n")
    figures = linux.drm_gpu_sample(dev)
    assert figures == {"utilization_percent": 37, "memory_used_bytes": GIB, "temperature_c": 54.0, "power_w": 23.0}


def test_bus_ids_from_nvml_and_sysfs_compare_equal():
    assert linux.normalize_bus_id("00000000:01:00.0") == linux.normalize_bus_id("0000:01:00.0") == "0000:01:00.0"
    assert linux.normalize_bus_id(b"00000000:41:00.0") == "0000:41:00.0"


def test_cgroup_v2_host_process_without_limit_files(tmp_path):
    write(tmp_path, "proc/self/cgroup", "0::/user.slice/user-1000.slice/session-2.scope\n")
    write(tmp_path, "proc/self/mountinfo",
          "35 24 0:30 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:9 - cgroup2 cgroup2 rw\n")
    write(tmp_path, "sys/fs/cgroup/cgroup.controllers", "cpuset cpu io memory hugetlb pids rdma misc\n")
    (tmp_path / "sys/fs/cgroup/user.slice/user-1000.slice/session-2.scope").mkdir(parents=True)
    write(tmp_path, "sys/fs/cgroup/user.slice/memory.max", "max\n")
    limits = linux.cgroup_limits(tmp_path)
    assert limits.version == 2
    assert limits.cpu_quota.value is None and "no cpu.max" in limits.cpu_quota.source
    assert limits.memory_limit.value is None and "/sys/fs/cgroup/user.slice/memory.max" in limits.memory_limit.source
