"""The ``csm`` command line."""
