// The least any Node program can do for a backup: start, spawn the bench's bare `dump | zstd > file` (the same
// two tools, connected by an OS pipe) and wait. Against the bare run it measures what Node's start and its spawn
// cost on this machine, which no change to Lifeboat can take away. CommonJS: no module loader to set up.
// Usage: node bench/node-floor.cjs <output file> <dump tool> [dump args...]
const { spawn } = require('node:child_process');

const [file, tool, ...args] = process.argv.slice(2);
const dumper = spawn(tool, args, { stdio: ['ignore', 'pipe', 'inherit'] });
const zstd = spawn('zstd', ['-3', '-T0', '-q', '-f', '-o', file], { stdio: [dumper.stdout, 'ignore', 'inherit'] });
dumper.stdout.destroy();
for (const child of [dumper, zstd]) {
  child.on('exit', (code) => {
    if (code !== 0) process.exitCode = 1;
  });
}
