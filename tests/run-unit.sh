#!/bin/sh
# Runs every unit test binary and prints one closing line for the lot.
# A binary that runs past UNIT_TIMEOUT seconds (300) has run away (the
# hostile inputs of the parsers' tests take milliseconds): it is stopped and
# counts as failed. How fast things are is measured by `make bench`, never
# asserted here.
set -u
passed=0
failed=0
limit=${UNIT_TIMEOUT:-300}
for t in "$@"; do
	if timeout --signal=KILL "$limit" "$t"; then
		passed=$((passed + 1))
	else
		echo "FAILED: $t (or ran past ${limit} s)"
		failed=$((failed + 1))
	fi
done
echo "unit: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
