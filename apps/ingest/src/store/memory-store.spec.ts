import { MemoryVitalsStore } from './memory-store.js';
import { describeVitalsStoreContract } from '../../test/store-contract.js';

describeVitalsStoreContract('memory', async () => new MemoryVitalsStore());
