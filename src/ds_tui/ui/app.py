"""The ds-tui application: owns the language, the lesson library and the progress store."""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual import events, work
from textual.app import App
from textual.binding import Binding
from textual.reactive import var
from textual.worker import Worker, WorkerState

from typing import TYPE_CHECKING, cast

from ds_tui import startup_gc
from ds_tui.idle_gc import CHECK_S as IDLE_GC_CHECK_S
from ds_tui.idle_gc import IdleCollector
from ds_tui.i18n import other_lang, t
from ds_tui.paths import data_dir
from ds_tui.ui.app_screens import ScreenOpeners
from ds_tui.ui.bindings import localize
from ds_tui.ui.palette import register_themes
from ds_tui.ui.screens.home import HomeScreen

from ds_tui.ui.hardware_feed import HardwareFeed, HardwareSampled
from ds_tui.ui.memory import freeze_startup_heap, thaw_heap
from ds_tui.ui.window_size import check_fit, watch_fit
from ds_tui.settings import update_settings
from ds_tui.textsafe import clean
from ds_tui.ui.user_keys import apply_user_keymap

if TYPE_CHECKING:  # the core and the reader load off the start-up path (see load() and open_lesson())
    import socket
    from concurrent.futures import Future

    from textual.command import Provider
    from textual.timer import Timer

    from ds_tui.hardware import HardwareReport, Sample
    from ds_tui.hardware.source import MachineSource

    from ds_tui.lessons import LessonLibrary
    from ds_tui.quiz.progress import Progress
    from ds_tui.start_request import StartRequest
    from ds_tui.startup import Loaded
    from ds_tui.store import QuestionState, SaveState, Store

# what t cycles through: Textual's themes, then the projector's (ds_tui.ui.palette.PROJECTOR_THEMES)
THEMES: tuple[str, ...] = ("textual-dark", "textual-light", "nord", "gruvbox", "tokyo-night", "solarized-light",
                           "projector", "projector-light")


def lesson_commands() -> type[Provider]:
    """ds-tui's commands in the palette, loaded when the palette first opens (Textual calls it then)."""
    from ds_tui.ui.commands import LessonCommands  # lazy: the palette's module is not needed for the first screen

    return LessonCommands


def default_machine() -> MachineSource:
    """The machine the views show when none is given: this one (tests replace it with a recorded one)."""
    from ds_tui.hardware.source import LiveMachine  # lazy: the probe and its advice load with the hardware screen

    return LiveMachine()


