import { sourceContract } from '../../support/source-contract.js';
import { postgresFixture } from '../../support/postgres-fixture.js';

sourceContract('postgres', postgresFixture);
