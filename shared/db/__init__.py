"""Database plumbing: engines, unit of work, platform tables, migrations."""
