"""English: the register in and out of Excel/CSV (member import/export)."""

MESSAGES: dict[str, str] = {
    "help.register.import": "import the register from Excel (.xlsx) or CSV: people are matched by ID number, else by name and birth date; written only if every row is right",
    "help.register.file": "the register file (.xlsx or .csv; CSV in UTF-8 or GB18030)",
    "help.register.dry_run": "preview: check and list the changes, write nothing",
    "help.register.export": "export the people on the register to Excel (.xlsx) or CSV",
    "help.register.output": "the file to write (.xlsx or .csv)",
    "help.register.include_private": "include phone and ID numbers (the file is readable by you only)",
}
