"""Turn a maturity model kept as YAML into a playbook site built with MkDocs and Material.

The flow runs one way: load (yamlio, loading) -> validate (schema, checks) -> score (scoring)
-> view (views) -> render (rendering) -> build (site, output). `cli` only parses and reports.
"""