class DsTuiApp(ScreenOpeners):
    """The app: the language, the lesson library, the progress store and the hardware; the ways to a screen
    are ScreenOpeners' (ds_tui.ui.app_screens)."""

    # the small-window hint's style is shared with ds-tui notes; the home screen's own file is read here
    # because Textual does not read the default screen's CSS_PATH (only a pushed or installed screen's)
    CSS_PATH = ["app.tcss", "window_size.tcss", "screens/home.tcss"]
    TITLE = "ds-tui"
    COMMANDS = App.COMMANDS | {lesson_commands}
    BINDINGS = [
        Binding("q", "quit", "Quit", show=False),
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("l", "toggle_lang", "Tiếng Việt"),
        Binding("t", "next_theme", "Theme", show=False),
    ]

    # var, not reactive: screens watch these and repaint only what changed (a 1 Hz sample that
    # repainted the whole app would cost more CPU than btop)
    lang: var[str] = var("en")
    library: var[LessonLibrary | None] = var(None)
    hw_report: var[HardwareReport | None] = var(None)
    hw_sample: var[Sample | None] = var(None)
    save_state: var[SaveState | None] = var(None)  # what is true about saving now (None: no store)
    SAVE_RETRY_S = 2.0  # while writes wait for the database, try again this often
    STARTUP_GC_LIMIT_S = 5.0  # the longest the start keeps the garbage collector paused (ds_tui.startup_gc)

    def __init__(self, lang: str = "en", lesson_dirs: list[Path] | None = None, theme: str | None = None,
                 home: Path | None = None, preloaded: Future[Loaded] | None = None, start: StartRequest | None = None,
                 machine: MachineSource | None = None, saved_theme: str | None = None,
                 notices: list[str] | None = None) -> None:
        super().__init__()
        self._machine = machine  # made on first use: the home screen needs no hardware module
        self.set_reactive(DsTuiApp.lang, lang)
        self.lesson_dirs = list(lesson_dirs or [])
        self.home_dir = home or data_dir()
        self.store: Store | None = None
        self._progress: Progress | None = None
        self._save_retry: Timer | None = None
        self._initial_theme = theme
        self._saved_theme = saved_theme  # from settings.json: --theme wins; an unknown one is a warning
        self._notices = list(notices or [])
        self._preloaded = preloaded
        self._load_started = False
        self._help_names: dict[tuple[object, ...], str] = {}  # the installed help screens (see action_help)
        self._start = start
        self.hardware_feed = HardwareFeed(self)
        self.idle_gc = IdleCollector()  # full collections wait for a pause in the typing (ds_tui.idle_gc)
        # ds-tui present --serve: the port the command line bound (the first presentation takes it), and
        # --host/--port for a restart with w
        self.serve_listener: socket.socket | None = None
        self.serve_host: str | None = None
        self.serve_port: int | None = None
        register_themes(self)  # projector themes, before --theme is checked

    @property
    def machine(self) -> MachineSource:
        """The machine the views show (this one unless the app was given another)."""
        if self._machine is None:
            self._machine = default_machine()
        return self._machine

    # -- start-up: the lessons and the store are there at once, or load in a thread after the first frame --
    def on_mount(self) -> None:
        if self._initial_theme:
            self.theme = self._initial_theme
        elif self._saved_theme and self._saved_theme in self.available_themes:
            self.theme = self._saved_theme
        elif self._saved_theme:
            self._notices.append(t("settings.unknown_theme", self.lang, name=self._saved_theme))
        for notice in self._notices:
            self.notify(notice, severity="warning", timeout=10, markup=False)
        localize(self, self.lang)

        watch_fit(self)
        # whatever happens to the first screen (a first start parsing many lessons, a load that hangs), the
        # collector is paused for this long at most
        self.set_timer(self.STARTUP_GC_LIMIT_S, startup_gc.resume)
        if self.idle_gc.start():
            self.set_interval(IDLE_GC_CHECK_S, self.idle_gc.tick)
        start = self._start
        if start is None or start.kind != "hardware":
            self.ensure_loaded()
        if start is None:
            pass
        elif start.kind == "hardware":  # no lessons to wait for: collection goes on once the screen is drawn
            self.action_hardware()
            self.call_after_refresh(startup_gc.resume)
        elif start.kind == "demo":
            self.open_demo(start.demo, start.workers, start.size, start.microbatches, run=start.run)
        elif start.kind == "present" and start.lesson:
            # lazy: screens load when first opened
            from ds_tui.ui.classroom import present_when_loaded

            present_when_loaded(self, start.lesson)

        apply_user_keymap(self, self.lang)

    def get_default_screen(self) -> HomeScreen:
        return HomeScreen()

    def ensure_loaded(self) -> None:
        """Load the lessons and open the progress store, once. A start on the live hardware screen
        (``ds-tui hardware --live``) leaves them until another screen covers or replaces it (the
        home screen, the command palette, the help): a hardware monitor needs neither (~3.5 MiB)."""
        if not self._load_started:
            self._load_started = True
            ready = self._preloaded
            if ready is not None and ready.done() and ready.exception() is None:
                self._loaded(ready.result())  # no thread to wait for: the first frame has the lessons
            else:
                self.load()

    @work(thread=True, exclusive=True, group="load", exit_on_error=False, description="loading lessons")
    def load(self) -> Loaded:
        if self._preloaded is not None:  # started by the command line before Textual was imported
            return self._preloaded.result()
        from ds_tui.startup import load_everything  # lazy: the loading thread's own imports

        return load_everything(self.lesson_dirs, self.home_dir)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.group == "probe":
            if event.state is WorkerState.SUCCESS:
                self.hw_report = worker.result
            elif event.state is WorkerState.ERROR:
                self.notify(f"{worker.error}", title=t("hw.title", self.lang), severity="error", timeout=10,
                            markup=False)
            return
        if worker.group != "load":
            return
        if event.state is WorkerState.SUCCESS:
            self._loaded(cast("Loaded", worker.result))  # the load worker's result
        elif event.state is WorkerState.ERROR:
            from ds_tui.lessons import LessonLibrary  # lazy: the live hardware screen starts without the lessons

            self.library = LessonLibrary()
            self.notify(f"{worker.error}", title="ds-tui", severity="error", timeout=10, markup=False)
            self.call_after_refresh(startup_gc.resume)

    def _loaded(self, loaded: Loaded) -> None:
        self.store = loaded.store
        self.note_saving()
        self.library = loaded.library
        start = self._start
        if start is not None and start.kind == "review":
            self.open_quiz("review")
        elif start is not None and start.kind == "quiz":
            self.open_quiz("lesson" if start.lesson else "mixed", start.lesson)
        if loaded.store_problem:
            message = loaded.store_problem if loaded.store else t("store.unavailable", self.lang, error=loaded.store_problem)
            self.notify(message, severity="warning", timeout=10, markup=False)
        self.call_after_refresh(freeze_startup_heap)

    # -- hardware: probed once, off the UI thread; sampled at 1 Hz while a view shows it ----
    def ensure_hardware_probe(self) -> None:
        if self.hw_report is None and not any(w.group == "probe" for w in self.workers):
            self.probe_hardware()

    @work(thread=True, exclusive=True, group="probe", exit_on_error=False, description="probing hardware")
    def probe_hardware(self) -> HardwareReport:
        return self.machine.probe()

    def on_hardware_sampled(self, message: HardwareSampled) -> None:
        self.hw_sample = message.sample

    # -- progress (the store may be missing: the app still works, it just cannot remember) --
    def sections_read(self, lesson_id: str) -> set[str]:
        return self.store.sections_read(lesson_id) if self.store else set()

    def mark_read(self, lesson_id: str, section_id: str) -> None:
        """The section was read, and is where the lesson resumes next time."""
        if self.store is None:
            return
        try:
            self.store.mark_read(lesson_id, section_id, place=True)
        except Exception as exc:  # a closed store must not end the lesson
            self.notify(t("store.unavailable", self.lang, error=exc), severity="warning", markup=False)
        self.note_saving()

    def note_saving(self) -> None:
        """After a write: show what is true about saving now, and retry on a timer while writes wait.

        The store never blocks on a busy database (it keeps what it cannot write), so the timer
        runs here on the interface thread."""
        self.save_state = self.store.save_state if self.store else None
        if self.save_state is not None and not self.save_state.saved and self._save_retry is None:
            self._save_retry = self.set_interval(self.SAVE_RETRY_S, self._retry_saving)

    def _retry_saving(self) -> None:
        self.save_state = self.store.retry_pending() if self.store else None
        if (self.save_state is None or self.save_state.saved) and self._save_retry is not None:
            self._save_retry.stop()
            self._save_retry = None

    # -- quizzes: every answer is recorded the moment it is given --------------------------
    @property
    def progress(self) -> Progress | None:
        if self.store is None:
            return None
        if self._progress is None or self._progress.store is not self.store:
            from ds_tui.quiz.progress import Progress  # lazy: the quiz core loads with the first quiz

            self._progress = Progress(self.store)
        return self._progress

    def quiz_states(self) -> list[QuestionState]:
        try:
            return self.store.question_states() if self.store else []
        except Exception:  # the home screen still shows the lessons
            return []

    # -- actions ---------------------------------------------------------------------------
    def save_demo_report(self, demo: str, report_json: str) -> None:
        if self.store is None:
            return
        from ds_tui.demos import history  # lazy: the demo engine loads with the first demo

        try:
            summary = history.from_saved(demo, 0.0, None, report_json)
            self.store.save_demo_report(demo, report_json, history.to_json(summary) if summary else None)
        except Exception as exc:  # a full disk must not end the demo
            self.notify(t("store.unavailable", self.lang, error=exc), severity="warning", markup=False)

    def demo_history(self, demo: str, limit: int = 10) -> list:
        """The latest runs of ``demo`` on this machine, newest first (ds_tui.demos.history.RunSummary)."""
        from ds_tui.demos import history  # lazy: the demo engine loads with the first demo

        try:
            rows = self.store.demo_summaries(demo, limit) if self.store else []
        except Exception:  # the list still shows every demo
            return []
        return [s for s in (history.from_saved(demo, *row) for row in rows) if s is not None]

    def demo_reports(self, demo: str) -> list[tuple[float, str]]:
        try:
            return self.store.demo_reports(demo) if self.store else []
        except Exception:
            return []

    def lesson_place(self, lesson_id: str) -> str | None:
        try:
            return self.store.place(lesson_id) if self.store else None
        except Exception:  # no place: the lesson opens at its start
            return None

    def on_resize(self) -> None:
        self.call_after_refresh(check_fit, self)

    def watch_lang(self, lang: str) -> None:
        localize(self, lang)

    def action_toggle_lang(self) -> None:
        self.lang = other_lang(self.lang)
        self.notify(t("lang.switched", self.lang), timeout=2)
        self.remember(lang=self.lang)

    def action_next_theme(self) -> None:
        themes = [name for name in THEMES if name in self.available_themes]
        current = themes.index(self.theme) if self.theme in themes else -1
        self.theme = themes[(current + 1) % len(themes)]
        self.notify(t("theme.switched", self.lang, name=self.theme), timeout=2)
        self.remember(theme=self.theme)

    def remember(self, **changes: object) -> bool:
        """Save ``changes`` in settings.json for the next launch; a folder that cannot be written is a warning."""
        try:
            update_settings(self.home_dir, **changes)
        except OSError as exc:
            self.notify(t("settings.save_failed", self.lang, error=clean(exc.strerror or str(exc), 200, one_line=True)),
                        severity="warning", timeout=6, markup=False)
            return False
        return True

    async def action_quit(self) -> None:
        """Quit at once, but first stop every running demo: its processes end within a second."""
        # lazy: screens load when first opened
        from ds_tui.ui.widgets.demo_view import DemoView

        views = [v for screen in self.screen_stack for v in screen.query(DemoView) if v.running]
        for view in views:
            view.action_cancel()
        demos = [w for w in self.workers if w.group == "demo" and w.is_running]
        if demos:
            try:
                await asyncio.wait_for(asyncio.gather(*(w.wait() for w in demos), return_exceptions=True), 2.0)
            except TimeoutError:
                pass
        self.exit()

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, (events.Key, events.MouseDown)):  # the user may be waiting for the screen
            self.idle_gc.input()
        await super().on_event(event)

    def on_unmount(self) -> None:
        self.hardware_feed.stop()
        self.idle_gc.stop()  # Python's own thresholds again for whatever runs after the app
        thaw_heap()  # a process that goes on after the app (tests, a notebook) collects as before
        startup_gc.resume()
        if self.store is not None:
            self.store.close()
