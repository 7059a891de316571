"""Read-only queries over the ORM; they return dataclasses, never ORM objects."""
