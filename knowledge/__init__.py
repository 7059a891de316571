"""Data model, stores and import: the lowest layer of csm-assistant."""
