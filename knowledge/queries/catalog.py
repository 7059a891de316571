"""The product's feature catalog."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from knowledge.models import Feature


@dataclass(frozen=True)
class FeatureRecord:
    """One feature of the catalog."""

    feature_key: str
    name: str
    product: str | None
    is_key: bool


def list_features(engine: Engine) -> list[FeatureRecord]:
    """Every feature, ordered by key."""
    query = select(Feature).order_by(Feature.feature_key)
    with Session(engine) as session:
        return [
            FeatureRecord(row.feature_key, row.name, row.product, bool(row.is_key))
            for row in session.scalars(query)
        ]
