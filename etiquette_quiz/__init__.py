"""etiquette-quiz: train customer-service etiquette from trainer-written YAML banks."""

__version__ = "0.1.0"
