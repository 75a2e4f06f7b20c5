import { afterAll, describe, expect, it } from 'vitest';
import { findDatasetId } from '@/lib/datasets/ensureDataset';
import { closePools } from '@/lib/db/connection';
import { importFiles } from '@/lib/ingest/importFiles';
import { tempFolder, uniqueDatasetName } from '@/test/fixtures/ingest/tempFiles';
import { loadPipelineInput } from './loadPipelineInput';

const files = tempFolder('pipeline-input');

afterAll(() => closePools());

describe('loadPipelineInput', () => {
  it('reads a column two files typed differently as its most common kind, the odd value as missing', async () => {
    const name = uniqueDatasetName('mixed-kinds');
    const users = Array.from({ length: 8 }, (_, i) => `u${i}`);
    const events = users.map((user, i) => `${user},i${i % 3},view,2024-01-0${1 + (i % 7)}T10:00:00Z`);
    expect(
      (
        await importFiles({
          datasetName: name,
          events: files.write('mixed-events.csv', `user_id,item_id,type,ts\n${events.join('\n')}\n`),
          users: files.write(
            'mixed-users.csv',
            `user_id,age\n${users
              .slice(0, 7)
              .map((u, i) => `${u},${30 + i}`)
              .join('\n')}\n`,
          ),
        })
      ).ok,
    ).toBe(true);
    // a later file for the last user alone, whose only value is text
    expect(
      (await importFiles({ datasetName: name, users: files.write('late-user.csv', 'user_id,age\nu7,unknown\n') })).ok,
    ).toBe(true);
    const input = await loadPipelineInput((await findDatasetId(name)) as number);
    const age = input.attributes.find((column) => column.name === 'age');
    expect(age?.kind).toBe('number');
    const values = new Map(input.events.userIds.map((user, i) => [user, age?.values[i]]));
    expect(values.get('u0')).toBe(30);
    expect(values.get('u7')).toBeNull();
  });
});
