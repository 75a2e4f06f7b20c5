import { afterAll, describe, expect, it, vi } from 'vitest';
import { closePools, getPool } from '@/lib/db/connection';
import { tempFolder, uniqueDatasetName } from '@/test/fixtures/ingest/tempFiles';
import { importFiles } from './importFiles';

// an import remembers this few ids, so the set of users it has sent for stubs starts over often,
// and reads the users of a dataset only when it has at most five
vi.mock('./limits', async (original) => ({
  ...(await original<typeof import('./limits')>()),
  MAX_SEEN_IDS: 3,
  MAX_USERS_READ: 5,
}));

const files = tempFolder('stub-users');
const header = 'user_id,item_id,type,ts,value,text';

afterAll(async () => {
  await closePools();
});

function eventsNaming(users: string[]): string {
  return `${header}\n${users.map((user, row) => `${user},i1,view,${1_700_000_000 + row * 60},,`).join('\n')}\n`;
}

async function trackedUsers(datasetName: string): Promise<{ user_id: string; is_stub: boolean }[]> {
  const { rows } = await getPool().query<{ user_id: string; is_stub: boolean }>(
    `SELECT t.user_id, t.is_stub FROM tracked_users t JOIN datasets d ON d.id = t.dataset_id
     WHERE d.name = $1 ORDER BY t.user_id`,
    [datasetName],
  );
  return rows;
}

describe('the users an events import creates', () => {
  it('creates each user of a new dataset once, however often the import has forgotten which it sent', async () => {
    const name = uniqueDatasetName('forgetful');
    // u1 comes back after the set of sent ids has started over, in a later flush
    const users = ['u1', 'u2', 'u3', 'u4', 'u5', 'u1', 'u2', 'u6', 'u1'];
    const result = await importFiles({
      datasetName: name,
      events: files.write('f.csv', eventsNaming(users)),
      chunkRows: 2,
    });
    expect(result.ok).toBe(true);
    expect(result.batches[0]).toMatchObject({ inserted: 9, stubsCreated: { users: 6 } });
    expect((await trackedUsers(name)).map((row) => row.user_id)).toEqual(['u1', 'u2', 'u3', 'u4', 'u5', 'u6']);
  });

  it('adds stubs only for users a dataset does not have, keeping the users its users file brought', async () => {
    const name = uniqueDatasetName('known-users');
    const result = await importFiles({
      datasetName: name,
      users: files.write('users.csv', 'user_id,country\nu2,FR\nu3,DE\n'),
      events: files.write('k.csv', eventsNaming(['u1', 'u2', 'u3', 'u4'])),
      chunkRows: 2,
    });
    expect(result.ok).toBe(true);
    expect(result.batches.find((batch) => batch.kind === 'events')).toMatchObject({ stubsCreated: { users: 2 } });
    expect(await trackedUsers(name)).toEqual([
      { user_id: 'u1', is_stub: true },
      { user_id: 'u2', is_stub: false },
      { user_id: 'u3', is_stub: false },
      { user_id: 'u4', is_stub: true },
    ]);
  });

  it('copies the stubs of a new dataset, quotes and odd ids included, and a second file adds only its new users', async () => {
    const name = uniqueDatasetName('odd-ids');
    const odd = ['tab\there', 'back\\slash', '"quoted, too"', '用户', 'N'];
    const lines = [
      `${header}`,
      ...odd.map(
        (user, row) =>
          `${user.includes('"') ? `"${user.replaceAll('"', '""')}"` : user},i1,view,${1_700_000_000 + row},,`,
      ),
    ];
    expect((await importFiles({ datasetName: name, events: files.write('o.csv', `${lines.join('\n')}\n`) })).ok).toBe(
      true,
    );
    const second = await importFiles({
      datasetName: name,
      events: files.write('o2.csv', eventsNaming(['用户', 'new'])),
    });
    expect(second.batches[0]).toMatchObject({ stubsCreated: { users: 1 } });
    expect((await trackedUsers(name)).map((row) => row.user_id).sort()).toEqual([...odd, 'new'].sort());
  });

  it('takes ids with a lone surrogate as the database keeps them, in one import and the next', async () => {
    const name = uniqueDatasetName('surrogates');
    // JSON escapes a string cannot hold as UTF-8: both are stored as "a\uFFFD", one user
    const line = (user: string, second: number) =>
      `{"user_id": "${user}", "type": "view", "ts": ${1_700_000_000 + second}}`;
    const first = await importFiles({
      datasetName: name,
      events: files.write('s1.ndjson', `${[line('a\\ud800', 1), line('a\\udfff', 2), line('b', 3)].join('\n')}\n`),
    });
    expect(first.batches[0]).toMatchObject({ inserted: 3, stubsCreated: { users: 2 } });
    const second = await importFiles({
      datasetName: name,
      events: files.write('s2.ndjson', `${[line('a\\ud800', 4), line('c', 5)].join('\n')}\n`),
    });
    expect(second.batches[0]).toMatchObject({ inserted: 2, stubsCreated: { users: 1 } });
    expect((await trackedUsers(name)).map((row) => row.user_id)).toEqual(['a\uFFFD', 'b', 'c']);
  });

  it('adds the new users of a dataset with users, whether it read them first or has too many to read', async () => {
    for (const known of [
      ['k1', 'k2', 'k3'],
      ['k1', 'k2', 'k3', 'k4', 'k5', 'k6'],
    ]) {
      const name = uniqueDatasetName(`with-${known.length}-users`);
      await importFiles({
        datasetName: name,
        users: files.write('known.csv', `user_id,plan\n${known.map((user) => `${user},pro`).join('\n')}\n`),
      });
      // n1 comes back after the import has forgotten sending it; k2 and k3 are the dataset's
      const result = await importFiles({
        datasetName: name,
        events: files.write('mixed.csv', eventsNaming(['k2', 'n1', 'k3', 'n2', 'n3', 'n4', 'n1', 'k2', 'n5'])),
        chunkRows: 2,
      });
      expect(result.batches[0]).toMatchObject({ inserted: 9, stubsCreated: { users: 5 } });
      const users = await trackedUsers(name);
      expect(users.filter((row) => !row.is_stub).map((row) => row.user_id)).toEqual(known);
      expect(users.filter((row) => row.is_stub).map((row) => row.user_id)).toEqual(['n1', 'n2', 'n3', 'n4', 'n5']);
    }
  });
});
