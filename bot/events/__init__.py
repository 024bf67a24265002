"""Meetings: extraction from article text, merging across articles, and briefings."""
