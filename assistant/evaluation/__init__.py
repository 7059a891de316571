"""Evaluation of answers over the seeded demo book: routing, figures, faithfulness."""
