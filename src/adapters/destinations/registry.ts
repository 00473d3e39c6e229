import { buildRegistry } from '../plugin.js';
import type { DestinationPlugin } from './types.js';

/** Every destination adapter, listed explicitly. */
export const DESTINATION_PLUGINS: readonly DestinationPlugin<never>[] = [];

export const destinationRegistry = buildRegistry('destination', DESTINATION_PLUGINS);
