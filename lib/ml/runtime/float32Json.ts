const floatTag = '$float32';

/** JSON for a value holding Float32Arrays, each as base64 of its little-endian bytes (compact, exact). */
export function float32ArraysToJson(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value, (_key, item) =>
      item instanceof Float32Array
        ? { [floatTag]: Buffer.from(item.buffer, item.byteOffset, item.byteLength).toString('base64') }
        : item,
    ),
  );
}

/** The value float32ArraysToJson wrote, its Float32Arrays restored on buffers of their own. */
export function float32ArraysFromJson<T>(json: unknown): T {
  return JSON.parse(JSON.stringify(json), (_key, item) => {
    if (item && typeof item === 'object' && typeof item[floatTag] === 'string') {
      const bytes = Buffer.from(item[floatTag], 'base64');
      const copy = new Uint8Array(bytes.byteLength);
      copy.set(bytes);
      return new Float32Array(copy.buffer);
    }
    return item;
  }) as T;
}
