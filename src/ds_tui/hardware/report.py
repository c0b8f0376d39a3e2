"""The hardware report as JSON, plain text and Markdown.

JSON document (``as_json``), schema ``"ds-tui.hardware/1"``. Values are plain (numbers in bytes and
MHz, strings, booleans, ``null`` when missing); where each value came from is in ``sources``, and why
a value is ``null`` is in ``missing``, both keyed by the dotted path in the first column.

| key | type | meaning |
|---|---|---|
| `schema` | string | `"ds-tui.hardware/1"`; changes only when a key changes meaning or goes away |
| `generator` | string | `"ds-tui 0.1.0"` |
| `probed_at` | string | when the probe ran, ISO 8601 UTC |
| `probe_seconds` | number | how long the static probe took |
| `os.family` | string | `linux`, `windows`, `darwin`, ... |
| `os.name` | string | `"Ubuntu 24.04.1 LTS"`, `"Windows 11 23H2"` (build ≥ 22000), `"macOS 14.5"` |
| `os.version` | string | Linux kernel release, `"10.0.22631.4317"` (Windows), `"14.5"` (macOS) |
| `os.build` | string | Windows build `"22631"`, macOS build `"23F79"`; `null` on Linux |
| `cpu.model` | string | the CPU model exactly as the OS names it |
| `cpu.vendor` | string | `Intel`, `AMD`, `Apple`, `ARM`, ... |
| `cpu.architecture` | string | `platform.machine()`: `x86_64`, `AMD64`, `arm64`, `aarch64` |
| `cpu.physical_cores` | integer | physical cores |
| `cpu.logical_cpus` | integer | logical CPUs (hardware threads) the OS schedules |
| `cpu.affinity_cpus` | integer | CPUs this process may run on (affinity / cpuset) |
| `cpu.cpu_quota` | number | cgroup CPU quota in CPUs (`2.0` from `cpu.max` "200000 100000"); `null` = no quota |
| `cpu.usable_cpus` | integer | affinity ∩ quota (quota rounded up): worker processes worth starting |
| `cpu.base_mhz` | number | base clock, MHz |
| `cpu.max_mhz` | number | maximum (turbo) clock, MHz |
| `cpu.caches[]` | list | `{level, type, size_bytes, instances, scope}`; type `data`/`instruction`/`unified`; shown "size × instances" |
| `cpu.hypervisor` | string | the hypervisor's name when virtualized; `null` on bare metal |
| `cpu.container` | string | `Docker`, `Podman`, `Kubernetes`, `LXC`, ...; `null` outside containers |
| `memory.total_bytes` | integer | RAM the OS sees (inside a container: the host's) |
| `memory.swap_total_bytes` | integer | swap / page file size |
| `memory.commit_limit_bytes` | integer | Windows commit limit (RAM + page file); `null` elsewhere |
| `memory.container_limit_bytes` | integer | cgroup memory limit; `null` when none |
| `gpus[]` | list | one object per GPU, in the order the chain found them (NVML first); `[]` when none |
| `gpus[].name` | string | `"NVIDIA GeForce RTX 3060 Laptop GPU"` |
| `gpus[].vendor` | string | `NVIDIA`, `AMD`, `Intel`, `Apple` |
| `gpus[].vendor_id` | string | PCI vendor id, `"0x10de"` |
| `gpus[].device_id` | string | PCI device id, `"0x2520"` |
| `gpus[].memory_bytes` | integer | dedicated VRAM; `null` for integrated / unified memory |
| `gpus[].driver` | string | driver version |
| `gpus[].cuda` | string | highest CUDA version the driver supports, `"12.7"`; `null` without NVIDIA/NVML |
| `gpus[].cores` | integer | CUDA cores (NVML) or Apple GPU cores |
| `gpus[].integrated` | boolean | shares system RAM; `null` when it cannot be told |
| `gpus[].unified_memory` | boolean | Apple Silicon unified memory |
| `gpus[].bus_id` | string | PCI address `"0000:01:00.0"` where known |
| `gpus[].source` | string | the chain step that found it: `NVML`, `sysfs /sys/class/drm/card1`, `Windows registry`, ... |
| `gpu_probe[]` | list | `{step, result}`: what each step of the GPU chain found or why it found nothing |
| `python.version` | string | `"3.12.7"` |
| `python.implementation` | string | `"CPython"` |
| `python.gil_enabled` | boolean | the GIL is on now (`sys._is_gil_enabled()`, else always true) |
| `python.free_threaded_build` | boolean | built with `Py_GIL_DISABLED` (3.13t/3.14t) |
| `advice[]` | list | `{id, kind, text: {en, vi}}`; kind `suits`, `limit`, `expect`, `note` |
| `notes[]` | list | `{step, result}`: remarks about the probe itself |
| `sources` | object | dotted path → where the value was read, e.g. `"cpu.logical_cpus": "psutil.cpu_count(logical=True)"`, `"gpus[0].memory_bytes": "NVML nvmlDeviceGetMemoryInfo"` |
| `missing` | object | dotted path → `{en, vi}` reason, for every `null` figure |
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Sequence
from typing import Any

from ds_tui import __version__
from ds_tui.hardware.advice import KIND_TITLES, KINDS, Advice, advise
from ds_tui.textsafe import clean
from ds_tui.hardware.model import Cache, HardwareReport, Reading
from ds_tui.i18n import t
from ds_tui.numbers import decimal

SCHEMA = "ds-tui.hardware/1"


def _cache(c: Cache) -> dict[str, Any]:
    return {"level": c.level, "type": c.type, "size_bytes": c.size_bytes, "instances": c.instances, "scope": c.scope}


def _plain(reading: Reading[Any]) -> Any:
    value = reading.value
    if isinstance(value, tuple) and value and isinstance(value[0], Cache):
        return [_cache(c) for c in value]
    if reading.key == "cpu.caches" and value == ():
        return []
    return value


class _Doc:
    def __init__(self) -> None:
        self.sources: dict[str, str] = {}
        self.missing: dict[str, dict[str, str | None]] = {}

    def section(self, prefix: str, readings: dict[str, Reading[Any]]) -> dict[str, Any]:
        out = {}
        for name, reading in readings.items():
            path = f"{prefix}.{name}"
            out[name] = _plain(reading)
            if reading.source:
                self.sources[path] = reading.source
            if reading.value is None and reading.missing is not None:
                self.missing[path] = {"en": reading.missing.en, "vi": reading.missing.vi}
        return out


def _readings(obj: Any, names: Sequence[str]) -> dict[str, Reading[Any]]:
    return {name: getattr(obj, name) for name in names}


CPU_KEYS = ("model", "vendor", "architecture", "physical_cores", "logical_cpus", "affinity_cpus", "cpu_quota",
            "usable_cpus", "base_mhz", "max_mhz", "caches", "hypervisor", "container")
MEMORY_KEYS = ("total_bytes", "swap_total_bytes", "commit_limit_bytes", "container_limit_bytes")
GPU_KEYS = ("name", "vendor", "vendor_id", "device_id", "memory_bytes", "driver", "cuda", "cores")
OS_KEYS = ("name", "version", "build")
PYTHON_KEYS = ("version", "implementation", "gil_enabled", "free_threaded_build")


def _iso(timestamp: float) -> str:
    return dt.datetime.fromtimestamp(timestamp, dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def as_json(report: HardwareReport, advice: Sequence[Advice] | None = None) -> dict[str, Any]:
    """The report as a JSON-ready dict (see the module docstring for every key)."""
    doc = _Doc()
    os_section = {"family": report.os.family, **doc.section("os", _readings(report.os, OS_KEYS))}
    gpus = []
    for i, gpu in enumerate(report.gpus):
        entry = doc.section(f"gpus[{i}]", _readings(gpu, GPU_KEYS))
        entry.update(integrated=gpu.integrated, unified_memory=gpu.unified_memory, bus_id=gpu.bus_id, source=gpu.source)
        gpus.append(entry)
    items = advise(report) if advice is None else advice
    return {
        "schema": SCHEMA,
        "generator": f"ds-tui {__version__}",
        "probed_at": _iso(report.probed_at),
        "probe_seconds": round(report.probe_seconds, 4),
        "os": os_section,
        "cpu": doc.section("cpu", _readings(report.cpu, CPU_KEYS)),
        "memory": doc.section("memory", _readings(report.memory, MEMORY_KEYS)),
        "gpus": gpus,
        "gpu_probe": [{"step": n.step, "result": n.text.en} for n in report.gpu_notes],
        "python": doc.section("python", _readings(report.python, PYTHON_KEYS)),
        "advice": [{"id": a.id, "kind": a.kind, "text": {"en": a.text.en, "vi": a.text.vi}} for a in items],
        "notes": [{"step": n.step, "result": n.text.en} for n in report.notes],
        "sources": doc.sources,
        "missing": doc.missing,
    }


# Text and Markdown ------------------------------------------------------------------------------

def _sections(report: HardwareReport) -> list[tuple[str, list[Reading[Any]]]]:
    return [
        ("cpu", [getattr(report.cpu, k) for k in CPU_KEYS]),
        ("memory", [getattr(report.memory, k) for k in MEMORY_KEYS]),
        ("os", [getattr(report.os, k) for k in OS_KEYS]),
        ("python", [getattr(report.python, k) for k in PYTHON_KEYS]),
    ]


def _gpu_title(gpu: Any, i: int, lang: str) -> str:
    kind = ("unified" if gpu.unified_memory else "integrated") if gpu.integrated else (
        "dedicated" if gpu.integrated is False else None)
    suffix = f" ({t(f'hwreport.{kind}', lang)})" if kind else ""
    return f"GPU {i}: {gpu.name.value or '?'}{suffix}"


def _advice_by_kind(items: Sequence[Advice]) -> list[tuple[str, list[Advice]]]:
    return [(kind, [a for a in items if a.kind == kind]) for kind in KINDS if any(a.kind == kind for a in items)]


def _student_line(lang: str, student: str, group: str, markdown: bool = False) -> str | None:
    """``Student: An · Class: DS-01`` (None when neither is known). The text is the user's: plain, one line."""

    def shown(value: str) -> str:
        value = clean(" ".join(value.split()), 80, one_line=True)
        return "".join("\\" + c if markdown and c in "\\`*_[]<>|#!~" else c for c in value)

    parts = [(t(key, lang), shown(value)) for key, value in (("report.student", student), ("report.class", group))
             if value.strip()]
    if not parts:
        return None
    return " · ".join(f"**{k}:** {v}" if markdown else f"{k}: {v}" for k, v in parts)


