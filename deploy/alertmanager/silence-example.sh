#!/bin/sh
# Silences the concurrency alerts of one machine for two hours (a planned batch of agent runs), with amtool.
# The same silence through the HTTP API: curl -XPOST -H 'Content-Type: application/json' \
#   --data @silence-example.json "$ALERTMANAGER_URL/api/v2/silences"
# Usage: ALERTMANAGER_URL=http://127.0.0.1:9093 sh deploy/alertmanager/silence-example.sh build-01
set -eu
machine="${1:?usage: silence-example.sh <machine>}"
amtool silence add \
  --alertmanager.url="${ALERTMANAGER_URL:-http://127.0.0.1:9093}" \
  --author="${USER:-ops}" \
  --duration=2h \
  --comment="Planned batch of agent runs on ${machine}: concurrency alerts expected." \
  alertname=SessionDoctorConcurrency "machine=${machine}"
