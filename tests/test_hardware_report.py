"""The model's readings and fields, the JSON document (and its documented keys), text and Markdown."""

from __future__ import annotations

import ast
import json
import re
from dataclasses import replace
from pathlib import Path

import pytest

from ds_tui.hardware import report as report_mod
from ds_tui.hardware.advice import advise
from ds_tui.hardware.examples import example_laptop
from ds_tui.hardware.fields import FIELDS, format_bytes, format_value
from ds_tui.hardware.model import Cache, found, missing
from ds_tui.hardware.report import as_json, as_markdown, as_text
from ds_tui.lessons.model import Text

HARDWARE = Path(__file__).parent.parent / "src" / "ds_tui" / "hardware"


# Model and fields -------------------------------------------------------------------------------


@pytest.mark.parametrize(("n", "text"), [
    (0, "0 B"), (512, "512 B"), (32 * 1024, "32 KiB"), (1280 * 1024, "1.25 MiB"), (8 * 1024**2, "8 MiB"),
    (6 * 1024**3, "6 GiB"), (25276502016, "23.5 GiB"), (2 * 1024**4, "2 TiB"),
])
def test_format_bytes(n, text):
    assert format_bytes(n) == text


def test_format_values_by_unit():
    assert format_value("cpu.max_mhz", 4400.0) == "4.40 GHz"
    assert format_value("cpu.base_mhz", 800.0) == "800 MHz"
    assert format_value("cpu.cpu_quota", 1.5) == "1.5"
    assert format_value("python.gil_enabled", True, "vi") == "có"
    assert format_value("python.gil_enabled", False, "en") == "no"


def test_reading_show_value_or_reason():
    assert found("memory.total_bytes", 16 * 1024**3, "psutil").show() == "16 GiB"
    gone = missing("cpu.max_mhz", Text(vi="không có", en="not here"), "sysfs")
    assert gone.show("en") == "— (not here)" and gone.show("vi") == "— (không có)"
    assert gone.meaning.en.startswith("The turbo clock")


def test_unknown_field_is_an_error():
    with pytest.raises(KeyError):
        found("cpu.frequency", 1, "x")


def test_every_field_has_a_label_and_a_one_line_meaning_in_both_languages():
    for key, field in FIELDS.items():
        for text in (field.label, field.meaning):
            assert text.vi and text.en, key
        assert "\n" not in field.meaning.en and "\n" not in field.meaning.vi
        assert field.unit in {"text", "count", "cpus", "mhz", "bytes", "caches", "bool"}


def test_logical_cpus_meaning_explains_hardware_threads():
    meaning = FIELDS["cpu.logical_cpus"].meaning.en
    assert "hardware threads share a core" in meaning and "physical cores" in meaning


def test_cache_shows_size_times_instances():
    assert Cache(2, "unified", 1280 * 1024, 4).show() == "L2 1.25 MiB × 4"
    assert Cache(1, "data", 131072, 8, "Performance").show() == "L1d 128 KiB × 8 (Performance)"
    assert Cache(3, "unified", 8 * 1024**2, None).show() == "L3 8 MiB"


