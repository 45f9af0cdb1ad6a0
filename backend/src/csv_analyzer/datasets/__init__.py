"""Datasets feature: CSV ingest, profiling, cleaning, suggestions and browsing.

The modules ``ingest``, ``sniff``, ``parsing``, ``types``, ``profiling``, ``operations``,
``cleaning``, ``suggestions``, ``query`` and ``export`` are pure domain code: paths and values in,
Arrow tables, Parquet files and JSON-ready values out. They never import the web, database or
settings layers, so they run the same in a request, a worker or a notebook.
"""
