"""The theme's colours as opaque hex strings, for the widgets that draw Rich text."""

from __future__ import annotations

from textual.color import Color

_THEME_COLORS = ("success", "warning", "error", "primary", "accent", "foreground-muted")


def theme_colors(variables: dict[str, str]) -> dict[str, str]:
    """Rich styles take opaque colours: blend translucent theme colours onto the background."""
    background = Color.parse(variables.get("background", "#000000"))
    return {
        name: background.blend(Color.parse(variables[name]), Color.parse(variables[name]).a).hex6
        for name in _THEME_COLORS
        if name in variables
    }
