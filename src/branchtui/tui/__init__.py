"""The Textual app (the next step; see the README). Only `branchtui.main` imports it."""
