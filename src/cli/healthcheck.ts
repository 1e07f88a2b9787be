#!/usr/bin/env node
/**
 * The container image's HEALTHCHECK: exits 0 when this process's /healthz answers 200 — on PORT,
 * or on HOOKGATE_OPS_PORT for a worker (which has no API listener). Same environment as the service.
 */
import { ConfigError, loadConfig } from '../config.ts';

try {
  const config = loadConfig();
  const port = config.role === 'worker' ? config.opsPort : config.port;
  const res = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(2500) });
  process.exit(res.status === 200 ? 0 : 1);
} catch (err) {
  process.stderr.write(`hookgate healthcheck: ${err instanceof ConfigError ? err.message : 'no answer from /healthz'}\n`);
  process.exit(1);
}
