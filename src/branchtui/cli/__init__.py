"""The command line: one module per resource, each parsing, calling the domain and printing."""
