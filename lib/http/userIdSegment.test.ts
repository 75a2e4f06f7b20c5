import { describe, expect, it } from 'vitest';
import { userIdFromSegment, userIdSegment } from './userIdSegment';

describe('userIdSegment', () => {
  it('leaves ordinary ids percent-encoded only, so existing links keep working', () => {
    for (const id of ['u000001', 'a b', 'x/y', '...', '.hidden', 'a..b', '~tilde', '用户'])
      expect(userIdSegment(id)).toBe(encodeURIComponent(id));
  });

  it('gives dot-like ids a tilde, so URL resolution does not eat them', () => {
    expect(userIdSegment('.')).toBe('~.');
    expect(userIdSegment('..')).toBe('~..');
    expect(userIdSegment('~..')).toBe('~~..');
    for (const id of ['.', '..', '~.', '~~..'])
      expect(new URL(`https://portrait.test/users/${userIdSegment(id)}`).pathname).toBe(`/users/${userIdSegment(id)}`);
  });

  it('reads back every id it writes', () => {
    for (const id of ['.', '..', '~.', '~..', '~~.', '...', '~', '~~', 'u1', 'a/b', '%2E%2E'])
      expect(userIdFromSegment(decodeURIComponent(userIdSegment(id)))).toBe(id);
  });
});
