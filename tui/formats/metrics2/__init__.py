"""Metrics 2.0: emissions (``*.resim.jsonl``) and the YAML metrics config, previewed locally.

``preview`` reads the config and every job's emissions, checks them as the SDK and
ReSim's own config test would, and computes every metric in an embedded engine
(DuckDB; queries translated from Trino SQL by sqlglot). ``build`` turns the preview
into the shared model, so the viewer, ``show``, ``check`` and export need nothing new.
"""
