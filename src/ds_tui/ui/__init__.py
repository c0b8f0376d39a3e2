"""The Textual interface: a thin layer over the core. Only this package imports Textual."""
