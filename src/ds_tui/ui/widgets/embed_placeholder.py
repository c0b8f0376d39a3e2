"""Stands where a lesson embeds a panel, demo or tool that this version cannot show yet."""

from __future__ import annotations

from textual.widgets import Static

from ds_tui import registry
from ds_tui.i18n import t
from ds_tui.lessons.model import Embed


class EmbedPlaceholder(Static):
    def __init__(self, embed: Embed, lang: str) -> None:
        super().__init__(classes="embed embed-placeholder")
        self.embed = embed
        self.set_lang(lang)

    def set_lang(self, lang: str) -> None:
        entry = registry.lookup(self.embed.kind, self.embed.id)
        title = entry.title(lang) if entry else self.embed.id
        self.border_title = f"▣ {title}"
        self.update(t("embed.placeholder", lang, title=title, kind=t(f"embed.kind.{self.embed.kind}", lang),
                      id=self.embed.id))
