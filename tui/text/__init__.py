"""Small text helpers every surface shares: file text made safe, ASCII, glyphs, numbers.

safe.py makes untrusted text inert (no markup, no control bytes, bounded);
ascii.py maps drawing characters for plain terminals; glyphs.py gives each
status and metric type its mark and word; formatting.py writes numbers.

May import: tui.model (for its enums). No terminal-UI library.
"""
