"""Following a file as it changes: watching, reloading, and the ``--run`` loop.

watch.py turns folder events into changed paths, reload.py decides when a
changing file can be trusted, runner.py runs the user's command, session.py
ties them to one app through workers, and messages.py holds the app-wide
messages they post. Nothing here touches a widget: the app's handlers do.

May import: tui.model, tui.text, tui.formats, tui.validate, tui.charts,
tui.export; Textual for its messages and workers, watchfiles. Never tui.app.
"""
