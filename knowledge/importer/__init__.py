"""Load the data contract's files: streaming, validated, idempotent."""

from knowledge.importer.directory import Importer, import_directory
from knowledge.importer.report import FileReport, ImportReport

__all__ = ["FileReport", "ImportReport", "Importer", "import_directory"]
