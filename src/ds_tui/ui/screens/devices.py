"""Classroom mode's screens for the students' devices: how to join (the address, a QR code of it, the
join code, how many joined) and the server's own figures, live (lesson 3's pattern, running in the room).

The server and its rules are ds_tui.classroom's (server, devices); these screens only show them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text as RichText
from textual import getters
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from ds_tui.i18n import t
from ds_tui.ui.bindings import localize
from ds_tui.ui.safe import plain
from ds_tui.ui.widgets.key_footer import KeyFooter
from ds_tui.ui.window_size import COMPACT
from ds_tui.ui.base import DsModalScreen
from ds_tui.ui.widgets.modal_box import ModalBox

if TYPE_CHECKING:
    from ds_tui.classroom.server import ClassServer
    from ds_tui.ui.screens.present import PresentScreen

CSS_PATH = "devices.tcss"


def join_url(server: ClassServer) -> str:
    return f"{server.url}#{server.room.code}"


def join_address(server: ClassServer) -> str:
    return server.url.removeprefix("http://").rstrip("/")


class JoinScreen(DsModalScreen[None]):
    """On the projector: scan the QR code (or open the address), type the join code; how many joined."""
    MIN_WINDOW = COMPACT  # made for a projector's zoomed terminal

    CSS_PATH = CSS_PATH
    BINDINGS = [
        Binding("escape,enter,space,pagedown,right,k", "serve_back", "Back", key_display="Esc", id="present.join_back"),
        Binding("w", "serve_stop", "Stop server", id="present.serve"),
        Binding("i", "serve_figures", "Server", id="present.figures"),
    ]

    def __init__(self, present: PresentScreen) -> None:
        super().__init__()
        self.present = present

    def compose(self) -> ComposeResult:
        with Horizontal(id="join-box"):
            yield Static(id="join-qr")
            with Vertical(id="join-text"):
                yield Static(id="join-info")
                yield Static(id="join-count")
        yield Static(id="join-hint")
        yield KeyFooter(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.follow_lang(self._draw)
        server = self.present.devices
        if server is not None:
            server.room.listen(self._changed)

    def on_unmount(self) -> None:
        server = self.present.devices
        if server is not None:
            server.room.unlisten(self._changed)

    def _changed(self, what: str) -> None:
        if what == "joined":
            self._count()

    def _draw(self, lang: str | None = None) -> None:
        # lazy: classroom mode (aiohttp, the QR code) loads when a class starts
        from ds_tui.classroom.qr import qr_lines

        server = self.present.devices
        if server is None or not self.query("#join-qr"):  # stopped, or this screen is gone
            return
        localize(self, self.lang)
        lang = self.lang
        qr = RichText("\n".join(qr_lines(join_url(server))), style="#FFFFFF on #000000", no_wrap=True)
        self.query_one("#join-qr", Static).update(qr)
        info = RichText()
        info.append(t("serve.title", lang) + "\n\n", style="bold")
        info.append(t("serve.step_open", lang) + "\n")
        info.append(server.url + "\n\n", style="bold")
        info.append(t("serve.step_code", lang) + " ")
        info.append(server.room.code + "\n\n", style="bold reverse")
        info.append(t("serve.step_name", lang) + "\n")
        info.append(t("serve.terminal", lang, address=join_address(server)), style="italic")
        self.query_one("#join-info", Static).update(info)
        self.query_one("#join-hint", Static).update(t("serve.hint", lang))
        self._count()

    def _count(self) -> None:
        server = self.present.devices
        if server is None:
            return
        for count in self.query("#join-count").results(Static):
            count.update(t("serve.joined", self.lang, n=server.room.joined))

    def action_serve_back(self) -> None:
        self.dismiss()

    async def action_serve_stop(self) -> None:
        await self.present.stop_serving()
        self.dismiss()

    def action_serve_figures(self) -> None:
        self.app.push_screen(FiguresScreen(self.present))


class FiguresScreen(DsModalScreen[None]):
    """The server's own figures, live: connections, messages per second, one thread serving them all."""
    MIN_WINDOW = COMPACT  # made for a projector's zoomed terminal

    CSS_PATH = CSS_PATH
    BINDINGS = [Binding("escape,i,enter,space,k", "serve_back", "Back", key_display="Esc", id="present.figures_back")]

    figures_text = getters.query_one("#figures", Static)

    def __init__(self, present: PresentScreen) -> None:
        import psutil  # lazy: psutil stays out of the first frame

        super().__init__()
        self.present = present
        self.process = psutil.Process()
        self.process.cpu_percent(None)  # the first reading starts the measurement

    def compose(self) -> ComposeResult:
        with ModalBox(id="figures-box"):
            yield Static(id="figures-title")
            yield Static(id="figures")
            yield Static(id="figures-note")
        yield KeyFooter(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.follow_lang(self._render_lang)
        self.set_interval(0.5, self._draw)

    def _render_lang(self, lang: str) -> None:
        if self.query("#figures"):
            localize(self, lang)
            self._draw()

    def _draw(self) -> None:
        lang = self.lang
        if not self.query("#figures-title"):
            return
        self.query_one("#figures-title", Static).update(plain(t("serve.figures_title", lang), "bold"))
        server = self.present.devices
        if server is None:
            self.figures_text.update(t("serve.stopped", lang))
            return
        f = server.figures()
        cpu = f"{self.process.cpu_percent(None):.0f}%"  # since the last reading (half a second)
        mem = f"{self.process.memory_info().rss / 2**20:.0f} MiB"
        rows = [("serve.fig_connections", str(f.connections)), ("serve.fig_joined", str(f.joined)),
                ("serve.fig_rate", f"{f.per_second:.1f}"), ("serve.fig_messages", str(f.messages)),
                ("serve.fig_answers", str(f.answers)), ("serve.fig_dropped", str(f.dropped)),
                ("serve.fig_thread", t("serve.fig_thread_value", lang, name=f.thread)),
                ("serve.fig_tasks", str(f.tasks))]
        width = max(len(t(key, lang)) for key, _ in rows)
        text = RichText()
        for key, value in rows:
            text.append(t(key, lang).ljust(width) + "  ")
            text.append(value + "\n", style="bold")
        text.append(t("serve.fig_cpu", lang, cpu=cpu, mem=mem))
        self.figures_text.update(text)
        self.query_one("#figures-note", Static).update(plain(t("serve.fig_note", lang), "italic"))

    def action_serve_back(self) -> None:
        self.dismiss()
