/**
 * The first key that appears twice in one object of `json` (already known to be valid JSON), or
 * null. JSON.parse keeps the last of two equal keys without a word, so `{"user_id":"a",
 * "user_id":"b"}` would silently become user b.
 */
export function findDuplicateKey(json: string): string | null {
  // one entry per open object (its keys so far) or array (null)
  const open: (Set<string> | null)[] = [];
  let expectKey = false;
  for (let index = 0; index < json.length; index++) {
    const char = json.charCodeAt(index);
    if (char === 34) {
      let end = index + 1;
      let escaped = false;
      while (end < json.length) {
        const next = json.charCodeAt(end);
        if (next === 92) {
          escaped = true;
          end += 2;
        } else if (next === 34) break;
        else end += 1;
      }
      const keys = open[open.length - 1];
      if (expectKey && keys) {
        const key = escaped ? (JSON.parse(json.slice(index, end + 1)) as string) : json.slice(index + 1, end);
        if (keys.has(key)) return key;
        keys.add(key);
        expectKey = false;
      }
      index = end;
    } else if (char === 123) {
      open.push(new Set());
      expectKey = true;
    } else if (char === 91) {
      open.push(null);
      expectKey = false;
    } else if (char === 125 || char === 93) {
      open.pop();
      expectKey = false;
    } else if (char === 44) {
      expectKey = open[open.length - 1] != null;
    }
  }
  return null;
}
