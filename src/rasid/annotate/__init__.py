"""Annotators: each finds one kind of mention in an analyzed text."""
