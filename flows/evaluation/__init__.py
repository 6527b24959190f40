"""Scorers that measure the pipeline against gold annotations (benchmark-only, not run by the flow)."""
