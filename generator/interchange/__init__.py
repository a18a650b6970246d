"""A model to and from other shapes: the spreadsheet layout, its import, export and template."""
