#!/usr/bin/env bash
# Runs the sample company's project (Samples/heyi.yaml): ingests every department's export,
# normalizes, matches and merges them into one customer view in ./heyi.sqlite, then shows it.
# Exit code 3 (rows rejected) is expected: the samples contain deliberately broken rows.
set -uo pipefail
heyi=${HEYI:-.build/debug/heyi}
config=Samples/heyi.yaml
status=0
"$heyi" run --config "$config"
code=$?
if [ $code -ne 0 ] && [ $code -ne 3 ]; then status=$code; fi
echo
"$heyi" sources --config "$config"
echo
# The matcher never sees the truth; this measures it.
"$heyi" evaluate --config "$config" --truth Samples/truth.csv || status=$?
echo
"$heyi" show C0000001 --config "$config" || status=$?
echo
echo "Rejected rows are kept:       $heyi rejects --config $config"
echo "Why two records are one:      $heyi explain sales-zhang:ZS0001 crm:CRM-00001 --config $config"
echo "The unified view for Excel:   $heyi export --config $config --format csv --out customers.csv"
exit $status
