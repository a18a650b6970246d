"""Turn a maturity model kept as YAML into playbook sites built with MkDocs and Material.

The flow runs one way: load (yamlio, loading, answers, clients) -> validate (schema, checks)
-> score (scoring) -> view (views, report, printing) -> render (rendering) -> build (site,
output, pdf). `pipeline` and `batch` chain the steps; `cli` only parses options and reports.
"""
