import { Client } from 'basic-ftp';
import { Semaphore } from '../wrappers/concurrency.js';
import { translateFtpError } from './ftp.errors.js';
import type { FtpConfig } from './ftp.plugin.js';

/**
 * basic-ftp runs one command at a time per connection, so operations borrow a connection from a small pool.
 * A connection that failed or was closed (abort) is thrown away, never handed out again.
 */
export class FtpPool {
  private readonly idle: Client[] = [];
  private readonly all = new Set<Client>();
  private readonly slots: Semaphore;

  constructor(
    private readonly config: FtpConfig,
    readonly size: number,
  ) {
    this.slots = new Semaphore(size);
  }

  /** Runs `work` with a connection held for its whole duration (`release` lets streaming work keep it longer). */
  async use<T>(work: (client: Client) => Promise<T>): Promise<T> {
    const { client, release } = await this.acquire();
    try {
      return await work(client);
    } finally {
      release();
    }
  }

  async acquire(): Promise<{ client: Client; release: () => void }> {
    const releaseSlot = await this.slots.acquire();
    try {
      const client = this.idle.pop() ?? (await this.open());
      let done = false;
      return {
        client,
        release: () => {
          if (done) return;
          done = true;
          if (client.closed) this.all.delete(client);
          else this.idle.push(client);
          releaseSlot();
        },
      };
    } catch (error) {
      releaseSlot();
      throw error;
    }
  }

  close(): void {
    for (const client of this.all) client.close();
    this.all.clear();
    this.idle.length = 0;
  }

  private async open(): Promise<Client> {
    const client = new Client(30_000);
    const { config } = this;
    try {
      await client.access({
        host: config.host,
        port: config.port ?? (config.secure === 'implicit' ? 990 : 21),
        user: config.user,
        password: config.password,
        secure: config.secure === 'implicit' ? 'implicit' : config.secure === 'explicit',
        secureOptions: {
          ca: config.caCertificate ? [config.caCertificate] : undefined,
          rejectUnauthorized: config.rejectUnauthorized,
        },
      });
    } catch (error) {
      client.close();
      throw translateFtpError(error, `Connecting to ftp://${config.host}`);
    }
    this.all.add(client);
    return client;
  }
}
