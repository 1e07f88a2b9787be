/**
 * Preloaded (`node --import`) into every process the bench starts: when the orchestrator dies
 * without cleaning up (SIGKILL), the child is re-parented, and this ends it with SIGTERM, so no
 * load generator or Hookgate process keeps running. A 0.5 s unref'd timer; nothing else.
 */
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.kill(process.pid, 'SIGTERM');
}, 500).unref();
