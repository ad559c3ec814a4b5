#!/usr/bin/env bash
set -euo pipefail
echo "test-python: not yet built" >&2
