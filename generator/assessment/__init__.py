"""Answers and what they score: answers files, merging, scoring, targets, migration, the roadmap's computation."""
