#!/bin/sh
# The container image's dependency step, kept in a script so that the test
# (test/cli/container-steps.test.ts) runs exactly what the Dockerfile runs.
# Production dependencies only, as pinned by the lockfile; tsx is among them because the
# app runs its TypeScript sources directly (bin/cvcrm-etl.js), with no build step.
set -eu
# --ignore-scripts: no package's install script runs; esbuild (under tsx) finds its binary
# through its optional platform package without one.
npm ci --omit=dev --ignore-scripts --no-audit --no-fund
