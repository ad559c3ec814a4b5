#!/usr/bin/env bash
set -euo pipefail
echo "test-node: not yet built" >&2
