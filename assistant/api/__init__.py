"""The HTTP API for internal tools (FastAPI)."""
