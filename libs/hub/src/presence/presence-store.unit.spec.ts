import { presenceStoreContract } from './presence-store.contract';
import { InMemoryPresenceStore } from './presence-store';

presenceStoreContract('in memory', async () => new InMemoryPresenceStore());
