"""Moving data in and out: plan documents, TOML/CSV exports, reports (no Textual here)."""
