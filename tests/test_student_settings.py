"""For the student: settings remembered between launches (and read as untrusted input), the hardware
report saved where they ask with their name, lessons named the same way everywhere, a missing lessons
folder, a terminal that is too small, TERM=dumb and NO_COLOR, the hardware text's width and sources,
the decision helper's marks, and the README's command table."""

from __future__ import annotations

import io
import json
import os
import re
from pathlib import Path

import pytest

from ds_tui import settings as settings_mod
from ds_tui.cli import main
from ds_tui.settings import MAX_BYTES, Settings, load_settings, save_settings, settings_path, update_settings
from ds_tui.start_request import StartRequest
from tests.ui_helpers import plain, settle

ESC = "\x1b"
ROOT = Path(__file__).parent.parent


def example_report():
    from ds_tui.hardware.examples import example_laptop

    return example_laptop()


@pytest.fixture
def laptop(monkeypatch):
    """``ds-tui hardware`` reports the course notes' laptop, whatever this computer is."""
    import ds_tui.hardware as hardware

    report = example_report()
    monkeypatch.setattr(hardware, "probe_static", lambda: report)
    return report


# -- 1. settings.json ---------------------------------------------------------------------------------
def test_settings_round_trip_atomically(ds_home):
    assert load_settings(ds_home).settings == Settings() and load_settings(ds_home).warning("en") is None
    save_settings(ds_home, Settings(lang="vi", theme="nord", student_name="Nguyễn Văn An", student_class="K65"))
    loaded = load_settings(ds_home)
    assert loaded.problems == [] and loaded.settings.lang == "vi" and loaded.settings.student_name == "Nguyễn Văn An"
    update_settings(ds_home, theme="projector")
    assert load_settings(ds_home).settings == Settings("vi", "projector", "Nguyễn Văn An", "K65", "")
    assert [p.name for p in ds_home.iterdir() if p.name.startswith(".settings-")] == []  # no temporary file left


def _hostile(path: Path, kind: str) -> None:
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "dev-zero":
        path.symlink_to("/dev/zero")
    elif kind == "folder":
        path.mkdir()
    elif kind == "huge":
        path.write_text('{"lang": "vi", "x": "' + "a" * (MAX_BYTES + 10) + '"}', encoding="utf-8")
    elif kind == "binary":
        path.write_bytes(bytes(range(256)))
    else:
        path.write_text(kind, encoding="utf-8")


@pytest.mark.parametrize("kind", [
    "fifo", "dev-zero", "folder", "huge", "binary", "{not json", "[1, 2]", '"vi"', "null",
    '{"lang": NaN}', "[" * 100_000, '{"lang": "fr"}', '{"lang": 1}', '{"theme": "\\u001b]52;c;aGk=\\u0007"}',
    '{"theme": "[b]red[/b]"}', '{"student_name": "\\u001b[2J\\u001b]0;pwned\\u0007"}', '{"student_name": 42}',
    '{"student_name": "' + "x" * 500 + '"}', '{"report_folder": ["a"]}', '{"evil": 1, "lang": "vi"}',
    json.dumps({f"k{i}": i for i in range(5000)}),
])
def test_a_hostile_settings_file_is_one_warning_and_the_defaults(ds_home, kind):
    _hostile(settings_path(ds_home), kind)
    loaded = load_settings(ds_home)  # never raises, never hangs
    for lang in ("en", "vi"):
        warning = loaded.warning(lang)
        assert warning is not None and "\n" not in warning and ESC not in warning and "\x07" not in warning
        assert len(warning) < 600
    s = loaded.settings
    assert s.lang in (None, "vi", "en") and (s.theme is None or re.fullmatch(r"[a-z0-9][a-z0-9_-]*", s.theme))
    assert ESC not in s.student_name and len(s.student_name) <= settings_mod.MAX_NAME
    if kind.startswith('{"evil"'):
        assert s.lang == "vi"  # what was right is kept


