import fs from 'node:fs';
import path from 'node:path';
import ssh2 from 'ssh2';
import type { SFTPWrapper } from 'ssh2';

const { STATUS_CODE, flagsToString } = ssh2.utils.sftp;

type Handle = { kind: 'file'; fd: number } | { kind: 'dir'; dir: string; done: boolean };

function attrsOf(stats: fs.Stats): ssh2.Attributes {
  return {
    mode: stats.mode,
    uid: stats.uid,
    gid: stats.gid,
    size: stats.size,
    atime: Math.floor(stats.atimeMs / 1000),
    mtime: Math.floor(stats.mtimeMs / 1000),
  };
}

function statusFor(error: unknown): number {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return STATUS_CODE.NO_SUCH_FILE;
  if (code === 'EACCES' || code === 'EPERM') return STATUS_CODE.PERMISSION_DENIED;
  return STATUS_CODE.FAILURE;
}

/**
 * A small SFTP v3 server over a folder: enough for the destination adapter (open/read/write/stat/list/
 * rename/remove/mkdir). Client paths are resolved under `root` as if it were '/', so nothing escapes it.
 * RENAME refuses an existing target, like OpenSSH, so the adapter's overwrite path is exercised.
 */
export function serveSftp(sftp: SFTPWrapper, root: string): void {
  const handles = new Map<number, Handle>();
  let nextHandle = 1;
  const local = (p: string): string => path.join(root, path.posix.resolve('/', p));
  const newHandle = (h: Handle): Buffer => {
    const id = nextHandle++;
    handles.set(id, h);
    const buf = Buffer.alloc(4);
    buf.writeUInt32BE(id);
    return buf;
  };
  const handleOf = (buf: Buffer): Handle | undefined => (buf.length === 4 ? handles.get(buf.readUInt32BE()) : undefined);
  const guard = (id: number, work: () => void): void => {
    try {
      work();
    } catch (error) {
      sftp.status(id, statusFor(error));
    }
  };

  sftp.on('REALPATH', (id, p) => guard(id, () => {
    const resolved = path.posix.resolve('/', p);
    sftp.name(id, [{ filename: resolved, longname: resolved, attrs: {} as ssh2.Attributes }]);
  }));
  sftp.on('OPEN', (id, p, flags) => guard(id, () => {
    const fd = fs.openSync(local(p), flagsToString(flags) ?? 'r', 0o600);
    sftp.handle(id, newHandle({ kind: 'file', fd }));
  }));
  sftp.on('WRITE', (id, h, offset, data) => guard(id, () => {
    const handle = handleOf(h);
    if (handle?.kind !== 'file') return sftp.status(id, STATUS_CODE.FAILURE);
    fs.writeSync(handle.fd, data, 0, data.length, offset);
    sftp.status(id, STATUS_CODE.OK);
  }));
  sftp.on('READ', (id, h, offset, length) => guard(id, () => {
    const handle = handleOf(h);
    if (handle?.kind !== 'file') return sftp.status(id, STATUS_CODE.FAILURE);
    const buf = Buffer.alloc(length);
    const read = fs.readSync(handle.fd, buf, 0, length, offset);
    if (read === 0) sftp.status(id, STATUS_CODE.EOF);
    else sftp.data(id, buf.subarray(0, read));
  }));
  sftp.on('FSTAT', (id, h) => guard(id, () => {
    const handle = handleOf(h);
    if (handle?.kind !== 'file') return sftp.status(id, STATUS_CODE.FAILURE);
    sftp.attrs(id, attrsOf(fs.fstatSync(handle.fd)));
  }));
  sftp.on('FSETSTAT', (id) => sftp.status(id, STATUS_CODE.OK));
  sftp.on('SETSTAT', (id) => sftp.status(id, STATUS_CODE.OK));
  sftp.on('CLOSE', (id, h) => guard(id, () => {
    const handle = handleOf(h);
    if (!handle) return sftp.status(id, STATUS_CODE.FAILURE);
    handles.delete(h.readUInt32BE());
    if (handle.kind === 'file') fs.closeSync(handle.fd);
    sftp.status(id, STATUS_CODE.OK);
  }));
  sftp.on('OPENDIR', (id, p) => guard(id, () => {
    if (!fs.statSync(local(p)).isDirectory()) return sftp.status(id, STATUS_CODE.FAILURE);
    sftp.handle(id, newHandle({ kind: 'dir', dir: local(p), done: false }));
  }));
  sftp.on('READDIR', (id, h) => guard(id, () => {
    const handle = handleOf(h);
    if (handle?.kind !== 'dir') return sftp.status(id, STATUS_CODE.FAILURE);
    if (handle.done) return sftp.status(id, STATUS_CODE.EOF);
    handle.done = true;
    const names = fs.readdirSync(handle.dir).map((name) => {
      const attrs = attrsOf(fs.lstatSync(path.join(handle.dir, name)));
      const type = (attrs.mode & fs.constants.S_IFMT) === fs.constants.S_IFDIR ? 'd' : '-';
      return { filename: name, longname: `${type}rw------- 1 u g ${attrs.size} Jan 1 00:00 ${name}`, attrs };
    });
    sftp.name(id, names);
  }));
  sftp.on('STAT', (id, p) => guard(id, () => sftp.attrs(id, attrsOf(fs.statSync(local(p))))));
  sftp.on('LSTAT', (id, p) => guard(id, () => sftp.attrs(id, attrsOf(fs.lstatSync(local(p))))));
  sftp.on('REMOVE', (id, p) => guard(id, () => (fs.unlinkSync(local(p)), sftp.status(id, STATUS_CODE.OK))));
  sftp.on('RMDIR', (id, p) => guard(id, () => (fs.rmdirSync(local(p)), sftp.status(id, STATUS_CODE.OK))));
  sftp.on('MKDIR', (id, p) => guard(id, () => (fs.mkdirSync(local(p)), sftp.status(id, STATUS_CODE.OK))));
  sftp.on('RENAME', (id, from, to) => guard(id, () => {
    if (fs.existsSync(local(to))) return sftp.status(id, STATUS_CODE.FAILURE);
    fs.renameSync(local(from), local(to));
    sftp.status(id, STATUS_CODE.OK);
  }));
  sftp.on('end', () => {
    for (const handle of handles.values()) if (handle.kind === 'file') fs.closeSync(handle.fd);
    handles.clear();
  });
  sftp.on('close', () => {
    for (const handle of handles.values()) if (handle.kind === 'file') fs.closeSync(handle.fd);
    handles.clear();
  });
}
