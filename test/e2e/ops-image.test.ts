/**
 * The container image, without a container runtime: the Dockerfile's final stage is replayed into
 * a directory (its COPY lines copy the same files, its RUN links the same commands onto a PATH), and
 * the commands the image offers run from there: `hookgate-token`, `npm run token`'s own command,
 * the HEALTHCHECK (for the API and for a worker, which only has the operations port) and the CMD.
 * A Dockerfile instruction this replay does not understand fails the test, so it cannot drift.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveKeys } from '../../src/lib/crypto.ts';
import { AdminTokens } from '../../src/lib/tokens.ts';
import { aSecret, baseEnv, freePort, killAllServices, REPO_ROOT, spawnNode } from '../helpers/service-process.ts';

const run = promisify(execFile);
const DOCKERFILE = readFileSync(join(REPO_ROOT, 'Dockerfile'), 'utf8');

/** The final stage's instructions, continuation lines joined. */
function finalStage(): string[] {
  const instructions = DOCKERFILE.replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  const from = instructions.findLastIndex((l) => /^FROM /i.test(l));
  return instructions.slice(from);
}

interface Image {
  /** Stands for /app. */
  app: string;
  /** Stands for /usr/local/bin. */
  bin: string;
  healthcheck: string[];
  cmd: string[];
  labels: string;
  env: Record<string, string>;
}

