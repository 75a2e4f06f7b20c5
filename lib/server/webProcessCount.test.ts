import { describe, expect, it } from 'vitest';
import { webProcessCount } from './webProcessCount';

describe('webProcessCount', () => {
  it('runs one process per core, at most four', () => {
    expect(webProcessCount(undefined, 2)).toEqual({ count: 2 });
    expect(webProcessCount(undefined, 16)).toEqual({ count: 4 });
    expect(webProcessCount('', 1)).toEqual({ count: 1 });
  });

  it('takes PORTRAIT_WEB_PROCESSES when set, and refuses nonsense', () => {
    expect(webProcessCount('6', 2)).toEqual({ count: 6 });
    expect(() => webProcessCount('0')).toThrow(/whole number from 1 to 64/);
    expect(() => webProcessCount('two')).toThrow(/"two"/);
  });
});
