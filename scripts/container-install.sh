#!/bin/sh
# The container image's dependency step, kept in a script so that the test
# (test/cli/container-steps.test.ts) runs exactly what the Dockerfile runs.
# Production dependencies only, as pinned by the lockfile: the image runs the compiled dist/
# (built in the Dockerfile's build stage), so neither TypeScript nor tsx is among them.
set -eu
# --ignore-scripts: no package's install script runs, and neither does this project's `prepare`
# (the build), which needs the development dependencies.
npm ci --omit=dev --ignore-scripts --no-audit --no-fund
