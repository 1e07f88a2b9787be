/**
 * Preloaded (`node --import`) into the load generator's process: at exit it writes the CPU time the
 * whole process used (user + system, every thread) to stderr as `BENCH_CPU_MICROS <n>`, so the
 * bench can report the generator's cost per request beside the server's.
 */
process.once('exit', () => {
  const { user, system } = process.cpuUsage();
  process.stderr.write(`\nBENCH_CPU_MICROS ${user + system}\n`);
});
