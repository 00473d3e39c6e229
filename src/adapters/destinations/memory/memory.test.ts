import { destinationContract } from '../../../../test/support/destination-contract.js';
import { MemoryDestination } from './memory.destination.js';

destinationContract('memory', { create: () => new MemoryDestination(), largeBytes: 20_000_000, maxRssGrowth: 200_000_000 });