def test_markup_in_a_name_is_data_not_markup(ds_home):
    save_settings(ds_home, Settings(student_name="[b]An[/b] *x* <y>"))
    assert load_settings(ds_home).settings.student_name == "[b]An[/b] *x* <y>"  # kept as the student typed it
    from ds_tui.hardware import as_markdown, as_text

    md = as_markdown(example_report(), "en", student="[b]An[/b] *x* <y>", group="K65")
    assert "**Student:** \\[b\\]An\\[/b\\] \\*x\\* \\<y\\> · **Class:** K65" in md
    assert "Student: [b]An[/b] *x* <y> · Class: K65" in as_text(example_report(), "en", student="[b]An[/b] *x* <y>",
                                                                  group="K65")


def test_a_broken_settings_file_warns_on_one_line_and_the_command_still_works(ds_home, capsys):
    settings_path(ds_home).write_text("{oops", encoding="utf-8")
    assert main(["stats"]) == 0
    out, err = capsys.readouterr()
    assert err.count("\n") == 1 and err.startswith("ds-tui: warning: ") and "not valid JSON" in err
    assert "Answers given: 0" in out


def test_the_saved_language_is_used_and_the_flag_wins(ds_home, capsys):
    save_settings(ds_home, Settings(lang="vi"))
    assert main(["stats"]) == 0
    assert "Số câu đã trả lời" in capsys.readouterr().out
    assert main(["stats", "--lang", "en"]) == 0
    assert "Answers given" in capsys.readouterr().out
    assert main(["--lang", "en", "calc", "presets"]) == 0


def test_the_saved_theme_reaches_the_app_and_the_flag_wins(ds_home, monkeypatch):
    from ds_tui.ui import launch

    save_settings(ds_home, Settings(theme="nord"))
    seen: dict = {}
    monkeypatch.setattr(launch, "run_tui", lambda **kwargs: seen.update(kwargs) or 0)
    assert main([]) == 0 and seen["theme"] is None and seen["saved_theme"] == "nord" and seen["notices"] == []
    assert main(["--theme", "gruvbox"]) == 0 and seen["theme"] == "gruvbox"
    assert main(["present"]) == 0 and seen["theme"] == "projector"  # a presentation: projector unless told
    save_settings(ds_home, Settings(theme="projector-light"))
    assert main(["present"]) == 0 and seen["theme"] is None and seen["saved_theme"] == "projector-light"
    settings_path(ds_home).write_text("[]", encoding="utf-8")
    assert main([]) == 0 and len(seen["notices"]) == 1 and "settings.json" in seen["notices"][0]


async def test_l_and_t_are_remembered_and_t_cycles_through_the_projector_themes(ds_home):
    from ds_tui.ui.app import DsTuiApp

    app = DsTuiApp(lang="en", home=ds_home, theme="tokyo-night")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("l")
        assert load_settings(ds_home).settings.lang == "vi"
        seen = []
        for _ in range(4):
            await pilot.press("t")
            seen.append(app.theme)
        assert seen == ["solarized-light", "projector", "projector-light", "textual-dark"]
        assert load_settings(ds_home).settings.theme == "textual-dark"
    app = DsTuiApp(lang="vi", home=ds_home, saved_theme=load_settings(ds_home).settings.theme)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.theme == "textual-dark"


async def test_an_unknown_saved_theme_and_a_settings_warning_are_notifications(ds_home):
    from ds_tui.ui.app import DsTuiApp

    app = DsTuiApp(lang="en", home=ds_home, saved_theme="no-such-theme", notices=["settings.json: [b]x[/b]"])
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        messages = [n.message for n in app._notifications]
        assert "settings.json: [b]x[/b]" in messages  # shown as it is: never markup
        assert any("no-such-theme" in m for m in messages) and app.theme == "textual-dark"


async def test_settings_that_cannot_be_saved_are_a_warning_not_a_crash(tmp_path):
    from ds_tui.ui.app import DsTuiApp

    blocker = tmp_path / "file"
    blocker.write_text("")
    app = DsTuiApp(lang="en", home=blocker / "home")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("l")
        assert app.lang == "vi"
        assert any("Không lưu được thiết lập" in n.message for n in app._notifications)


