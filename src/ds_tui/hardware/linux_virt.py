"""Where Linux runs: a container (and which), WSL, a hypervisor (and which), and the OS's name.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path

from ds_tui.hardware.ids import is_vm_firmware
from ds_tui.hardware.linux_cpu import cpu_flags
from ds_tui.hardware.linux_read import ROOT, read, shown
from ds_tui.hardware.model import NO_HYPERVISOR, NOT_EXPOSED, NOT_IN_CONTAINER, Reading, found, missing
from ds_tui.lessons.model import Text

UNNAMED_HYPERVISOR = "unknown hypervisor"  # the CPU says "hypervisor" but nothing names it


# Containers and virtual machines ----------------------------------------------------------------

_CGROUP_HINTS = (("kubepods", "Kubernetes"), ("libpod", "Podman"), ("docker", "Docker"),
                 ("containerd", "containerd"), ("lxc", "LXC"))


def container(root: Path = ROOT, environ: Mapping[str, str] | None = None) -> Reading[str]:
    """The kind of container this process runs in, from marker files, $container and /proc/self/cgroup."""
    env = os.environ if environ is None else environ
    cgroup = read(root, "proc/self/cgroup") or ""
    if "kubepods" in cgroup or env.get("KUBERNETES_SERVICE_HOST"):
        return found("cpu.container", "Kubernetes",
                     "/proc/self/cgroup (kubepods)" if "kubepods" in cgroup else "$KUBERNETES_SERVICE_HOST")
    if (root / ".dockerenv").exists():
        return found("cpu.container", "Docker", "/.dockerenv")
    if (root / "run/.containerenv").exists():
        engine = re.search(r'engine="([a-z]+)', read(root, "run/.containerenv") or "")
        return found("cpu.container", engine.group(1).capitalize() if engine else "Podman", "/run/.containerenv")
    if env.get("container"):
        return found("cpu.container", env["container"], "$container")
    for hint, name in _CGROUP_HINTS:
        if hint in cgroup:
            return found("cpu.container", name, f"/proc/self/cgroup ({hint})")
    return missing("cpu.container", NOT_IN_CONTAINER, "/.dockerenv, /run/.containerenv, /proc/self/cgroup")


def wsl(root: Path = ROOT) -> str | None:
    """"WSL 2" or "WSL 1" when Linux runs inside Windows, from the kernel release."""
    release = read(root, "proc/sys/kernel/osrelease") or ""
    if "microsoft" in release.lower():
        return "WSL 2" if "WSL2" in release or "microsoft-standard" in release else "WSL 1"
    return None


def hypervisor(root: Path = ROOT) -> Reading[str]:
    """The hypervisor this OS runs under: the ``hypervisor`` CPU flag, then its name from Xen or DMI."""
    kind = wsl(root)
    if kind == "WSL 2":
        return found("cpu.hypervisor", "Microsoft Hyper-V (WSL 2)", "/proc/sys/kernel/osrelease")
    if kind == "WSL 1":
        return missing("cpu.hypervisor", Text(vi="WSL 1: không có máy ảo, Windows dịch các lời gọi Linux",
                                              en="WSL 1: no VM, Windows translates the Linux calls"),
                       "/proc/sys/kernel/osrelease")
    flags = cpu_flags(root)
    xen = read(root, "sys/hypervisor/type")
    vendor = read(root, "sys/class/dmi/id/sys_vendor") or ""
    product = read(root, "sys/class/dmi/id/product_name") or ""
    dmi = " ".join(x for x in (vendor, product) if x)
    dmi_source = "DMI /sys/class/dmi/id/{sys_vendor,product_name}"
    if flags is not None:  # x86: the CPU says whether a hypervisor runs it; DMI or Xen only name it
        if "hypervisor" not in flags:
            return missing("cpu.hypervisor", NO_HYPERVISOR, "/proc/cpuinfo flags (no \"hypervisor\")")
        if dmi and is_vm_firmware(vendor, product):
            return found("cpu.hypervisor", dmi, dmi_source)
        if xen:
            return found("cpu.hypervisor", xen, "/sys/hypervisor/type")
        if dmi:
            return found("cpu.hypervisor", dmi, dmi_source)
        return found("cpu.hypervisor", UNNAMED_HYPERVISOR, "/proc/cpuinfo flag \"hypervisor\"")
    if dmi and is_vm_firmware(vendor, product):  # ARM and others: only the firmware can tell
        return found("cpu.hypervisor", dmi, dmi_source)
    if xen:
        return found("cpu.hypervisor", xen, "/sys/hypervisor/type")
    return missing("cpu.hypervisor", Text(vi="không phát hiện máy ảo", en="no VM detected"), f"{dmi_source}, /sys/hypervisor")


# OS ---------------------------------------------------------------------------------------------


def os_pretty_name(root: Path = ROOT) -> Reading[str]:
    for path in ("etc/os-release", "usr/lib/os-release"):
        text = read(root, path)
        if text is None:
            continue
        for line in text.splitlines():
            key, _, value = line.partition("=")
            if key == "PRETTY_NAME" and value:
                name = value.strip().strip('"').strip("'")
                kind = wsl(root)
                return found("os.name", f"{name} ({kind})" if kind else name, f"{shown(path)} PRETTY_NAME")
    return missing("os.name", NOT_EXPOSED, "/etc/os-release")
