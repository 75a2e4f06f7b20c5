import { createTestDatabase } from './testDatabase';

export default async function setup() {
  const database = await createTestDatabase('unit');
  process.env.DATABASE_URL = database.url;
  return async () => {
    await database.teardown();
  };
}
