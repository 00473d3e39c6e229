import { accessSync, constants, mkdirSync } from 'node:fs';
import { ConfigError } from '../lib/errors.js';

/** Creates the data directory when missing and proves it is writable before anything is stored there. */
export function ensureDataDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    accessSync(dir, constants.R_OK | constants.W_OK | constants.X_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new ConfigError(
      `Data directory ${dir} is not usable (${code}): fix its permissions or set LIFEBOAT_DATA_DIR to a writable directory`,
    );
  }
}
