"""branchtui: a Party branch's year in the terminal.

Importing the package costs nothing: every layer is imported where it is used, so that
`branchtui status` stays on its light path (see docs/architecture.md).
"""

__version__ = "0.2.0"  # the one place of the version (pyproject.toml reads it)
