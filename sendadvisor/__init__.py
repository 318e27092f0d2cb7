"""sendadvisor: SEND disagreement routes, deadlines and family letters, offline."""

__version__ = "0.1.0"
