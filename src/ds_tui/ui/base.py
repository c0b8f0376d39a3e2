"""ds-tui's app as its own type, for screens and widgets, and the screen base that follows its language.

Textual types ``self.app`` as a plain ``App``; ds-tui's screens and widgets run inside ``DsTuiApp``.
``ds_app`` is a cast for the type checker only: nothing is checked at run time, so a test may still
mount a screen in an app of its own. (Textual's ``getters.app(DsTuiApp)`` would need the app's class
when a screen's class is made, which is an import cycle, and it asserts the type on every access.)"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol, TypeVar, cast

from textual.screen import ModalScreen, Screen

if TYPE_CHECKING:
    from textual.app import App

    from ds_tui.ui.app import DsTuiApp

ResultType = TypeVar("ResultType")


class _InApp(Protocol):
    @property
    def app(self) -> App[object]: ...


def ds_app(node: _InApp) -> DsTuiApp:
    """``node.app``, typed as ds-tui's app."""
    return cast("DsTuiApp", node.app)


class FollowsLang(Protocol):
    """A widget that redraws itself in another language and keeps its state (every ``.embed`` widget)."""

    def set_lang(self, lang: str) -> None: ...


class DsScreen(Screen[ResultType]):
    """A screen of ds-tui's app: the app with its type, and the app's language, followed live."""

    @property
    def ds_app(self) -> DsTuiApp:
        return ds_app(self)

    @property
    def lang(self) -> str:
        """The app's language ("vi" or "en")."""
        return ds_app(self).lang

    def follow_lang(self, paint: Callable[[str], None] | Callable[[], None], *, init: bool = True) -> None:
        """Call ``paint`` whenever the app's language changes, and now unless ``init`` is False."""
        self.watch(self.app, "lang", paint, init=init)


class DsModalScreen(ModalScreen[ResultType], DsScreen[ResultType]):
    """A modal screen of ds-tui's app (a dialog, the join screen): a ``ModalScreen`` with what ``DsScreen`` gives."""
