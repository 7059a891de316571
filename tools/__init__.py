"""Tools: usage metrics, explainable health, risk, calibration, portfolio, expansion."""
