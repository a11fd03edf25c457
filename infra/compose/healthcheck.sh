#!/bin/bash
# Container health: does the service's /actuator/health say UP? Plain bash (the JRE image has no curl).
set -euo pipefail
exec 3<>"/dev/tcp/127.0.0.1/${SERVER_PORT:-8080}"
printf 'GET /actuator/health HTTP/1.0\r\nHost: localhost\r\nAccept: application/json\r\n\r\n' >&3
response=$(cat <&3)
[[ "$response" == "HTTP/1."?" 200"* && "$response" == *'"status":"UP"'* ]]
