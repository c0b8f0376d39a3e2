"""Advice rules, table-driven: which advice a machine gets, of which kind, and the numbers in it."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from ds_tui.hardware.advice import KINDS, advise, amdahl
from ds_tui.hardware.examples import example_laptop
from ds_tui.hardware.model import GIB, GPU, NO_CUDA, HardwareReport, found, missing
from ds_tui.lessons.model import Text

R = Text(vi="không có", en="not available")


def gpu(name: str, vendor: str, *, vram_gib: float | None = None, cuda: str | None = None,
        integrated: bool | None = False, unified: bool = False, nvml_reason: Text | None = None) -> GPU:
    return GPU(
        name=found("gpu.name", name, "test"), vendor=found("gpu.vendor", vendor, "test"),
        vendor_id=missing("gpu.vendor_id", R), device_id=missing("gpu.device_id", R),
        memory_bytes=found("gpu.memory_bytes", int(vram_gib * GIB), "test") if vram_gib else missing("gpu.memory_bytes", R),
        driver=missing("gpu.driver", R),
        cuda=found("gpu.cuda", cuda, "test") if cuda else missing("gpu.cuda", nvml_reason or NO_CUDA),
        cores=missing("gpu.cores", R), source="test", integrated=integrated, unified_memory=unified,
    )


RTX = gpu("NVIDIA GeForce RTX 3060 Laptop GPU", "NVIDIA", vram_gib=6, cuda="12.7")
RTX_4090 = gpu("NVIDIA GeForce RTX 4090", "NVIDIA", vram_gib=24, cuda="12.6")
IRIS = gpu("Intel(R) Iris(R) Xe Graphics", "Intel", integrated=True)
RX = gpu("AMD Radeon RX 6700 XT", "AMD", vram_gib=12)
M1 = gpu("Apple M1 Pro", "Apple", integrated=True, unified=True)
NVIDIA_NO_NVML = gpu("GA106M [GeForce RTX 3060 Mobile / Max-Q]", "NVIDIA",
                     nvml_reason=Text(vi="driver chưa nạp", en="the NVIDIA driver is not loaded"))


def make(*, logical=8, physical=4, affinity=None, quota=None, ram_gib=16.0, limit_gib=None, gpus=(RTX, IRIS),
         gil=True, ft=False, family="windows", hypervisor=None, container=None, swap_gib=2.0,
         arch="AMD64") -> HardwareReport:
    base = example_laptop()
    affinity = logical if affinity is None else affinity
    usable = min(affinity, -(-quota // 1)) if quota else affinity

    def r(key, value):
        return found(key, value, "test") if value is not None else missing(key, R, "test")

    cpu = replace(base.cpu, logical_cpus=r("cpu.logical_cpus", logical), physical_cores=r("cpu.physical_cores", physical),
                  affinity_cpus=r("cpu.affinity_cpus", affinity), cpu_quota=r("cpu.cpu_quota", quota),
                  usable_cpus=r("cpu.usable_cpus", int(usable)), hypervisor=r("cpu.hypervisor", hypervisor),
                  container=r("cpu.container", container), architecture=r("cpu.architecture", arch))
    memory = replace(base.memory, total_bytes=r("memory.total_bytes", int(ram_gib * GIB)),
                     swap_total_bytes=r("memory.swap_total_bytes", int(swap_gib * GIB)),
                     container_limit_bytes=r("memory.container_limit_bytes", int(limit_gib * GIB) if limit_gib else None))
    python = replace(base.python, gil_enabled=r("python.gil_enabled", gil),
                     free_threaded_build=r("python.free_threaded_build", ft))
    return replace(base, cpu=cpu, memory=memory, gpus=tuple(gpus), python=python, os=replace(base.os, family=family))


CASES = [
    # id, machine, advice that must be there (id: kind), advice that must not
    ("notes-laptop-16gb-rtx3060", {}, {"web-dev": "suits", "docker": "suits", "data": "suits",
                                       "deep-learning-cuda": "suits", "vram": "limit", "cuda-version": "note",
                                       "speedup-cpu": "expect", "smt": "expect", "gil": "expect",
                                       "io-threads": "expect", "parallel-work": "suits"},
     {"ram-under-8", "ram-under-16", "few-cores", "no-cuda", "no-gpu", "cpu-limited", "vm", "container"}),
    ("8gb-iris-only", {"ram_gib": 7.7, "gpus": (IRIS,)},
     {"web-dev": "suits", "docker-tight": "limit", "data": "limit", "ram-under-16": "limit", "no-cuda": "limit"},
     {"docker", "deep-learning-cuda", "ram-under-8", "vram"}),
    ("4gb-no-gpu", {"ram_gib": 3.8, "gpus": ()}, {"ram-under-8": "limit", "no-gpu": "limit", "data": "limit"},
     {"web-dev", "docker", "docker-tight"}),
    ("container-quota-2", {"quota": 2.0, "family": "linux", "container": "Docker", "limit_gib": 4},
     {"cpu-limited": "limit", "few-cores": "limit", "container": "note", "ram-under-8": "limit"},
     {"smt", "parallel-work", "docker"}),
    ("affinity-3", {"affinity": 3}, {"cpu-limited": "limit"}, {"few-cores"}),
    ("free-threaded-gil-off", {"gil": False, "ft": True}, {"free-threaded": "expect"}, {"gil", "gil-re-enabled"}),
    ("free-threaded-gil-back-on", {"gil": True, "ft": True}, {"gil": "expect", "gil-re-enabled": "note"},
     {"free-threaded"}),
    ("apple-silicon", {"gpus": (M1,), "family": "darwin", "logical": 10, "physical": 10},
     {"deep-learning-mps": "suits", "parallel-work": "suits"}, {"smt", "no-cuda", "deep-learning-cuda"}),
    ("amd-discrete", {"gpus": (RX, IRIS)}, {"no-cuda-amd": "limit"}, {"deep-learning-cuda", "no-cuda"}),
    ("nvidia-without-driver", {"gpus": (NVIDIA_NO_NVML,)}, {"nvidia-no-nvml": "note"}, {"deep-learning-cuda", "no-gpu"}),
    ("big-vram", {"gpus": (RTX_4090,)}, {"vram": "expect", "deep-learning-cuda": "suits"}, set()),
    ("vm-linux-no-swap", {"hypervisor": "QEMU Standard PC", "family": "linux", "swap_gib": 0},
     {"vm": "note", "no-swap": "note"}, set()),
    ("rosetta", {"arch": "x86_64 (Rosetta 2 on Apple Silicon)", "gpus": (M1,), "family": "darwin"},
     {"rosetta": "note"}, set()),
    ("two-cores", {"logical": 2, "physical": 2}, {"few-cores": "limit"}, {"smt", "cpu-limited", "parallel-work"}),
]


@pytest.mark.parametrize(("machine", "expected", "absent"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_advice_rules(machine, expected, absent):
    advice = {a.id: a for a in advise(make(**machine))}
    for advice_id, kind in expected.items():
        assert advice_id in advice, f"{advice_id} missing; got {sorted(advice)}"
        assert advice[advice_id].kind == kind, advice_id
    assert not absent & set(advice), absent & set(advice)


@pytest.mark.parametrize(("machine", "en", "vi"), [
    ({}, ["about 4 usable cores: at best 4×", "Amdahl's law gives 3.1×"], ["tốt nhất là 4×", "Amdahl cho 3,1×"]),
    ({"quota": 2.0, "family": "linux"}, ["at best 2×", "gives 1.8×"], ["tốt nhất là 2×"]),
    ({"logical": 16, "physical": 16}, ["at best 16×", "gives 6.4×"], ["16×"]),
])
def test_speedup_to_expect_uses_the_usable_cores(machine, en, vi):
    (advice,) = [a for a in advise(make(**machine)) if a.id == "speedup-cpu"]
    for words in en:
        assert words in advice.text.en
    for words in vi:
        assert words in advice.text.vi


def test_amdahl_matches_the_facts_sheet():
    assert round(amdahl(0.9, 8), 1) == 4.7  # FACTS.md §4


def test_vram_advice_uses_16_bytes_per_parameter():
    (advice,) = [a for a in advise(make()) if a.id == "vram"]
    assert "403 million" in advice.text.en and "16 bytes" in advice.text.en  # 6 GiB / 16 B
    assert "3.2 billion" in advice.text.en  # 6 GiB / 2 B in fp16


def test_docker_desktop_vm_is_mentioned_off_linux():
    docker = {a.id: a for a in advise(make(family="windows"))}["docker"]
    assert "Docker Desktop" in docker.text.en
    docker = {a.id: a for a in advise(make(family="linux"))}["docker"]
    assert "Docker Desktop" not in docker.text.en


VIETNAMESE = re.compile(r"[ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ]", re.IGNORECASE)


@pytest.mark.parametrize("machine", [c[1] for c in CASES], ids=[c[0] for c in CASES])
def test_every_advice_is_bilingual_with_diacritics(machine):
    for advice in advise(make(**machine)):
        assert advice.kind in KINDS
        assert advice.text.en and advice.text.vi and advice.text.en != advice.text.vi
        assert VIETNAMESE.search(advice.text.vi), advice.text.vi


def test_advice_is_ordered_by_kind():
    kinds = [a.kind for a in advise(make())]
    assert kinds == sorted(kinds, key=KINDS.index)


def test_unknown_figures_give_less_advice_not_errors():
    report = make()
    empty = replace(report, cpu=replace(report.cpu, logical_cpus=missing("cpu.logical_cpus", R),
                                        affinity_cpus=missing("cpu.affinity_cpus", R),
                                        usable_cpus=missing("cpu.usable_cpus", R),
                                        physical_cores=missing("cpu.physical_cores", R)),
                    memory=replace(report.memory, total_bytes=missing("memory.total_bytes", R)))
    ids = {a.id for a in advise(empty)}
    assert "speedup-cpu" not in ids and "web-dev" not in ids and "gil" in ids
