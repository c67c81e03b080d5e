"""The Metrics 1.0 reader: ``metrics.binproto`` (a serialized JobMetrics) to a Document.

decode.py finds and parses the file, wire.py and series.py decode series
lazily from their bytes, resolve.py follows every reference into the model.
"""
