import { describe, expect, it } from 'vitest';
import { findDuplicateKey } from './findDuplicateKey';

describe('findDuplicateKey', () => {
  it('finds a key given twice in one object, at any depth, also when written with escapes', () => {
    expect(findDuplicateKey('{"a":1,"b":2,"a":3}')).toBe('a');
    expect(findDuplicateKey('{"a":{"x":1,"x":2}}')).toBe('x');
    expect(findDuplicateKey('{"user_id":"u","user\\u005fid":"v"}')).toBe('user_id');
    expect(findDuplicateKey('[{"a":1},{"a":2,"b":[{"c":1,"c":1}]}]')).toBe('c');
  });

  it('accepts equal keys in different objects and key-like text inside values', () => {
    expect(findDuplicateKey('{"a":{"a":1},"b":[{"a":1},{"a":2}]}')).toBeNull();
    expect(findDuplicateKey('{"text":"\\"a\\":1, \\"a\\":2","a":"{\\"a\\":1}"}')).toBeNull();
    expect(findDuplicateKey('{"a":["a","a"],"b":"a"}')).toBeNull();
  });
});