# -- 2. the hardware report: a name, a class, a place ------------------------------------------------------
def test_hardware_output_to_a_folder_with_name_and_class(ds_home, laptop, tmp_path, capsys):
    out = tmp_path / "hand-in"
    out.mkdir()
    assert main(["hardware", "--lang", "vi", "--name", "Nguyễn  Văn An", "--class", "K65-DS", "--output", str(out)]) == 0
    _, err = capsys.readouterr()
    report = (out / "hardware-report-vi.md").read_text(encoding="utf-8")
    assert "**Sinh viên:** Nguyễn Văn An · **Lớp:** K65-DS" in report and "i5-11300H" in report
    assert err.strip() == f"Đã lưu báo cáo vào {out / 'hardware-report-vi.md'}"
    saved = load_settings(ds_home).settings
    assert (saved.student_name, saved.student_class) == ("Nguyễn Văn An", "K65-DS")
    # remembered: the next report has the name without being told
    assert main(["hardware", "--output", str(tmp_path / "mine.md")]) == 0
    assert "**Student:** Nguyễn Văn An" in (tmp_path / "mine.md").read_text(encoding="utf-8")
    assert main(["hardware", "--json", "-o", str(out)]) == 0
    assert json.loads((out / "hardware-report-en.json").read_text())["schema"] == "ds-tui.hardware/1"


def test_hardware_output_to_an_unwritable_folder_goes_to_the_data_folder(ds_home, laptop, tmp_path, capsys,
                                                                         monkeypatch):
    from ds_tui.hardware import save

    locked = tmp_path / "locked"
    locked.mkdir()
    real = save.write_atomically

    def refuse(path: Path, text: str) -> None:
        if path.parent == locked:
            raise PermissionError(13, "Permission denied")
        real(path, text)

    monkeypatch.setattr(save, "write_atomically", refuse)
    assert main(["hardware", "--output", str(locked)]) == 0
    err = capsys.readouterr().err
    fallback = ds_home / "reports" / "hardware-report-en.md"
    assert err.count("\n") == 1 and f"Cannot write in {locked} (Permission denied)" in err and str(fallback) in err
    assert "i5-11300H" in fallback.read_text(encoding="utf-8")


def test_hardware_output_to_a_missing_folder_goes_to_the_data_folder(ds_home, laptop, tmp_path, capsys):
    assert main(["hardware", "--lang", "vi", "--output", str(tmp_path / "nowhere") + "/"]) == 0
    err = capsys.readouterr().err
    assert f"Không ghi được vào {tmp_path / 'nowhere'} (không có thư mục này)" in err
    assert (ds_home / "reports" / "hardware-report-vi.md").is_file()


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root writes in a read-only folder")
def test_hardware_output_to_a_read_only_folder(ds_home, laptop, tmp_path, capsys):
    locked = tmp_path / "ro"
    locked.mkdir(mode=0o555)
    assert main(["hardware", "-o", str(locked)]) == 0
    assert str(locked) in capsys.readouterr().err and (ds_home / "reports" / "hardware-report-en.md").is_file()


def test_a_name_with_control_characters_is_refused(ds_home, laptop, capsys):
    assert main(["hardware", "--name", "An\x1b[2J"]) == 2
    assert "at most 80 characters, on one line" in capsys.readouterr().err
    assert not settings_path(ds_home).exists()