def test_hardware_core_never_imports_textual():
    for path in HARDWARE.glob("*.py"):
        tree = ast.parse(path.read_text())
        names = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        names |= {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        assert not {n for n in names if n.split(".")[0] in ("textual",) or n.startswith("ds_tui.ui")}, path


# JSON -------------------------------------------------------------------------------------------


def test_json_document_required_keys():
    doc = as_json(example_laptop())
    json.dumps(doc)  # serializable as is
    assert doc["schema"] == "ds-tui.hardware/1"
    assert doc["cpu"]["model"] == "11th Gen Intel(R) Core(TM) i5-11300H @ 3.10GHz"
    assert doc["cpu"]["logical_cpus"] == 8
    assert doc["memory"]["total_bytes"] == 16 * 1024**3
    assert doc["python"]["gil_enabled"] is True
    rtx = doc["gpus"][0]
    assert (rtx["name"], rtx["memory_bytes"], rtx["driver"], rtx["cuda"]) == (
        "NVIDIA GeForce RTX 3060 Laptop GPU", 6 * 1024**3, "566.36", "12.7")
    assert doc["cpu"]["caches"][2] == {"level": 2, "type": "unified", "size_bytes": 1310720, "instances": 4,
                                       "scope": None}
    assert doc["probed_at"] == "2025-01-01T00:00:00Z"


def test_json_sources_and_missing_reasons_cover_every_figure():
    doc = as_json(example_laptop())
    for section in ("os", "cpu", "memory", "python"):
        for key, value in doc[section].items():
            if key == "family":
                continue
            path = f"{section}.{key}"
            assert path in doc["sources"], path
            assert (value is None) == (path in doc["missing"]), path
    assert doc["sources"]["gpus[0].memory_bytes"].startswith("example")
    assert doc["missing"]["gpus[1].cuda"] == {"en": "not an NVIDIA GPU: no CUDA",
                                              "vi": "không phải GPU NVIDIA: không có CUDA"}
    assert doc["missing"]["cpu.cpu_quota"]["en"]


def documented_keys() -> set[str]:
    return set(re.findall(r"^\| `([^`]+)` \|", report_mod.__doc__, flags=re.MULTILINE))


def emitted_keys(doc: dict) -> set[str]:
    keys = set()
    for key, value in doc.items():
        if isinstance(value, dict) and key not in ("sources", "missing"):
            keys |= {f"{key}.{sub}" for sub in value}
        elif isinstance(value, list):
            keys.add(f"{key}[]")
            if key == "gpus":
                keys |= {f"gpus[].{sub}" for entry in value for sub in entry}
        else:
            keys.add(key)
    keys |= {"cpu.caches[]"} if "cpu.caches" in keys else set()
    keys.discard("cpu.caches")
    return keys


def test_docstring_table_documents_exactly_the_emitted_keys():
    doc = as_json(example_laptop())
    assert emitted_keys(doc) == documented_keys()


def test_advice_in_json():
    doc = as_json(example_laptop())
    ids = [a["id"] for a in doc["advice"]]
    assert ids == [a.id for a in advise(example_laptop())]
    assert set(doc["advice"][0]["text"]) == {"en", "vi"}


def test_json_of_a_machine_without_gpus():
    report = replace(example_laptop(), gpus=())
    doc = as_json(report)
    assert doc["gpus"] == [] and not any(k.startswith("gpus[") for k in doc["sources"])


# Text and Markdown ------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_text_report_is_plain_and_explains_each_figure(lang):
    report = example_laptop()
    text = as_text(report, lang)
    assert not re.search(r"\[/?(bold|b|i|dim|red|green|link)[^\]]*\]", text)  # no Rich/Textual markup
    assert "11th Gen Intel(R) Core(TM) i5-11300H @ 3.10GHz" in text
    assert "L1d 48 KiB × 4" in text and "6 GiB" in text
    for key in ("cpu.logical_cpus", "memory.total_bytes", "gpu.cuda", "python.gil_enabled"):
        first_words = FIELDS[key].meaning.show(lang).split()[:4]
        assert " ".join(first_words) in " ".join(text.split()), key
    for advice in advise(report):
        assert " ".join(advice.text.show(lang).split()[:5]) in " ".join(text.split())
    assert all(len(line) <= 100 for line in text.splitlines() if not line.startswith("  cpu.")
               and not line.startswith("  gpus[") and not line.startswith("  memory.") and "—" not in line)


def test_text_report_without_gpu_and_without_sources():
    text = as_text(replace(example_laptop(), gpus=()), "en", sources=False)
    assert "No GPU found." in text and "SOURCES" not in text


def test_markdown_in_vietnamese_answers_question_1():
    md = as_markdown(example_laptop(), "vi")
    assert md.startswith("# Câu 1 — Kiểm tra CPU, GPU, RAM và giải thích về hiệu năng\n")
    assert "| Thông số | Giá trị | Ý nghĩa | Nguồn |" in md
    assert "## Giải thích về hiệu năng" in md and "### Máy này phù hợp với" in md
    assert "### GPU 0: NVIDIA GeForce RTX 3060 Laptop GPU (rời)" in md
    assert "CPU logic" in md and "| 8 |" in md


def test_markdown_in_english_and_table_cells_are_escaped():
    report = example_laptop()
    odd = replace(report, cpu=replace(report.cpu, model=found("cpu.model", "CPU | with a pipe", "x")))
    md = as_markdown(odd, "en")
    assert md.startswith("# Question 1")
    assert "CPU \\| with a pipe" in md
    assert "## Explaining the performance" in md


def test_markdown_uses_the_advice_it_is_given():
    md = as_markdown(example_laptop(), "en", advice=[])
    assert "### What this machine suits" not in md
