"""reviewer: review a document claim by claim in the terminal."""

__version__ = "0.1.0"
