"""Load and validate a maturity model: the schema, strict loading, whole-model checks, translations."""
