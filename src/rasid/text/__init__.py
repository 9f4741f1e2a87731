"""Text preparation: normalized view with offsets, tokens, sentences."""
