import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FtpDestination } from '../../../src/adapters/destinations/ftp/ftp.destination.js';
import { ftpDestinationPlugin } from '../../../src/adapters/destinations/ftp/ftp.plugin.js';
import { LocalDestination } from '../../../src/adapters/destinations/local/local.destination.js';
import { ABANDONED_AFTER_MS } from '../../../src/adapters/destinations/shared/abandoned-uploads.js';
import { SftpDestination } from '../../../src/adapters/destinations/sftp/sftp.destination.js';
import { sftpDestinationPlugin } from '../../../src/adapters/destinations/sftp/sftp.plugin.js';
import type { Destination } from '../../../src/adapters/destinations/types.js';
import { WebdavDestination } from '../../../src/adapters/destinations/webdav/webdav.destination.js';
import { webdavDestinationPlugin } from '../../../src/adapters/destinations/webdav/webdav.plugin.js';
import { startFtpServer } from '../../support/servers/ftp.js';
import { startSftpServer } from '../../support/servers/sftp.js';
import { startWebdavServer } from '../../support/servers/webdav.js';

interface Setup {
  destination: Destination;
  /** The folder on disk that holds the destination's root, as the server stores it. */
  root: string;
  stop(): Promise<void>;
}

/** Each destination that uploads to a temporary name, on a real server (or folder) of its kind. */
const setups: Record<string, () => Promise<Setup>> = {
  local: async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'lifeboat-abandoned-'));
    return { destination: new LocalDestination(root), root, stop: () => rm(root, { recursive: true, force: true }) };
  },
  sftp: async () => {
    const server = await startSftpServer();
    const config = sftpDestinationPlugin.configSchema.parse({
      host: server.host, port: server.port, username: server.username, password: server.password, path: '/backups', hostKeyFingerprint: server.hostKeyFingerprint,
    });
    return { destination: new SftpDestination(config), root: path.join(server.directory, 'backups'), stop: server.stop };
  },
  ftp: async () => {
    const server = await startFtpServer();
    const config = ftpDestinationPlugin.configSchema.parse({ host: server.host, port: server.port, user: server.user, password: server.password, path: '/backups' });
    return { destination: new FtpDestination(config), root: path.join(server.directory, 'backups'), stop: server.stop };
  },
  webdav: async () => {
    const server = await startWebdavServer();
    const config = webdavDestinationPlugin.configSchema.parse({ url: `${server.url}/backups`, username: server.username, password: server.password });
    return { destination: new WebdavDestination(config), root: path.join(server.directory, 'backups'), stop: server.stop };
  },
};

const HOUR = 60 * 60 * 1000;

for (const [kind, start] of Object.entries(setups)) {
  describe(`${kind}: temporary files of killed uploads`, () => {
    let setup: Setup;
    beforeAll(async () => {
      setup = await start();
    });
    afterAll(async () => {
      await setup?.destination.close();
      await setup?.stop();
    });

    /** A temporary upload file on the server's disk, last written `ageMs` ago. */
    async function leave(name: string, ageMs: number): Promise<void> {
      const file = path.join(setup.root, 'jobs', name);
      await writeFile(file, 'half a dump');
      const when = new Date(Date.now() - ageMs);
      await utimes(file, when, when);
    }
    const onDisk = async () => (await readdir(path.join(setup.root, 'jobs'))).sort();

    it('are removed by the next upload to their folder once a day old; recent ones and uploads in progress stay', async () => {
      await mkdir(path.join(setup.root, 'jobs'), { recursive: true });
      await leave('killed.dump.partial-aaa111', ABANDONED_AFTER_MS + HOUR);
      await leave('recent.dump.partial-bbb222', HOUR); // possibly another process's upload, paused
      await mkdir(path.join(setup.root, 'elsewhere'), { recursive: true });
      await writeFile(path.join(setup.root, 'elsewhere', 'old.dump.partial-ccc333'), 'x');
      const old = new Date(Date.now() - 2 * ABANDONED_AFTER_MS);
      await utimes(path.join(setup.root, 'elsewhere', 'old.dump.partial-ccc333'), old, old);

      // An upload of this process that stalls for longer than the threshold: its file must survive the sweep.
      const slow = new PassThrough();
      const slowUpload = setup.destination.put('jobs/slow.dump', slow);
      slow.write('first bytes ');
      let live: string | undefined;
      for (let i = 0; i < 200 && !live; i++) {
        await new Promise((resolve) => setTimeout(resolve, 25));
        live = (await onDisk()).find((name) => name.startsWith('slow.dump.partial-'));
      }
      expect(live, 'the slow upload wrote its temporary file').toBeDefined();
      await utimes(path.join(setup.root, 'jobs', live!), old, old);

      await setup.destination.put('jobs/next.dump', Readable.from(['a whole dump']));

      expect(await onDisk()).toEqual(['next.dump', 'recent.dump.partial-bbb222', live!].sort());
      expect(await readdir(path.join(setup.root, 'elsewhere'))).toEqual(['old.dump.partial-ccc333']); // only the upload's own folder is swept

      slow.end('and the rest');
      await slowUpload;
      const keys: string[] = [];
      for await (const info of setup.destination.list('jobs/')) keys.push(info.key);
      expect(keys.sort()).toEqual(['jobs/next.dump', 'jobs/slow.dump']);
      expect(await onDisk()).toEqual(['next.dump', 'recent.dump.partial-bbb222', 'slow.dump']);
    });
  });
}
