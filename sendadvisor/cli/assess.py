"""`sendadvisor assess CASE.json [--json]`: the routes and deadlines for a family's circumstances."""
