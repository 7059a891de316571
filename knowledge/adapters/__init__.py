"""Adapters that map outside data sets into the data contract."""
