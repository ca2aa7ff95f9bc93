"""Recognition: find every numeric claim in normalised text, one recogniser per language."""
