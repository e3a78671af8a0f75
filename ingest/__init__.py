"""The ingestion job: load -> clean -> split -> metadata/findings -> chunk -> embed -> store."""