async def test_save_in_the_app_asks_name_class_and_folder(ds_home, tmp_path, monkeypatch):
    from textual.widgets import Input

    from ds_tui.ui.app import DsTuiApp
    from ds_tui.ui.screens.report_dialog import ReportDialog

    monkeypatch.chdir(tmp_path)
    target = tmp_path / "reports-here"
    target.mkdir()
    app = DsTuiApp(lang="en", home=ds_home, start=StartRequest("hardware"))
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ReportDialog)
        assert dialog.query_one("#report-path", Input).value == str(tmp_path)  # the current folder at first
        dialog.query_one("#report-name", Input).value = "[b]Trần Bình[/b]"
        dialog.query_one("#report-class", Input).value = "K65"
        dialog.query_one("#report-path", Input).value = str(target)
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, ReportDialog)
        report = (target / "hardware-report-en.md").read_text(encoding="utf-8")
        assert "**Student:** \\[b\\]Trần Bình\\[/b\\] · **Class:** K65" in report
        assert any(str(target / "hardware-report-en.md") in n.message for n in app._notifications)
        saved = load_settings(ds_home).settings
        assert (saved.student_name, saved.student_class, saved.report_folder) == ("[b]Trần Bình[/b]", "K65", str(target))
        await pilot.press("s")  # the next time: what was typed is there
        await pilot.pause()
        assert app.screen.query_one("#report-name", Input).value == "[b]Trần Bình[/b]"
        assert app.screen.query_one("#report-path", Input).value == str(target)
        app.screen.query_one("#report-path", Input).value = str(tmp_path / "gone") + "/"
        await pilot.press("enter")
        await pilot.pause()
        fallback = ds_home / "reports" / "hardware-report-en.md"
        assert fallback.is_file()
        assert any(f"Cannot write in {tmp_path / 'gone'}" in n.message and str(fallback) in n.message
                   for n in app._notifications)


# -- 3. lessons named on the command line -----------------------------------------------------------------
@pytest.mark.parametrize("wanted", ["thread-or-process", "03-thread-or-process", "3", "Thread-Or-Process",
                                    "03-thread-or-process.yaml"])
def test_quiz_topic_takes_an_id_a_file_name_or_a_number(monkeypatch, wanted):
    from ds_tui.ui import launch

    seen: dict = {}
    monkeypatch.setattr(launch, "run_tui", lambda **kwargs: seen.update(kwargs) or 0)
    assert main(["quiz", "--topic", wanted]) == 0 and seen["start"] == StartRequest("quiz", lesson="thread-or-process")
    assert main(["present", wanted]) == 0 and seen["start"] == StartRequest("present", lesson="thread-or-process")


@pytest.mark.parametrize("argv", [["quiz", "--topic", "99"], ["present", "nope"]])
def test_an_unknown_lesson_lists_every_name_on_one_line(capsys, argv):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"no lesson '{argv[-1]}'" in err
    assert "your-hardware (01-your-hardware, 1)" in err and "chatgpt-training (04-chatgpt-training, 4)" in err


@pytest.mark.parametrize("argv", [["stats"], ["stats", "--json"], ["hardware", "--json"], ["validate"],
                                  ["calc", "presets"], ["demo", "list"], ["quiz"], ["review"], ["present"], []])
