"""ds-tui: learn threads, processes and distributed training from your terminal."""

__version__ = "0.1.0"
