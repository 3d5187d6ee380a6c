#!/bin/sh
# The container image's dependency step, kept in a script so that the test
# (test/cli/container-steps.test.ts) runs exactly what the Dockerfile runs.
# Production dependencies only, as pinned by the lockfile; tsx is among them because the
# app runs its TypeScript sources directly (bin/cvcrm-etl.js), with no build step.
set -eu
npm ci --omit=dev --ignore-scripts --no-audit --no-fund
# The npm cache is useless in the image and only makes the layer bigger.
npm cache clean --force 2>/dev/null || true
