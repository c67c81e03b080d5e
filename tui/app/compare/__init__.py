"""Compare mode: what the viewer compares against, and the widgets that show it.

``state`` keeps the baseline (side A of ``resim-tui A B``, the previous version
after a reload, or a version the user pinned) and the Comparison with what is
on screen; ``panel`` shows one metric's changes above its card; ``side`` loads
and watches side A. The comparing itself is tui.model.compare's.
"""
