"""`python -m sendadvisor` behaves exactly like the `sendadvisor` command."""

from sendadvisor.app import entry_point

entry_point()
