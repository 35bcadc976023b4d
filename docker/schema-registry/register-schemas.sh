#!/usr/bin/env bash
# Registers this build's schemas in a schema registry speaking Confluent's REST API, as a release does before its
# services start (they run with SchemaRegistry:AutoRegisterSchemas off in production and refuse to start when a schema
# is missing). For every subject of subjects.tsv it sets the subject's compatibility mode, then registers the
# contract's v1.avsc, v2.avsc, ... in order, so the registry checks each version against the earlier ones.
#
# Safe to run again: a version already registered is found, not added. A version the registry refuses (409: not
# compatible under the subject's mode) stops the script with the registry's reason; nothing after it is registered.
# Needs bash, curl, sed and awk only.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
registry="${REGISTRY_URL:-http://localhost:8081}"
subjects_file="${SUBJECTS_FILE:-$here/subjects.tsv}"
schema_dir="${SCHEMA_DIR:-$here/../../src/OrderFulfillment.Contracts/Schemas}"
content_type="Content-Type: application/vnd.schemaregistry.v1+json"
response="$(mktemp)"
trap 'rm -f "$response"' EXIT

fail() {
  echo "register-schemas: $*" >&2
  exit 1
}

# A file's text as a JSON string literal: the registry takes a schema as a string inside a JSON body.
json_string() {
  tr -d '\r' <"$1" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/\t/\\t/g' |
    awk 'BEGIN { ORS = ""; print "\"" } NR > 1 { print "\\n" } { print } END { print "\"" }'
}

# Sends a JSON body; prints the HTTP status and leaves the registry's answer in $response.
send() {
  curl -sS -o "$response" -w '%{http_code}' -X "$1" -H "$content_type" --data-binary @- "$registry$2"
}

set_mode() {
  local status
  status=$(printf '{"compatibility": "%s"}' "$2" | send PUT "/config/$1") || fail "$registry is not reachable"
  [ "$status" = 200 ] || fail "setting $1 to $2 failed with HTTP $status: $(cat "$response")"
}

register() {
  local subject=$1 file=$2 status id
  status=$(printf '{"schemaType": "AVRO", "schema": %s}' "$(json_string "$file")" |
    send POST "/subjects/$subject/versions") || fail "$registry is not reachable"
  case "$status" in
    200)
      id=$(sed -n 's/.*"id": *\([0-9]*\).*/\1/p' "$response")
      echo "$subject: $(basename "$file") has schema id $id" ;;
    409)
      fail "$subject: $file is NOT COMPATIBLE with the registered versions under the subject's mode (HTTP 409):" \
        "$(cat "$response")" ;;
    *) fail "$subject: registering $file failed with HTTP $status: $(cat "$response")" ;;
  esac
}

count=0
while IFS=$'\t' read -r topic subject contract mode; do
  case "$topic" in '' | '#'*) continue ;; esac
  [ -n "$mode" ] || fail "$subjects_file: the line of $topic needs four tab-separated columns"
  folder="$schema_dir/$contract"
  [ -f "$folder/v1.avsc" ] || fail "$subject: no $folder/v1.avsc"

  set_mode "$subject" "$mode"
  version=1
  while [ -f "$folder/v$version.avsc" ]; do
    register "$subject" "$folder/v$version.avsc"
    version=$((version + 1))
  done
  # A gap (v1, v3) would register v3 never: refuse it rather than ship half a history.
  files=("$folder"/v*.avsc)
  [ "${#files[@]}" -eq $((version - 1)) ] ||
    fail "$folder has ${#files[@]} versions but not v1..v${#files[@]} without a gap"
  count=$((count + 1))
done <"$subjects_file"

echo "Registered the schemas of $count subjects in $registry."
