#!/bin/sh
# Rebuild the fleet rows of the README benchmark table (about 3 minutes on 2 cores).
# Usage: tests/bench/fleet_bench.sh [--preset NAME] [--seed N] [--time-limit S]
cd "$(dirname "$0")/../.." && exec .venv/bin/python -m optimize bench --kind fleet "$@"
