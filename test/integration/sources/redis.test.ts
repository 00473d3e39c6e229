import { redisFixture } from '../../support/redis-fixture.js';
import { sourceContract } from '../../support/source-contract.js';

sourceContract('Redis', redisFixture(14, 15));
