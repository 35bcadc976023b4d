#!/bin/bash
# One database per service, each with two login roles (least privilege): <db>_migrator owns the database and its
# schema and applies the migrations; <db>_app, which the service runs as, may only read and write rows (of the tables
# the migrator creates, now or later) and draw from their sequences: no CREATE, ALTER, DROP or TRUNCATE, and no other
# service's database. src/OrderFulfillment.EmbeddedPostgres/LeastPrivilegeGrants.cs makes the same grants for the
# AppHost's embedded cluster.
#
# The official image runs this once, as the superuser, when the data volume is empty (to run it again, remove the
# volume: docker compose down -v). Each password is read from the compose secret /run/secrets/<role>_password and
# handed to psql on its standard input, so it appears in no command line and no environment variable.
set -euo pipefail

secrets=${SECRETS_DIR:-/run/secrets}

password() {
  local file="$secrets/$1_password"
  if [[ ! -s "$file" ]]; then
    echo "init.sh: $file is missing or empty: set ${1^^}_PASSWORD in docker/.env" >&2
    exit 1
  fi
  # Without the trailing line break, as the services read their password files.
  local value
  value=$(<"$file")
  printf '%s' "${value%$'\r'}"
}

service_database() {
  local db=$1 migrator_password app_password
  migrator_password=$(password "${db}_migrator")
  app_password=$(password "${db}_app")
  {
    printf '%s\n' "\\set migrator_password '$(escape "$migrator_password")'" \
      "\\set app_password '$(escape "$app_password")'"
    cat <<'SQL'
CREATE ROLE :"migrator" LOGIN PASSWORD :'migrator_password';
CREATE ROLE :"app" LOGIN PASSWORD :'app_password';
CREATE DATABASE :"db" OWNER :"migrator";
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
GRANT CONNECT ON DATABASE :"db" TO :"app";
\connect :"db"
ALTER SCHEMA public OWNER TO :"migrator";
REVOKE ALL ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO :"app";
ALTER DEFAULT PRIVILEGES FOR ROLE :"migrator" IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO :"app";
ALTER DEFAULT PRIVILEGES FOR ROLE :"migrator" IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO :"app";
SQL
  } | psql -X -q -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
    -v db="$db" -v migrator="${db}_migrator" -v app="${db}_app"
  echo "init.sh: database $db with roles ${db}_migrator and ${db}_app"
}

# A psql \set value in single quotes: a quote or backslash in the password is escaped with a backslash.
escape() {
  local value=${1//\\/\\\\}
  printf '%s' "${value//\'/\\\'}"
}

service_database orders
service_database inventory
service_database payments
service_database shipping
