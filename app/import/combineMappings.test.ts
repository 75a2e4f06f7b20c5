import { describe, expect, it } from 'vitest';
import { combineMappings } from './combineMappings';

describe('combineMappings', () => {
  it('sends the missing values a file was given, and names two files that disagree', () => {
    const users = { columns: { user_id: 'account' }, missingValues: ['NA', 'unknown'] };
    expect(combineMappings({ users }).mapping).toEqual(users);
    expect(combineMappings({ users, events: { columns: { user_id: 'account' } } }).mapping?.missingValues).toEqual([
      'NA',
      'unknown',
    ]);
    const { conflicts } = combineMappings({
      users,
      events: { columns: { user_id: 'account' }, missingValues: ['NA'] },
    });
    expect(conflicts).toEqual(['missing values are “NA | unknown” for the users file and “NA” for the events file']);
  });
});
