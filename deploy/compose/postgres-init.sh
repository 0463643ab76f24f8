#!/bin/sh
# First start of the compose PostgreSQL: one database and one login per service (and one
# for Keycloak); no service can read another's database.
set -eu
for name in billing payments recovery refunds notifications keycloak; do
  db="rent_$name"; [ "$name" = keycloak ] && db=keycloak
  psql -v ON_ERROR_STOP=1 --username postgres <<SQL
CREATE ROLE rent_$name LOGIN PASSWORD '$RENT_DB_PASSWORD';
CREATE DATABASE $db OWNER rent_$name;
REVOKE ALL ON DATABASE $db FROM PUBLIC;
SQL
done
