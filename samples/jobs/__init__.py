"""One module per sample: each writes one outputs directory with the official SDK.

A sample module has ``OUT`` (the directory it writes) and ``make()`` (writes
it, checks it with the SDK's validator, returns the JobMetrics). Modules
whose names start with an underscore are shared helpers, not samples.
``samples/make_samples.py`` runs them all.
"""
