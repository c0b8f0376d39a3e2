"""Linux probes: /proc, /sys and the cgroup files.

Every function takes ``root`` (default ``/``) and reads only below it, so tests build a fake tree
in a temporary folder. Nothing here runs a program, and nothing raises on a missing or unreadable
file: a figure the tree does not have comes back missing, with the reason.

The probes live by what they read: linux_read (reading below a root), linux_cpu (/proc/cpuinfo, clocks),
linux_caches (caches, physical cores), linux_cgroups (cgroup limits), linux_virt (container, WSL,
hypervisor, OS name) and linux_gpus (DRM GPUs, live AMD figures); this module names them all.
"""

from __future__ import annotations

from ds_tui.hardware.ids import normalize_bus_id
from ds_tui.hardware.linux_caches import caches, parse_size, physical_cores
from ds_tui.hardware.linux_cgroups import UNLIMITED_V1, CgroupLimits, cgroup_limits
from ds_tui.hardware.linux_cpu import clocks, cpu_flags, cpu_model, cpu_vendor, cpuinfo_fields, parse_cpuinfo
from ds_tui.hardware.linux_gpus import PCI_IDS_PATHS, drm_gpu_sample, drm_gpus, pci_names
from ds_tui.hardware.linux_read import ROOT, read, shown
from ds_tui.hardware.linux_virt import UNNAMED_HYPERVISOR, container, hypervisor, os_pretty_name, wsl

__all__ = [
    "PCI_IDS_PATHS", "ROOT", "UNLIMITED_V1", "UNNAMED_HYPERVISOR", "CgroupLimits", "caches", "cgroup_limits", "clocks",
    "container", "cpu_flags", "cpu_model", "cpu_vendor", "cpuinfo_fields", "drm_gpu_sample", "drm_gpus", "hypervisor",
    "normalize_bus_id", "os_pretty_name", "parse_cpuinfo", "parse_size", "pci_names", "physical_cores", "read",
    "shown", "wsl",
]
