"""Conversation engine, HTTP API, settings and the composition root."""
