"""vnkg: a knowledge graph of Vietnamese officials and institutions, extracted from news articles."""

__version__ = "0.1.0"
