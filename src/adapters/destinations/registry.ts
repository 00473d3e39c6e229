import { buildRegistry } from '../plugin.js';
import { localDestinationPlugin } from './local/local.plugin.js';
import type { DestinationPlugin } from './types.js';

/** Erases each plugin's config type for the shared list; composeDestination re-validates configs. */
const entry = <Config>(plugin: DestinationPlugin<Config>): DestinationPlugin<never> => plugin as unknown as DestinationPlugin<never>;

/** Every destination adapter, listed explicitly. */
export const DESTINATION_PLUGINS: readonly DestinationPlugin<never>[] = [
  entry(localDestinationPlugin),
];

export const destinationRegistry = buildRegistry('destination', DESTINATION_PLUGINS);