def as_text(report: HardwareReport, lang: str = "en", advice: Sequence[Advice] | None = None, *,
            width: int | None = 100, sources: bool = True, student: str = "", group: str = "") -> str:
    """A plain-text report (no markup) with each figure's one-line meaning; sources at the end.
    ``width``: where to wrap the long lines (None: not at all, for a file or a pipe)."""
    items = advise(report) if advice is None else advice
    label_w = 26
    width = max(width, 40) if width is not None else 1_000_000
    wrap_meaning = textwrap.TextWrapper(width=width, initial_indent=" " * (label_w + 4),
                                        subsequent_indent=" " * (label_w + 4))
    lines = [f"ds-tui — {t('hwreport.title', lang)} ({t('hwreport.probed', lang, when=_iso(report.probed_at), seconds=decimal(report.probe_seconds, lang))})"]
    who = _student_line(lang, student, group)
    if who:
        lines.append(who)

    def figure(reading: Reading[Any], indent: str = "  ") -> None:
        pad = label_w - (len(indent) - 2)
        lines.append(f"{indent}{reading.label.show(lang):<{pad}}  {reading.show(lang)}")
        lines.extend(wrap_meaning.wrap(reading.meaning.show(lang)))

    for key, readings in _sections(report)[:2]:
        lines += ["", t(f"hwreport.{key}", lang).upper()]
        for reading in readings:
            figure(reading)
    lines += ["", t("hwreport.gpu", lang).upper()]
    if not report.gpus:
        lines.append(f"  {t('hwreport.gpus_none', lang)}")
    for i, gpu in enumerate(report.gpus):
        lines.append(f"  {_gpu_title(gpu, i, lang)}")
        for k in GPU_KEYS[1:]:
            figure(getattr(gpu, k), "    ")
    lines.append(f"  {t('hwreport.gpu_probe', lang)}:")
    lines += [f"    - {n.step}: {n.text.show(lang)}" for n in report.gpu_notes]
    for key, readings in _sections(report)[2:]:
        lines += ["", t(f"hwreport.{key}", lang).upper()]
        for reading in readings:
            figure(reading)
    wrap_advice = textwrap.TextWrapper(width=width - 2, initial_indent="  - ", subsequent_indent="    ")
    lines += ["", t("hwreport.performance", lang).upper()]
    for kind, advice in _advice_by_kind(items):
        lines.append(f"  {KIND_TITLES[kind].show(lang)}:")
        for a in advice:
            lines.extend("  " + line for line in wrap_advice.wrap(a.text.show(lang)))
    if report.notes:
        lines += ["", t("hwreport.notes", lang).upper()]
        lines += [f"  - {n.step}: {n.text.show(lang)}" for n in report.notes]
    if sources:
        lines += ["", t("hwreport.sources", lang).upper()]
        doc = as_json(report, items)
        lines += [f"  {path}: {source}" for path, source in doc["sources"].items()]
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def as_markdown(report: HardwareReport, lang: str = "vi", advice: Sequence[Advice] | None = None, *,
                student: str = "", group: str = "") -> str:
    """A report a student can hand in for the notes' first question, in Vietnamese or English, with the
    student's name and class when given."""
    items = advise(report) if advice is None else advice
    head = (f"| {t('hwreport.col_item', lang)} | {t('hwreport.col_value', lang)} | {t('hwreport.col_meaning', lang)} | "
            f"{t('hwreport.col_source', lang)} |\n|---|---|---|---|")

    def row(reading: Reading[Any]) -> str:
        source = f"`{_cell(reading.source)}`" if reading.source else ""
        return (f"| {_cell(reading.label.show(lang))} | {_cell(reading.show(lang))} | "
                f"{_cell(reading.meaning.show(lang))} | {source} |")

    out = [f"# {t('hwreport.md_title', lang)}", "",
           f"_{t('hwreport.md_intro', lang, version=__version__, when=_iso(report.probed_at))}_", ""]
    who = _student_line(lang, student, group, markdown=True)
    if who:
        out[2:2] = [who, ""]
    sections = _sections(report)
    for key, readings in sections[:2]:
        out += [f"## {t(f'hwreport.{key}', lang)}", "", head, *(row(r) for r in readings), ""]
    out += [f"## {t('hwreport.gpu', lang)}", ""]
    if not report.gpus:
        out += [t("hwreport.gpus_none", lang), ""]
    for i, gpu in enumerate(report.gpus):
        out += [f"### {_cell(_gpu_title(gpu, i, lang))}", "", head,
                *(row(getattr(gpu, k)) for k in GPU_KEYS), ""]
    out += [f"**{t('hwreport.gpu_probe', lang)}:**", ""]
    out += [f"- {n.step}: {n.text.show(lang)}" for n in report.gpu_notes]
    out.append("")
    for key, readings in sections[2:]:
        out += [f"## {t(f'hwreport.{key}', lang)}", "", head, *(row(r) for r in readings), ""]
    out += [f"## {t('hwreport.performance', lang)}", ""]
    for kind, advice in _advice_by_kind(items):
        out += [f"### {KIND_TITLES[kind].show(lang)}", "", *(f"- {a.text.show(lang)}" for a in advice), ""]
    if report.notes:
        out += [f"## {t('hwreport.notes', lang)}", "", *(f"- {n.step}: {n.text.show(lang)}" for n in report.notes), ""]
    return "\n".join(out).rstrip() + "\n"
