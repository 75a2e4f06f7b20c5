import { describe, expect, it } from 'vitest';
import { webProcessCount } from './webProcessCount';

describe('webProcessCount', () => {
  it('runs one process per core, at most four, on a Postgres server', () => {
    expect(webProcessCount(undefined, false, 2)).toEqual({ count: 2 });
    expect(webProcessCount(undefined, false, 16)).toEqual({ count: 4 });
    expect(webProcessCount('', false, 1)).toEqual({ count: 1 });
  });

  it('takes PORTRAIT_WEB_PROCESSES when set, and refuses nonsense', () => {
    expect(webProcessCount('6', false, 2)).toEqual({ count: 6 });
    expect(() => webProcessCount('0', false)).toThrow(/whole number from 1 to 64/);
    expect(() => webProcessCount('two', false)).toThrow(/"two"/);
  });

  it('runs one process on the embedded database, saying so when asked for more', () => {
    expect(webProcessCount(undefined, true, 8)).toEqual({ count: 1 });
    expect(webProcessCount('3', true, 8)).toMatchObject({ count: 1, note: expect.stringContaining('embedded') });
  });
});
