import { randomUUID } from 'node:crypto';
import { describe } from 'vitest';
import mongoose from 'mongoose';
import { openMongoStore } from '../../adapters/store/mongo.js';
import type { DocumentStore } from '../../core/ports/store.js';
import { storeContract } from './store.contract.js';

const url = process.env.MONGO_URL;
if (!url) console.warn('skipped: set MONGO_URL to run the store contract against MongoDB (e.g. docker compose up mongo)');

describe.runIf(!!url)('mongo store', () => {
  storeContract('mongo', async () => {
    // A database of its own per fixture, dropped afterwards.
    const dbName = `kansrijk_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
    let current: DocumentStore = await openMongoStore({ url: url!, dbName });
    return {
      store: current,
      reopen: async () => {
        await current.close();
        current = await openMongoStore({ url: url!, dbName });
        return current;
      },
      cleanup: async () => {
        await current.close();
        const conn = await mongoose.createConnection(url!, { dbName }).asPromise();
        await conn.dropDatabase();
        await conn.close();
      },
    };
  });
});
