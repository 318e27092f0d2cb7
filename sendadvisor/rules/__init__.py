"""SEND knowledge: loads resources/rules/, opens routes, computes and explains every deadline."""

from sendadvisor.rules.engine import ASSESSMENT_SCHEMA, assess, computed_with, flatten_deadlines
from sendadvisor.rules.rulebook import default_rulebook


def __getattr__(name: str):
    if name == "RULES_VERSION":
        return default_rulebook().version
    raise AttributeError(name)


__all__ = ["ASSESSMENT_SCHEMA", "RULES_VERSION", "assess", "computed_with", "flatten_deadlines"]
