"""Plain data of sendadvisor: circumstances, validation errors."""
