"""The staff console (a backend-for-frontend; owns no business data)."""
