"""Notifications never cover the help panel: they wait until it closes.

Textual shows every live notification on whichever screen is on top, so a
reload's or a copy's toast lands on the help text the user is reading. While
help is open the app keeps them back (those already on screen too) and shows
them once help is closed, each with its time to be read.
"""

from __future__ import annotations

from time import time

from textual.notifications import Notification, Notify

from tui.app.screens.help import HelpScreen
from tui.app.viewer_base import ViewerBase

# A toast taken off the screen comes back for at least this long: enough to read it.
_MIN_SECONDS = 3.0


class HeldToasts(ViewerBase):
    """Hold notifications while ``HelpScreen`` is open; show them when it closes."""

    # Tuples, replaced rather than changed: the class-wide defaults stay empty.
    _seen: tuple[Notification, ...] = ()  # raised while help was closed
    _held: tuple[tuple[Notification, float], ...] = ()  # kept back, with seconds to show

    def on_notify(self, event: Notify) -> None:
        # Runs before App._on_notify (this class comes before App in the app's bases):
        # preventing the default keeps the toast off the help screen.
        if self.help_is_open():
            event.prevent_default()
            self._held += ((event.notification, event.notification.timeout),)
            return
        self._seen = (*(n for n in self._seen if not n.has_expired), event.notification)

    def help_is_open(self) -> bool:
        return any(isinstance(screen, HelpScreen) for screen in self.screen_stack)

    def hold_toasts(self) -> None:
        """Help is opening: the toasts on screen leave, to come back for their time left."""
        live = [n for n in self._seen if not n.has_expired]
        self._seen = ()
        if live:
            self._held += tuple((n, max(n.time_left, _MIN_SECONDS)) for n in live)
            self.clear_notifications()

    def release_toasts(self, _result: object = None) -> None:
        """Help closed: show what was held, in the order it was raised."""
        held, self._held = self._held, ()
        for notification, seconds in sorted(held, key=lambda pair: pair[0].raised_at):
            again = Notification(
                notification.message,
                notification.title,
                notification.severity,
                seconds,
                markup=notification.markup,
                raised_at=time(),
            )
            self.post_message(Notify(again))
