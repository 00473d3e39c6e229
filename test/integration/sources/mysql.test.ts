import { sourceContract } from '../../support/source-contract.js';
import { mysqlFixture } from '../../support/mysql-fixture.js';

sourceContract('MariaDB', mysqlFixture);
