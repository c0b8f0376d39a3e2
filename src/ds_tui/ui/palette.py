"""Classroom mode's colours: the Okabe & Ito palette for the options, and the projector themes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.theme import Theme

if TYPE_CHECKING:
    from textual.app import App

# Okabe & Ito (2008), "Color Universal Design": told apart by people with every common colour-vision deficiency
OKABE_ITO: dict[str, str] = {
    "black": "#000000", "orange": "#E69F00", "sky_blue": "#56B4E9", "bluish_green": "#009E73",
    "yellow": "#F0E442", "blue": "#0072B2", "vermillion": "#D55E00", "reddish_purple": "#CC79A7",
}
# the options' colours, in order: A, B, C, … (letters and shapes say the same thing, for everyone)
OPTION_COLOURS: tuple[str, ...] = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#CC79A7", "#D55E00", "#0072B2")
RIGHT_COLOUR = OKABE_ITO["bluish_green"]
WRONG_COLOUR = OKABE_ITO["vermillion"]

PROJECTOR = "projector"
PROJECTOR_THEMES: tuple[Theme, ...] = (
    Theme(name=PROJECTOR, primary="#56B4E9", secondary="#E69F00", accent="#F0E442", warning="#E69F00",
          error="#D55E00", success="#009E73", foreground="#FFFFFF", background="#000000", surface="#000000",
          panel="#1C1C1C", boost="#262626", dark=True, luminosity_spread=0.2, text_alpha=1.0,
          variables={"footer-key-foreground": "#F0E442", "footer-background": "#1C1C1C",
                     "footer-description-foreground": "#FFFFFF", "block-cursor-background": "#56B4E9",
                     "block-cursor-foreground": "#000000", "text-muted": "#DDDDDD"}),
    Theme(name="projector-light", primary="#0072B2", secondary="#D55E00", accent="#0072B2", warning="#A05A00",
          error="#B34700", success="#006B4F", foreground="#000000", background="#FFFFFF", surface="#FFFFFF",
          panel="#EDEDED", boost="#E0E0E0", dark=False, luminosity_spread=0.2, text_alpha=1.0,
          variables={"footer-key-foreground": "#0072B2", "footer-background": "#E6E6E6",
                     "footer-description-foreground": "#000000", "text-muted": "#222222"}),
)


def register_themes(app: App) -> None:
    for theme in PROJECTOR_THEMES:
        app.register_theme(theme)
