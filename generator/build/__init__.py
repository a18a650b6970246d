"""Built sites: the MkDocs adapter (the only code that knows MkDocs and Material), the plugin, PDFs, the pipeline and batches."""
