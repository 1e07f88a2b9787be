/**
 * HOOKGATE_API_PROCESSES and HOOKGATE_WORKER_PROCESSES as the configuration reads them: how many
 * processes of each kind a role runs, when one process serves alone (the default, unchanged), and
 * what a process forked by the primary serves.
 */
import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';

const REDIS = { REDIS_URL: 'redis://127.0.0.1:6379', HOOKGATE_SECRET: 'x'.repeat(32) };

describe('the process model', () => {
  it('is one process by default, for every role', () => {
    expect(loadConfig({}).processes).toEqual({ api: 1, worker: 1, kind: 'single' });
    expect(loadConfig({ ...REDIS, HOOKGATE_ROLE: 'api' }).processes).toEqual({ api: 1, worker: 0, kind: 'single' });
    expect(loadConfig({ ...REDIS, HOOKGATE_ROLE: 'worker' }).processes).toEqual({ api: 0, worker: 1, kind: 'single' });
  });

  it('forks N API and M worker processes for role all, and only its own kind for api or worker', () => {
    const env = { ...REDIS, HOOKGATE_API_PROCESSES: '3', HOOKGATE_WORKER_PROCESSES: '2' };
    expect(loadConfig(env).processes).toEqual({ api: 3, worker: 2, kind: 'primary' });
    // One of each is no longer one process once either count is above one.
    expect(loadConfig({ ...REDIS, HOOKGATE_WORKER_PROCESSES: '2' }).processes).toEqual({ api: 1, worker: 2, kind: 'primary' });
    expect(loadConfig({ ...env, HOOKGATE_ROLE: 'api' }).processes).toEqual({ api: 3, worker: 0, kind: 'primary' });
    expect(loadConfig({ ...env, HOOKGATE_ROLE: 'worker' }).processes).toEqual({ api: 0, worker: 2, kind: 'primary' });
    // The count of the other kind does not matter to a role that runs none.
    expect(loadConfig({ ...REDIS, HOOKGATE_ROLE: 'worker', HOOKGATE_API_PROCESSES: '4' }).processes.kind).toBe('single');
  });

  it('reads auto as the host’s cores', () => {
    const config = loadConfig({ ...REDIS, HOOKGATE_API_PROCESSES: 'auto', HOOKGATE_WORKER_PROCESSES: 'auto' });
    expect(config.processes).toMatchObject({ api: availableParallelism(), worker: availableParallelism() });
  });

  it('gives a forked process its part of the role and the role’s ports', () => {
    const env = { ...REDIS, HOOKGATE_API_PROCESSES: '2', HOOKGATE_WORKER_PROCESSES: '2' };
    const api = loadConfig({ ...env, HOOKGATE_FORKED_AS: 'api' });
    expect(api).toMatchObject({ role: 'api', processes: { kind: 'child' }, opsPort: null });
    // A worker process of role all has no operations port unless one is set (role worker's is 9090).
    expect(loadConfig({ ...env, HOOKGATE_FORKED_AS: 'worker' })).toMatchObject({ role: 'worker', opsPort: null });
    expect(loadConfig({ ...env, HOOKGATE_FORKED_AS: 'worker', HOOKGATE_OPS_PORT: '9100' })).toMatchObject({ opsPort: 9100 });
    expect(loadConfig({ ...env, HOOKGATE_ROLE: 'worker', HOOKGATE_FORKED_AS: 'worker' })).toMatchObject({ role: 'worker', opsPort: 9090 });
  });

  it.each([
    ['HOOKGATE_API_PROCESSES', '0'],
    ['HOOKGATE_API_PROCESSES', 'two'],
    ['HOOKGATE_WORKER_PROCESSES', '-1'],
    ['HOOKGATE_WORKER_PROCESSES', '1.5'],
    ['HOOKGATE_WORKER_PROCESSES', '5000'],
  ])('refuses %s=%s', (variable, value) => {
    expect(() => loadConfig({ ...REDIS, [variable]: value })).toThrow(new RegExp(`^invalid ${variable}: `));
  });

  it('refuses several processes on the in-memory store, naming the setting', () => {
    expect(() => loadConfig({ HOOKGATE_API_PROCESSES: '2' })).toThrow(ConfigError);
    expect(() => loadConfig({ HOOKGATE_API_PROCESSES: '2' })).toThrow(/^invalid HOOKGATE_API_PROCESSES: .*REDIS_URL/);
    expect(() => loadConfig({ HOOKGATE_WORKER_PROCESSES: '2' })).toThrow(/^invalid HOOKGATE_WORKER_PROCESSES: .*REDIS_URL/);
    expect(() => loadConfig({ HOOKGATE_ROLE: 'api', HOOKGATE_API_PROCESSES: '2' })).toThrow(/HOOKGATE_API_PROCESSES/);
  });
});
