// No image registry is reachable here, so `docker build` cannot run. Instead this test reads the
// Dockerfile and performs its own steps in clean copies: each earlier stage (the build, the
// production dependencies) in its own directory with the files its COPY lines take (minus
// .dockerignore) and its RUN steps; then the final stage from what it copies out of them, its CMD
// as an unprivileged user with its ENV, and checks /health, the HEALTHCHECK command and a clean
// exit on SIGTERM.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const NOBODY = 65534;
const TOKEN = 'token-do-conteiner-0123456789ab';

interface Stage {
  readonly name: string | undefined;
  readonly copies: { readonly from: string | undefined; readonly sources: readonly string[]; readonly target: string }[];
  readonly runs: string[];
  readonly env: Record<string, string>;
  healthcheck: string[] | undefined;
  cmd: string[] | undefined;
  user: string | undefined;
}

/** The Dockerfile's instructions per stage, continuation lines joined. */
function readDockerfile(text: string): Stage[] {
  const lines = text.replace(/\\\n\s*/g, ' ').split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
  const stages: Stage[] = [];
  for (const line of lines) {
    const [instruction = '', ...rest] = line.split(/\s+/);
    const args = rest.join(' ');
    if (instruction === 'FROM') {
      const name = /\bAS\s+(\S+)/i.exec(args)?.[1];
      stages.push({ name, copies: [], runs: [], env: {}, healthcheck: undefined, cmd: undefined, user: undefined });
      continue;
    }
    const stage = stages.at(-1);
    if (!stage) continue;
    if (instruction === 'COPY') {
      const from = /--from=(\S+)/.exec(args)?.[1];
      const parts = args.split(/\s+/).filter((p) => !p.startsWith('--'));
      stage.copies.push({ from, sources: parts.slice(0, -1), target: parts.at(-1) ?? '' });
    } else if (instruction === 'RUN') {
      stage.runs.push(args);
    } else if (instruction === 'ENV') {
      for (const [, key = '', value = ''] of args.matchAll(/(\w+)=(\S+)/g)) stage.env[key] = value;
    } else if (instruction === 'HEALTHCHECK') {
      stage.healthcheck = JSON.parse(args.slice(args.indexOf('CMD ') + 4)) as string[];
    } else if (instruction === 'CMD') {
      stage.cmd = JSON.parse(args) as string[];
    } else if (instruction === 'USER') {
      stage.user = args;
    }
  }
  return stages;
}

/** .dockerignore patterns as a predicate on paths relative to the context: the subset of Docker's rules this project uses. */
function dockerIgnore(text: string): (path: string) => boolean {
  const patterns = text.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
  const toRegExp = (glob: string): RegExp => new RegExp(`^${glob
    .replace(/[.+^${}()|[\]]/g, '\\$&')
    .replace(/\*\*\//g, '@@DIRS@@')
    .replace(/\*/g, '[^/]*')
    .replace(/\?/g, '[^/]')
    .replace(/@@DIRS@@/g, '(.*/)?')}$`);
  const rules = patterns.map((p) => ({ exclude: !p.startsWith('!'), re: toRegExp(p.replace(/^!/, '').replace(/^\/|\/$/g, '')) }));
  return (path) => {
    let ignored = false;
    // A path is ignored when it or one of its parent directories matches; the last rule wins.
    const segments = path.split('/');
    for (let i = 1; i <= segments.length; i++) {
      const prefix = segments.slice(0, i).join('/');
      for (const rule of rules) if (rule.re.test(prefix)) ignored = rule.exclude;
      if (ignored) return true;
    }
    return ignored;
  };
}

