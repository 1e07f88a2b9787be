#!/bin/sh
# Lints openapi.yaml with Redocly's (redocly.yaml) and Spectral's (.spectral.yaml) recommended rulesets.
# Any error or warning fails: the document is to stay at zero of both. Run through `npm run lint:openapi`.
set -eu
cd "$(dirname "$0")/.."
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true
redocly lint --format=json openapi.yaml 2>/dev/null | node -e '
  const r = JSON.parse(require("fs").readFileSync(0, "utf8"));
  for (const p of r.problems) console.log(`${p.severity} ${p.ruleId} ${p.location?.[0]?.pointer ?? ""}: ${p.message}`);
  console.log(`redocly: ${r.totals.errors} errors, ${r.totals.warnings} warnings (${r.totals.ignored} ignored in .redocly.lint-ignore.yaml)`);
  process.exit(r.totals.errors + r.totals.warnings === 0 ? 0 : 1);
'
spectral lint --ruleset .spectral.yaml --fail-severity=hint openapi.yaml
