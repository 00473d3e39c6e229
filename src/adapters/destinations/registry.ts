import { buildRegistry } from '../plugin.js';
import { ftpDestinationPlugin } from './ftp/ftp.plugin.js';
import { localDestinationPlugin } from './local/local.plugin.js';
import { s3DestinationPlugin } from './s3/s3.plugin.js';
import { sftpDestinationPlugin } from './sftp/sftp.plugin.js';
import type { DestinationPlugin } from './types.js';
import { webdavDestinationPlugin } from './webdav/webdav.plugin.js';

/** Erases each plugin's config type for the shared list; composeDestination re-validates configs. */
const entry = <Config>(plugin: DestinationPlugin<Config>): DestinationPlugin<never> => plugin as unknown as DestinationPlugin<never>;

/** Every destination adapter, listed explicitly. */
export const DESTINATION_PLUGINS: readonly DestinationPlugin<never>[] = [
  entry(localDestinationPlugin),
  entry(s3DestinationPlugin),
  entry(sftpDestinationPlugin),
  entry(webdavDestinationPlugin),
  entry(ftpDestinationPlugin),
];

export const destinationRegistry = buildRegistry('destination', DESTINATION_PLUGINS);