function copyInto(appDir: string, sources: readonly string[], target: string, ignored: (path: string) => boolean): void {
  const toDir = target.endsWith('/') || sources.length > 1;
  for (const source of sources) {
    expect(ignored(source), `${source} is copied by the Dockerfile but excluded by .dockerignore`).toBe(false);
    const destination = toDir ? join(appDir, target, source.split('/').at(-1) ?? source) : join(appDir, target);
    mkdirSync(dirname(destination), { recursive: true });
    cpSync(join(ROOT, source), destination, {
      recursive: true,
      filter: (from) => !ignored(relative(ROOT, from)),
    });
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Runs as an unprivileged user: the tests run as root here, the image runs as `node`. */
function asUnprivileged(argv: readonly string[]): string[] | undefined {
  if (process.getuid?.() !== 0) return [...argv];
  if (spawnSync('setpriv', ['--version']).status !== 0) return undefined;
  return ['setpriv', `--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', ...argv];
}

const dockerfile = readDockerfile(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));
const ignored = dockerIgnore(readFileSync(join(ROOT, '.dockerignore'), 'utf8'));
const canDropPrivileges = asUnprivileged(['true']) !== undefined;

/** Runs a stage's RUN steps in its directory, offline from the npm cache. */
function runStage(stage: Stage, dir: string): void {
  for (const run of stage.runs) {
    const result = spawnSync('sh', ['-c', run], {
      cwd: dir, encoding: 'utf8', timeout: 300_000,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', npm_config_prefer_offline: 'true' },
    });
    expect(result.status, `RUN ${run}\n${result.stdout}\n${result.stderr}`).toBe(0);
  }
}

it.skipIf(!canDropPrivileges)('the Dockerfile\'s steps: build, production install, start as a non-root user, /health, HEALTHCHECK, exit 0 on SIGTERM', { timeout: 600_000 }, async () => {
  const final = dockerfile.at(-1);
  expect(dockerfile.length, 'a multi-stage build').toBeGreaterThanOrEqual(2);
  if (!final) throw new Error('no stages in the Dockerfile');
  expect(final.user, 'the image runs as a non-root user').toBeDefined();
  expect(final.user).not.toMatch(/^(root|0)(:|$)/);
  const stageOf = (path: string) => {
    const from = final.copies.find((c) => c.from !== undefined && c.sources.includes(path))?.from;
    const stage = dockerfile.find((s) => s !== final && s.name === from);
    if (!stage) throw new Error(`the final stage takes ${path} from an earlier stage`);
    return stage;
  };
  const [deps, build] = [stageOf('/app/node_modules'), stageOf('/app/dist')];
  expect(build, 'the build and the production dependencies are separate stages').not.toBe(deps);
  if (!final.cmd || !final.healthcheck) throw new Error('the Dockerfile needs a CMD and a HEALTHCHECK in exec (JSON) form');

  const work = mkdtempSync(join(tmpdir(), 'cvcrm-etl-container-'));
  const appDir = join(work, 'app');
  const dataDir = join(work, 'data');
  const homeDir = join(work, 'home');
  let child: ReturnType<typeof spawn> | undefined;
  const stageDirs = new Map<Stage, string>([[build, join(work, 'build')], [deps, join(work, 'deps')]]);
  try {
    // Earlier stages: each its files, then its RUN steps (the install, the build).
    for (const [stage, dir] of stageDirs) {
      for (const copy of stage.copies) copyInto(dir, copy.sources, copy.target, ignored);
      runStage(stage, dir);
    }
    expect(existsSync(join(stageDirs.get(build)!, 'dist', 'cli', 'main.js')), 'the build stage compiles dist/').toBe(true);
    const prodModules = join(stageDirs.get(deps)!, 'node_modules');
    for (const dev of ['tsx', 'esbuild', 'typescript', 'vitest']) {
      expect(existsSync(join(prodModules, dev)), `${dev} is not a production dependency`).toBe(false);
    }
    // Final stage: what it takes from the earlier stages (their WORKDIR is /app), then the app's own files.
    mkdirSync(appDir, { recursive: true });
    for (const copy of final.copies) {
      if (copy.from === undefined) {
        copyInto(appDir, copy.sources, copy.target, ignored);
        continue;
      }
      const stage = dockerfile.find((s) => s.name === copy.from);
      const dir = stage && stageDirs.get(stage);
      if (!dir) throw new Error(`COPY --from=${copy.from}: no such earlier stage`);
      for (const source of copy.sources) cpSync(join(dir, relative('/app', source)), join(appDir, copy.target), { recursive: true });
    }
    expect(existsSync(join(appDir, 'test')), 'tests stay out of the image').toBe(false);
    expect(existsSync(join(appDir, 'src')), 'the image runs the compiled code, not the sources').toBe(false);

    // The code readable, the data directory writable, by the unprivileged user only where needed.
    chmodSync(work, 0o755);
    for (const dir of [dataDir, homeDir]) {
      mkdirSync(dir);
      if (process.getuid?.() === 0) chownSync(dir, NOBODY, NOBODY);
    }
    expect(statSync(appDir).uid).not.toBe(NOBODY);

    const port = await freePort();
    const argv = asUnprivileged(final.cmd);
    if (!argv) throw new Error('no tool to drop privileges');
    const [command = '', ...args] = argv;
    // The image's ENV, with this test's data directory and port; a token because production
    // refuses an open dashboard; no CVCRM credentials, so the built-in simulator is the source.
    child = spawn(command, args, {
      cwd: appDir,
      env: { PATH: process.env.PATH ?? '', HOME: homeDir, ...final.env, DATA_DIR: dataDir, PORT: String(port), API_TOKENS: TOKEN, LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const running = child;
    const exited = new Promise<number | null>((resolve) => running.on('exit', (code) => resolve(code)));
    let output = '';
    running.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    running.stderr?.on('data', (d: Buffer) => (output += d.toString()));

    const url = `http://127.0.0.1:${port}`;
    const started = Date.now();
    let health: Response | undefined;
    while (Date.now() - started < 60_000 && running.exitCode === null) {
      health = await fetch(`${url}/health`, { headers: { authorization: `Bearer ${TOKEN}` } }).catch(() => undefined);
      if (health) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    if (!health) throw new Error(`no answer on /health within a minute:\n${output}`);
    expect([200, 503], output).toContain(health.status);
    const body = (await health.json()) as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(expect.arrayContaining(['status', 'database', 'api', 'last_sync', 'timestamp']));
    expect(body.status).toBe(health.status === 200 ? 'healthy' : 'unhealthy');

    const uid = /^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${running.pid}/status`, 'utf8'))?.[1];
    expect(Number(uid), 'the app runs as a non-root user').not.toBe(0);

    // Docker runs the HEALTHCHECK inside the container: same user, same environment.
    const probe = asUnprivileged(final.healthcheck) ?? [];
    const before = (await fetch(`${url}/health`)).status;
    const check = spawnSync(probe[0] ?? '', probe.slice(1), { cwd: appDir, encoding: 'utf8', timeout: 10_000, env: { PATH: process.env.PATH ?? '', HOME: homeDir, ...final.env, PORT: String(port) } });
    const after = (await fetch(`${url}/health`)).status;
    expect([0, 1], check.stderr).toContain(check.status);
    if (before === after) expect(check.status, 'HEALTHCHECK passes only on 200').toBe(before === 200 ? 0 : 1);

    running.kill('SIGTERM');
    const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('timeout'), 30_000))]);
    expect(code, output).toBe(0);
  } finally {
    child?.kill('SIGKILL');
    rmSync(work, { recursive: true, force: true });
  }
});

it.runIf(!canDropPrivileges)('the Dockerfile\'s steps: skipped, no setpriv to run the app as a non-root user while the tests run as root', () => {
  expect(canDropPrivileges).toBe(false);
});
