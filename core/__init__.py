"""What both pipeline stages share, below both: data types, settings, the embedding model, the
Chroma store, dates and themes. `ingest` and `assistant` import from here, never each other's
internals (`assistant` calls `ingest.pipeline.run_ingest` to ingest; nothing imports back)."""
