import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { v2 as webdav } from 'webdav-server';

export interface WebdavTestServer {
  /** http://127.0.0.1:<port> (the share's root) */
  url: string;
  port: number;
  username: string;
  password: string;
  /** The folder served as the share's root (removed by stop()). */
  directory: string;
  stop(): Promise<void>;
}

/** A WebDAV server (webdav-server) on a free loopback port: basic auth, one user, a temp folder as its root. */
export async function startWebdavServer(): Promise<WebdavTestServer> {
  const directory = await mkdtemp(path.join(tmpdir(), 'lifeboat-webdav-'));
  const username = 'lifeboat';
  const password = 'webdav-test-password';
  const users = new webdav.SimpleUserManager();
  const user = users.addUser(username, password, false);
  const privileges = new webdav.SimplePathPrivilegeManager();
  privileges.setRights(user, '/', ['all']);
  const server = new webdav.WebDAVServer({
    hostname: '127.0.0.1',
    port: 0,
    requireAuthentification: true,
    httpAuthentication: new webdav.HTTPBasicAuthentication(users, 'lifeboat-test'),
    privilegeManager: privileges,
    rootFileSystem: new webdav.PhysicalFileSystem(directory),
  });
  const http = await new Promise<Server>((resolve) => server.start((s) => resolve(s as Server)));
  const port = (http.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    username,
    password,
    directory,
    stop: async () => {
      http.closeAllConnections();
      await new Promise<void>((resolve) => server.stop(() => resolve()));
      await rm(directory, { recursive: true, force: true });
    },
  };
}
