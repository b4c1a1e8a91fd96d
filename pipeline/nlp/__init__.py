"""Loading spaCy and splitting article text into sentences."""
