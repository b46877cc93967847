"""Tools that never run inside a web request: command line, demo, benchmark, backup."""
