"""rentctl: the rent platform's staff and operator command line (through the gateway)."""