def test_a_lessons_folder_that_does_not_exist_is_an_error_for_every_command(tmp_path, capsys, argv):
    missing = tmp_path / "nonexistent"
    assert main(["--lessons", str(missing), *argv]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err == f"ds-tui: error: --lessons {missing}: no such folder\n"


# -- 4. a terminal too small --------------------------------------------------------------------------------
async def test_a_tiny_terminal_shows_one_line_and_recovers(ds_home):
    from ds_tui.ui.app import DsTuiApp
    from ds_tui.ui.window_size import TooSmall

    app = DsTuiApp(lang="en", home=ds_home)
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        await pilot.pause()
        hint = app.screen.query_one(TooSmall)
        assert plain(hint).strip() == "The window is 60×20: make the window at least 80×24"
        assert hint.region.width == 60 and hint.region.height == 20  # over the whole screen
        await pilot.press("l")
        await pilot.pause()
        assert "hãy mở rộng cửa sổ ít nhất 80×24" in plain(app.screen.query_one(TooSmall))
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.pause()
        assert not app.screen.query(TooSmall)
        await pilot.press("enter")  # the keys worked all along; the screens are whole again
        await pilot.pause()
        from ds_tui.ui.screens.reader import ReaderScreen

        assert isinstance(app.screen, ReaderScreen) and not app.screen.query(TooSmall)
        await pilot.resize_terminal(79, 30)
        await pilot.pause()
        await pilot.pause()
        assert "Cửa sổ đang là 79×30" in plain(app.screen.query_one(TooSmall))


async def test_the_classroom_screens_fit_60x18_and_say_so_below(ds_home):
    from ds_tui.ui.app import DsTuiApp
    from ds_tui.ui.window_size import TooSmall
    from ds_tui.ui.screens.present import PresentScreen

    app = DsTuiApp(lang="en", home=ds_home, start=StartRequest("present", lesson="your-hardware"))
    async with app.run_test(size=(60, 18)) as pilot:
        await settle(pilot)
        await pilot.pause()
        assert isinstance(app.screen, PresentScreen) and not app.screen.query(TooSmall)
        await pilot.resize_terminal(50, 15)
        await pilot.pause()
        await pilot.pause()
        assert "make the window at least 60×18" in plain(app.screen.query_one(TooSmall))


# -- 5. TERM=dumb and NO_COLOR ---------------------------------------------------------------------------------
class FakeTty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_term_dumb_gets_no_escapes_from_the_demo_output(monkeypatch):
    from ds_tui.demos.cli import ProgressLine
    from ds_tui.demos.events import RunStarted

    monkeypatch.setenv("TERM", "dumb")
    stream = FakeTty()
    line = ProgressLine(stream, "en")
    line.on_event(RunStarted(demo="cpu-bound", mode="threads", workers=2, total=10))
    line.clear()
    assert ESC not in stream.getvalue() and "\r" not in stream.getvalue() and "(2)" in stream.getvalue()
    monkeypatch.setenv("TERM", "xterm-256color")
    stream = FakeTty()
    ProgressLine(stream, "en").on_event(RunStarted(demo="cpu-bound", mode="threads", workers=2, total=10))
    assert ESC in stream.getvalue()  # a capable terminal: the line is redrawn


def test_term_dumb_gets_a_plain_results_table(monkeypatch):
    from ds_tui.demos.cli import print_report
    from ds_tui.demos.results import DemoReport, RunResult
    from ds_tui.lessons.model import Text

    monkeypatch.setenv("TERM", "dumb")
    report = DemoReport(demo="cpu-bound", params={}, machine={}, runs=(RunResult(mode="threads", workers=2, wall_s=1.0, cpu_s=1.0, ok=True),),
                        metrics={}, explanation=Text(en="[b]plain[/b]", vi="x"))
    stream = FakeTty()
    print_report(report, "en", stream)
    assert ESC not in stream.getvalue() and "[b]plain[/b]" in stream.getvalue()


def test_the_app_under_term_dumb_names_the_plain_commands(monkeypatch, capsys):
    from ds_tui.ui import launch

    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.setattr(launch, "run_tui", lambda **kwargs: pytest.fail("the app must not start"))
    for argv in ([], ["review"], ["hardware", "--live"], ["--lang", "vi", "present"]):
        assert main(argv) == 1
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "TERM=dumb" in err and "ds-tui hardware" in err and ESC not in err
    assert main(["stats"]) == 0 and ESC not in capsys.readouterr().out  # the plain commands still work


def test_term_dumb_subprocess_prints_plain_text(tmp_path):
    import subprocess
    import sys

    env = {**os.environ, "TERM": "dumb", "PYTHONPATH": str(ROOT / "src")}
    result = subprocess.run([sys.executable, "-m", "ds_tui", "demo", "list"], capture_output=True, text=True,
                            env=env, timeout=60)
    assert result.returncode == 0 and ESC not in result.stdout + result.stderr
    result = subprocess.run([sys.executable, "-m", "ds_tui"], capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 1 and "TERM=dumb" in result.stderr and ESC not in result.stdout + result.stderr


async def test_no_color_keeps_the_selection_visible(ds_home, monkeypatch):
    from textual.widgets import OptionList

    from ds_tui.ui.app import DsTuiApp

    monkeypatch.setenv("NO_COLOR", "1")
    app = DsTuiApp(lang="en", home=ds_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.no_color
        style = app.screen.query_one(OptionList).get_component_styles("option-list--option-highlighted")
        assert style.text_style.reverse


# -- 6. the hardware text's width, the hardware screen's sources ----------------------------------------------
def test_hardware_text_wraps_to_the_terminal_and_not_on_a_pipe(monkeypatch):
    from ds_tui import console_output
    from ds_tui.hardware import as_text

    report = example_report()
    unwrapped = as_text(report, "en", width=None)
    assert max(len(line) for line in unwrapped.splitlines()) > 100  # a meaning on one line, as long as it is
    narrow = as_text(report, "en", width=60)
    meanings = [line for line in narrow.splitlines() if line.startswith(" " * 30)]
    assert meanings and all(len(line) <= 60 for line in meanings)
    assert console_output.text_width(io.StringIO()) is None
    monkeypatch.setenv("COLUMNS", "72")
    assert console_output.text_width(FakeTty()) == 72


def test_hardware_command_on_a_pipe_is_not_wrapped(laptop, capsys):
    assert main(["hardware"]) == 0
    out = capsys.readouterr().out
    assert max(len(line) for line in out.splitlines()) > 100


async def test_the_hardware_screen_shows_each_figures_source_and_o_hides_them(ds_home):
    from textual.widgets import Static

    from ds_tui.ui.app import DsTuiApp

    app = DsTuiApp(lang="en", home=ds_home, start=StartRequest("hardware"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.pause()
        facts = plain(app.screen.query_one("#hw-all", Static))
        report = example_report()
        assert f"↳ Source: {report.cpu.logical_cpus.source}" in facts
        assert report.gpus and f"↳ Source: {report.gpus[0].source}" in facts
        await pilot.press("o")
        await pilot.pause()
        assert "↳ Source" not in plain(app.screen.query_one("#hw-all", Static))
        await pilot.press("o", "l")
        await pilot.pause()
        assert "↳ Nguồn:" in plain(app.screen.query_one("#hw-all", Static))


# -- 7. the decision helper ----------------------------------------------------------------------------------------
async def test_the_decision_helper_marks_the_choice_with_a_glyph_and_wraps_its_options(ds_home):
    from ds_tui.ui.app import DsTuiApp
    from ds_tui.ui.widgets.decision_helper import Choice, DecisionHelper

    app = DsTuiApp(lang="en", home=ds_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_lesson("thread-or-process")
        await pilot.pause()
        reader = app.screen
        reader.index = next(i for i, s in enumerate(reader.lesson.sections) if s.embed and s.embed.id == "decision-helper")
        await pilot.pause()
        helper = app.screen.query_one(DecisionHelper)
        choices = list(helper.query_one("#f-work").query(Choice))
        marks = [str(c.render()).strip().startswith(("▐●▌", "●")) for c in choices]
        assert marks == [True, False, False, False]
        assert all("●" not in str(c.render()) for c in choices[1:])
        long = next(c for c in choices if "NumPy" in c.label.plain)
        assert long.size.height >= 2 and long.size.width <= 76
        rendered = str(long.render())
        assert "hashlib)" in rendered and "\n    " in rendered  # the whole option, the rest under itself
        choices[2].value = True
        await pilot.pause()
        assert str(choices[2].render()).count("●") == 1 and "●" not in str(choices[0].render())


# -- 8. the README ---------------------------------------------------------------------------------------------------
def test_readme_tables_are_whole_and_quick_start_has_two_commands():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    lines = text.splitlines()
    in_code = False
    for i, line in enumerate(lines):
        if line.startswith("```"):
            in_code = not in_code
        if not in_code and line.startswith("| ") and i >= 2 and lines[i - 1] == "" and lines[i - 2].startswith("|"):
            pytest.fail(f"README.md:{i + 1}: a table row after a blank line (the table ends above it)")
    quick = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    block = quick.split("```bash\n", 1)[1].split("```", 1)[0]
    assert len(block.strip().splitlines()) == 2
    assert "python3 -m venv" in quick and "python3-venv" in quick and "py -m venv" in quick
