#!/usr/bin/env node
// Dependency-free pre-step of `npm start` and `npm test`: installs what is missing, builds what is stale.
// Usage: node scripts/setup.mjs [--test]
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, readdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const forTests = process.argv.includes('--test');

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.status !== 0) {
    console.error(`setup: \`${command} ${args.join(' ')}\` failed (exit ${result.status ?? result.signal})`);
    process.exit(1);
  }
}

function mtime(file) {
  return existsSync(file) ? statSync(file).mtimeMs : 0;
}

function newestIn(dir) {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, mtime(path.join(entry.parentPath ?? entry.path, entry.name)));
  }
  return newest;
}

function commandExists(command) {
  return spawnSync('sh', ['-c', 'command -v "$1"', 'sh', command], { stdio: 'ignore' }).status === 0;
}

function ensureNodeModules() {
  const marker = path.join(root, 'node_modules', '.package-lock.json');
  if (mtime(marker) >= mtime(path.join(root, 'package-lock.json'))) return;
  console.log('setup: installing npm dependencies (npm ci)...');
  run('npm', ['ci', '--no-audit', '--no-fund']);
}

function ensureBuild() {
  const stamp = path.join(root, 'dist', '.tsbuildinfo');
  if (mtime(stamp) < Math.max(newestIn(path.join(root, 'src')), mtime(path.join(root, 'package-lock.json')))) {
    console.log('setup: building the server (tsc)...');
    run(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json']);
  }
  if (mtime(path.join(root, 'dist', 'lifeboat.cjs')) < Math.max(mtime(stamp), mtime(path.join(root, 'scripts', 'bundle-cli.mjs')))) {
    console.log('setup: bundling the CLI (esbuild)...');
    run(process.execPath, [path.join(root, 'scripts', 'bundle-cli.mjs')]);
  }
  const webDir = path.join(root, 'web');
  if (existsSync(path.join(webDir, 'vite.config.ts'))) {
    const built = path.join(webDir, 'dist', 'index.html');
    if (mtime(built) < newestIn(path.join(webDir, 'src'))) {
      console.log('setup: building the web UI (vite)...');
      run(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], { cwd: webDir });
    }
  }
}

function ensureDebianPackages() {
  const lists = JSON.parse(readFileSync(path.join(root, 'scripts', 'system-packages.json'), 'utf8'));
  const wanted = { ...lists.runtime, ...(forTests ? lists.test : {}) };
  const missing = [...new Set(Object.entries(wanted).filter(([cmd]) => !commandExists(cmd)).map(([, pkg]) => pkg))];
  if (missing.length === 0) return;
  if (process.getuid?.() === 0 && commandExists('apt-get')) {
    console.log(`setup: installing Debian packages: ${missing.join(' ')}`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    run('apt-get', ['update', '-qq'], { env });
    run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { env });
  } else if (forTests) {
    console.error(`setup: the tests need these Debian packages: ${missing.join(' ')}\n  install them with: sudo apt-get install ${missing.join(' ')}`);
    process.exit(1);
  } else {
    console.warn(`setup: some features need these Debian packages: ${missing.join(' ')} (sudo apt-get install ${missing.join(' ')})`);
  }
}

function reachable(port) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port, timeout: 2000 });
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => { socket.destroy(); resolve(false); });
  });
}

async function ensureTestServices() {
  const services = [
    { name: 'PostgreSQL', port: 5432, start: "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start" },
    { name: 'MariaDB', port: 3306, start: 'start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd' },
    { name: 'Redis', port: 6379, start: 'redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no' },
  ];
  const down = [];
  for (const service of services) if (!(await reachable(service.port))) down.push(service);
  if (down.length === 0) return;
  for (const s of down) console.error(`setup: ${s.name} is not reachable on 127.0.0.1:${s.port}; start it with: ${s.start}`);
  process.exit(1);
}

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`setup: Lifeboat needs Node.js 20.19 or newer (this is ${process.version})`);
  process.exit(1);
}
ensureNodeModules();
ensureDebianPackages();
ensureBuild();
if (forTests) await ensureTestServices();
