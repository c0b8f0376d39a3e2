"""``ds-tui join ADDRESS``: a student answers the class quiz from a terminal, as the page does on a phone.

Join code and name (optional) first; then the current question: a letter answers (and answers again,
until the countdown ends), a number, an order or a category per item is typed and sent with Enter. At
the reveal, ✓ or ✗, the answer and the explanation. The protocol is ``ds_tui.classroom.join_client``'s;
everything the server sends is shown as plain text.
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

from rich.text import Text as RichText
from textual import events, getters
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.reactive import var
from textual.widgets import Input, Static

from ds_tui.classroom.join_client import JoinClient, parse_address, parse_typed
from ds_tui.i18n import other_lang, t
from ds_tui.numbers import general
from ds_tui.textsafe import clean
from ds_tui.ui.bindings import localize
from ds_tui.ui.widgets.key_footer import KeyFooter

MAX_SHOWN = 4000  # characters of one text from the server


def _tx(value: Any, lang: str) -> str:
    """A {en, vi} text from the server, in ``lang``, as plain text (control characters escaped, bounded;
    the lessons' light Markdown marks dropped)."""
    if not isinstance(value, dict):
        return ""
    text = value.get(lang) or value.get("en") or value.get("vi") or ""
    return clean(str(text).replace("**", "").replace("`", ""), MAX_SHOWN)


class JoinApp(App[int]):
    CSS_PATH = "join.tcss"
    TITLE = "ds-tui join"
    BINDINGS = [
        Binding("ctrl+q,escape", "quit", "Quit", key_display="Esc", priority=True, id="join.quit"),
        Binding("ctrl+l", "toggle_lang", "Tiếng Việt", priority=True, id="join.lang"),
    ]

    lang: var[str] = var("en")

    ask_line = getters.query_one("#j-ask", Static)
    answer_field = getters.query_one("#j-input", Input)

    def __init__(self, url: str, lang: str = "en", code: str | None = None, name: str | None = None) -> None:
        super().__init__()
        self.set_reactive(JoinApp.lang, lang)
        self.url = url
        self.join_code, self.student_name = code, name
        self.client = JoinClient(url, self._message, self._status)
        self.state: dict[str, Any] | None = None
        self.me: str | None = None
        self.connection = ""
        self.note = ""  # the last thing to tell (a refused join, an answer that cannot be one)
        self.multi: list[str] = []
        self._asking = "code"
        self._state_at = 0.0  # when the state came (the countdown runs on from there)

    def compose(self) -> ComposeResult:
        yield Static(id="j-head")
        with VerticalScroll(id="j-scroll"):
            yield Static(id="j-prompt")
            yield Static(id="j-body")
            yield Static(id="j-reveal")
        yield Static(id="j-ask")
        yield Input(id="j-input", max_length=64)
        yield Static(id="j-status")
        yield KeyFooter(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        localize(self, self.lang)
        if self.join_code:
            self._asking = "joining"
            self.run_worker(self._join(), exit_on_error=False)
        self.set_interval(1.0, self._tick)
        self._draw()

    def _tick(self) -> None:
        state = self.state
        if state and state.get("phase") == "open" and isinstance(state.get("remaining"), (int, float)) \
                and not state.get("paused"):
            self._draw()

    def watch_lang(self, lang: str) -> None:
        localize(self, lang)
        self._draw()

    def action_toggle_lang(self) -> None:
        self.lang = other_lang(self.lang)
        self.run_worker(self.client.set_lang(self.lang), exit_on_error=False)

    async def action_quit(self) -> None:
        await self.client.close()
        self.exit(0)

    # -- joining -----------------------------------------------------------------------------------
    async def _join(self) -> None:
        result = await self.client.join(self.join_code or "", self.student_name or "", self.lang)
        if result == "ok":
            self._asking = ""
            self.note = ""
            self.run_worker(self.client.run(), exit_on_error=False, name="connection")
        else:
            self._asking = "code"
            if result.startswith("unreachable"):
                self.note = t("join.unreachable", self.lang, address=self.url, error=result.split(": ", 1)[-1])
            else:
                self.note = t(f"join.{result}" if result in ("bad_code", "full", "slow_down") else "join.bad_code",
                              self.lang)
        self._draw()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        value = event.value
        event.input.value = ""
        if self._asking == "code":
            self.join_code = value.strip()
            self._asking = "name" if self.student_name is None else "joining"
            if self._asking == "joining":
                self.run_worker(self._join(), exit_on_error=False)
        elif self._asking == "name":
            self.student_name = value
            self._asking = "joining"
            self.run_worker(self._join(), exit_on_error=False)
        elif self.state and self.state.get("phase") == "open":
            question = self.state.get("question") or {}
            if question.get("kind") == "multi":
                value = " ".join(self._letters(self.multi)) or value
            answer = parse_typed(question, value)
            if answer is None:
                self.note = t("join.invalid", self.lang)
            else:
                self.note = ""
                self.multi = []
                self.run_worker(self.client.answer(answer), exit_on_error=False)
        self._draw()

    def _letters(self, ids: list[str]) -> list[str]:
        options = (self.state or {}).get("question", {}).get("options") or []
        return [o["letter"] for o in options if o["id"] in ids]

    def on_key(self, event: events.Key) -> None:
        """A letter answers an option question at once (a multi one: chooses; Enter sends)."""
        state = self.state
        if self._asking or not state or state.get("phase") != "open" or not event.character:
            return
        question = state.get("question") or {}
        options = question.get("options") or []
        if not options:
            return
        chosen = next((o for o in options if o["letter"].lower() == event.character.lower()), None)
        if chosen is None:
            return
        event.stop()
        event.prevent_default()
        if question.get("kind") == "multi":
            self.multi = [i for i in self.multi if i != chosen["id"]] if chosen["id"] in self.multi \
                else self.multi + [chosen["id"]]
        else:
            self.run_worker(self.client.answer(chosen["id"]), exit_on_error=False)
        self._draw()

    # -- what the server says -------------------------------------------------------------------------
    def _message(self, data: dict[str, Any]) -> None:
        if data.get("t") == "hello":
            self.me = clean(str(data.get("name") or ""), 64, one_line=True)
        elif data.get("t") == "state":
            before = self.state or {}
            if (before.get("n"), before.get("round")) != (data.get("n"), data.get("round")):
                self.multi = []
                self.note = ""
            self.state = data
            self._state_at = time.monotonic()
        elif data.get("t") == "ack" and data.get("status") not in ("ok", None):
            self.note = t("join.closed" if data.get("status") in ("closed", "stale") else "join.invalid", self.lang)
        self._draw()

    def _status(self, status: str) -> None:
        if status == "offline" and self.connection == "stopped":
            return  # still stopped: the reconnecting goes on quietly
        self.connection = status
        if status == "join":  # the server does not know this device (a new class): join again
            self._asking, self.state = "code", None
        self._draw()

    # -- drawing --------------------------------------------------------------------------------------
    def _draw(self) -> None:
        lang = self.lang
        ask = self.ask_line
        field = self.answer_field
        head, prompt, body, reveal = t("join.title", lang), RichText(), RichText(), RichText()
        state = self.state
        if self._asking in ("code", "name", "joining"):
            ask.update(t("join.code" if self._asking == "code" else "join.name", lang))
            field.display = ask.display = self._asking != "joining"
            if field.display:
                field.password = False
                field.focus()
        elif state is None or state.get("phase") == "wait":
            ask.display = field.display = False
            body = RichText(t("join.wait", lang))
        else:
            head, prompt, body, reveal = self._question(state)
        self.query_one("#j-head", Static).update(head)
        self.query_one("#j-prompt", Static).update(prompt)
        self.query_one("#j-body", Static).update(body)
        self.query_one("#j-reveal", Static).update(reveal)
        self.query_one("#j-status", Static).update(self._status_line())

    def _question(self, state: dict[str, Any]) -> tuple[str, RichText, RichText, RichText]:
        lang = self.lang
        question = state.get("question") or {}
        kind = question.get("kind")
        head = t("join.head", lang, n=state.get("n"), total=state.get("total"))
        if state.get("round") == 2:
            head += t("join.second", lang)
        if state.get("phase") == "open" and isinstance(state.get("remaining"), (int, float)):
            left = state["remaining"] - (0 if state.get("paused") else time.monotonic() - self._state_at)
            head += t("join.left", lang, s=max(0, int(left + 0.999)))
        prompt = RichText(_tx(question.get("prompt"), lang) + "\n", style="bold")
        body = RichText()
        mine = state.get("mine")
        reveal_data = state.get("reveal") if state.get("phase") == "reveal" else None
        correct = set(reveal_data.get("correct") or []) if isinstance(reveal_data, dict) else set()
        options = question.get("options") or []
        for option in options:
            picked = option["id"] == mine or (isinstance(mine, list) and option["id"] in mine) \
                or option["id"] in self.multi
            mark = "✔ " if picked else "  "
            if reveal_data:
                mark = ("✓ " if option["id"] in correct else "✗ ") if correct else mark
            style = "reverse" if picked else ""
            body.append(f"{mark}{option['letter']} {option.get('shape', '')} {_tx(option.get('text'), lang)}\n", style)
        for i, item in enumerate(question.get("items") or [], 1):
            body.append(f"  {i}. {_tx(item.get('text'), lang)}\n")
        categories = question.get("categories") or []
        if categories:
            body.append("\n" + "   ".join(f"[{i}] {_tx(c.get('text'), lang)}" for i, c in enumerate(categories, 1)) + "\n")
        if kind == "numeric" and question.get("unit"):
            body.append(f"({_tx(question.get('unit'), lang)})\n")
        ask = self.ask_line
        field = self.answer_field
        typed = state.get("phase") == "open" and not options
        ask.display = field.display = typed
        if state.get("phase") == "open":
            key = {"multi": "join.multi", "numeric": "join.number", "order": "join.order",
                   "classify": "join.classify"}.get(kind or "", "join.pick")
            ask.update(t(key, lang))
            ask.display = True
            if typed:
                field.focus()
            if mine is not None:
                if options:
                    shown = " ".join(self._letters(mine if isinstance(mine, list) else [mine]))
                else:
                    shown = mine if not isinstance(mine, (list, dict)) else "✓"
                    if isinstance(shown, float) and not isinstance(shown, bool):
                        shown = general(shown, lang)  # 12, not 12.0; 0,5 in Vietnamese
                body.append("\n" + (t("join.sending", lang) if self.client.pending else
                                    t("join.sent", lang, answer=clean(str(shown), 200))), "bold")
        elif state.get("phase") == "peer":
            body.append("\n" + t("join.peer", lang), "bold")
        elif state.get("phase") == "closed":
            body.append("\n" + t("join.closed", lang), "bold")
        reveal = RichText()
        if isinstance(reveal_data, dict):
            right = state.get("right")
            verdict = t("join.none", lang) if mine is None else t(
                "join.right" if right is True else "join.wrong" if right is False else "join.undecided", lang)
            reveal.append(verdict + "\n\n", "bold")
            answer = reveal_data.get("answer") or {}
            lines = answer.get(lang) or answer.get("en") or [] if isinstance(answer, dict) else []
            reveal.append(t("join.answer", lang) + " " + clean(" · ".join(map(str, lines)), MAX_SHOWN) + "\n\n")
            reveal.append(_tx(reveal_data.get("explanation"), lang), "italic")
        return head, prompt, body, reveal

    def _status_line(self) -> str:
        lang = self.lang
        if self.note:
            return self.note
        if self.connection == "offline":
            return t("join.offline", lang)
        if self.connection == "stopped":
            return t("join.stopped", lang)
        if self.me is not None:
            return t("join.as", lang, name=self.me or t("join.anonymous", lang))
        return ""


def run_join(args: argparse.Namespace, lang: str) -> int:
    """``ds-tui join ADDRESS [--code C] [--name N]``: exit 2 when the address is not one."""
    parsed = parse_address(args.address)
    if parsed is None:
        print(f"ds-tui join: error: {clean(t('join.bad_address', lang, address=args.address), 300, one_line=True)}",
              file=sys.stderr)
        return 2
    url, code = parsed
    app = JoinApp(url, lang, args.code or code, args.name)
    app.run()
    return app.return_code or 0
