"""SQL fragments over the write-offs for other packages. Never commits."""

# The ids (as text, as the audit log keeps them) of the account :account_ref's write-offs.
IDS_OF_ACCOUNT = "SELECT write_off_id::text FROM write_off WHERE account_ref = :account_ref"
