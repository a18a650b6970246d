"""The playbook project: its `playbook.yaml` settings and `playbook init`."""
