"""`python -m branchtui` runs the same entry point as the `branchtui` command."""

from branchtui.main import main

raise SystemExit(main())
