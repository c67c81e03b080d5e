"""Non-interactive subcommands: ``show``, ``check``, ``export``, ``serve``.

Each module exposes ``HELP`` (one line), ``DESCRIPTION`` (the man-page body,
examples included), ``configure(parser)`` and ``run(args) -> int`` (the exit
status). tui/cli/__init__.py only dispatches.
"""