/** Replays the final stage into a fresh directory. */
function buildImage(): Image {
  const root = mkdtempSync(join(tmpdir(), 'hookgate-image-'));
  const app = join(root, 'app');
  const bin = join(root, 'usr-local-bin');
  mkdirSync(app);
  mkdirSync(bin);
  const image: Image = { app, bin, healthcheck: [], cmd: [], labels: '', env: {} };
  const inImage = (path: string) => path.replace(/^\/app(?=\/|$)/, app).replace(/^\/usr\/local\/bin(?=\/|$)/, bin);
  for (const instruction of finalStage()) {
    const [, keyword, rest] = /^(\w+)\s+(.*)$/s.exec(instruction)!;
    switch (keyword!.toUpperCase()) {
      case 'FROM':
      case 'ARG':
      case 'USER':
      case 'EXPOSE':
      case 'STOPSIGNAL':
      case 'WORKDIR':
        break;
      case 'LABEL':
        image.labels += `${rest} `;
        break;
      case 'ENV':
        for (const [, k, v] of rest!.matchAll(/(\w+)=(\S+)/g)) image.env[k!] = v!;
        break;
      case 'COPY': {
        const parts = rest!.split(/\s+/);
        const fromStage = parts[0]!.startsWith('--from=') ? parts.shift()!.slice('--from='.length) : null;
        const dest = parts.pop()!;
        for (const source of parts) {
          // From `deps` (npm ci --omit=dev) the repository's own node_modules stands in, linked; from `check`, its sources.
          const from = join(REPO_ROOT, source.replace(/^\/app\//, ''));
          const to = dest.endsWith('/') ? join(app, dest, source.split('/').pop()!) : join(app, dest);
          mkdirSync(dirname(to), { recursive: true });
          if (fromStage === 'deps') symlinkSync(from, to);
          else cpSync(from, to, { recursive: true });
        }
        break;
      }
      case 'RUN':
        for (const command of rest!.split('&&').map((c) => c.trim())) {
          const link = /^ln -s (\S+) (\S+)$/.exec(command);
          const chmod = /^chmod (\d+) (.+)$/.exec(command);
          if (link) symlinkSync(inImage(link[1]!), inImage(link[2]!));
          else if (chmod) {
            for (const file of chmod[2]!.split(/\s+/))
              expect(readFileSync(join(app, file), 'utf8').startsWith('#!/usr/bin/env node\n'), file).toBe(true);
          } else throw new Error(`the image replay does not know: RUN ${command}`);
        }
        break;
      case 'HEALTHCHECK':
        image.healthcheck = JSON.parse(rest!.replace(/^.*?CMD\s+/, ''));
        break;
      case 'CMD':
        image.cmd = JSON.parse(rest!);
        break;
      default:
        throw new Error(`the image replay does not know: ${instruction}`);
    }
  }
  return image;
}

describe('the container image', () => {
  let image: Image;
  const secret = aSecret();
  // As in the image: node on PATH, and the linked commands.
  const env = (extra: Record<string, string> = {}) => ({
    ...baseEnv(),
    PATH: `${image.bin}:${dirname(process.execPath)}:${process.env.PATH ?? ''}`,
    ...image.env,
    ...extra,
  });

  beforeAll(() => {
    image = buildImage();
  });
  afterAll(async () => {
    await killAllServices();
    if (image) rmSync(dirname(image.app), { recursive: true, force: true });
  });

  it('carries OCI labels, a HEALTHCHECK and a CMD', () => {
    for (const label of ['title', 'description', 'version', 'revision'])
      expect(image.labels).toContain(`org.opencontainers.image.${label}=`);
    expect(image.healthcheck[0]).toBe('node');
    expect(image.cmd).toContain('src/main.ts');
    expect(DOCKERFILE).toMatch(/^STOPSIGNAL SIGTERM$/m);
  });

  it('has hookgate-token on PATH: --help prints usage, bad arguments print usage and exit 2, good ones print a working token', async () => {
    const help = await run('hookgate-token', ['--help'], { cwd: image.app, env: env() });
    expect(help.stdout).toMatch(/^usage: npm run token -- --workspace/);
    expect(help.stdout).toContain('hookgate-token');
    expect(help.stderr).toBe('');

    for (const args of [['--bogus'], ['stray'], ['--workspace'], []]) {
      const failed = await run('hookgate-token', args, { cwd: image.app, env: env({ HOOKGATE_SECRET: secret }) }).catch((e) => e);
      expect(failed.code, args.join(' ')).toBe(2);
      expect(failed.stderr).toMatch(/^hookgate token: .*\nusage: /);
      expect(failed.stderr).not.toMatch(/\bat .*:\d+:\d+/);
    }

    const { stdout, stderr } = await run('hookgate-token', ['--workspace', 'ws-image', '--scope', 'read'], {
      cwd: image.app,
      env: env({ HOOKGATE_SECRET: secret }),
    });
    expect(stderr).toMatch(/^jti: /);
    const tokens = new AdminTokens(deriveKeys(secret).admin, { jwksUrl: null, maxLifetimeSeconds: 366 * 24 * 3600 });
    expect(await tokens.verify(stdout.trim())).toMatchObject({ workspaceId: 'ws-image', scope: 'read' });
    // Six processes: generous for a loaded machine.
  }, 240_000);

  it('runs `npm run token`’s command and hookgate-rekey --help from the image’s files', async () => {
    const script = JSON.parse(readFileSync(join(image.app, 'package.json'), 'utf8')).scripts.token as string;
    const { stdout } = await run('sh', ['-c', `${script} --workspace ws-npm`], { cwd: image.app, env: env({ HOOKGATE_SECRET: secret }) });
    expect(stdout.trim()).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
    const rekey = await run('hookgate-rekey', ['--help'], { cwd: image.app, env: env() });
    expect(rekey.stdout).toMatch(/^usage: npm run rekey/);
  }, 120_000);

  it('HEALTHCHECK passes for an API process on PORT and for a worker on its operations port, and fails when nothing answers', async () => {
    const [command, ...args] = image.healthcheck as [string, ...string[]];
    const check = (extra: Record<string, string>) =>
      run(command, args, { cwd: image.app, env: env(extra), timeout: 30_000 }).then(
        () => 0,
        (e) => (e.code as number) ?? -1,
      );

    const port = String(await freePort());
    expect(await check({ PORT: port })).toBe(1);
    const start = (extra: Record<string, string>) => {
      const [node, ...rest] = image.cmd as [string, ...string[]];
      expect(node).toBe('node');
      // spawnNode runs from the repository; the image's CMD runs from /app: run it there.
      return spawnNode(join(image.app, rest.at(-1)!), [], { ...image.env, ...extra });
    };
    const apiProcess = start({ PORT: port });
    await apiProcess.waitForOutput(/hookgate listening/, 60_000);
    expect(await check({ PORT: port })).toBe(0);

    const opsPort = String(await freePort());
    expect(await check({ HOOKGATE_ROLE: 'worker', HOOKGATE_OPS_PORT: opsPort })).toBe(1);
    const worker = start({ PORT: String(await freePort()), HOOKGATE_ROLE: 'worker', HOOKGATE_OPS_PORT: opsPort });
    await worker.waitForOutput(/hookgate worker started/, 60_000);
    expect(await check({ HOOKGATE_ROLE: 'worker', HOOKGATE_OPS_PORT: opsPort })).toBe(0);

    expect(await apiProcess.kill('SIGTERM')).toEqual({ code: 0, signal: null });
    expect(await worker.kill('SIGTERM')).toEqual({ code: 0, signal: null });
  }, 240_000);
});
