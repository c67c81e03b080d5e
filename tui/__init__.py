"""resim-tui: a terminal dashboard and inspector for ReSim metrics files."""

__version__ = "0.1.0"
