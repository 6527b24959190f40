"""presstables: news articles into sentence, entity and statement tables."""

__version__ = "0.4.2"
