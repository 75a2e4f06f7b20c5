import { describe, expect, it } from 'vitest';
import { pipelineInParts } from './pipelineInParts';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('pipelineInParts', () => {
  it('reads the next part while one is computed and writes every part once, in order', async () => {
    const log: string[] = [];
    await pipelineInParts(10, 4, {
      async read(from, to) {
        log.push(`read ${from}-${to}`);
        await tick();
        return from;
      },
      async compute(part, from, to) {
        log.push(`compute ${from}-${to}`);
        await tick();
        return part * 10;
      },
      async write(computed, to) {
        await tick();
        log.push(`write ${computed} to ${to}`);
      },
    });
    expect(log.filter((line) => line.startsWith('write'))).toEqual(['write 0 to 4', 'write 40 to 8', 'write 80 to 10']);
    expect(log.filter((line) => line.startsWith('read'))).toEqual(['read 0-4', 'read 4-8', 'read 8-10']);
    // the second part was asked for before the first was computed
    expect(log.indexOf('read 4-8')).toBeLessThan(log.indexOf('compute 0-4'));
  });

  it('stops when told, before reading further, still writing the parts computed before', async () => {
    const read: number[] = [];
    const written: number[] = [];
    await pipelineInParts(12, 3, {
      read: async (from) => {
        read.push(from);
        return from;
      },
      goOn: async () => read.length < 3,
      compute: async (part) => part,
      write: async (computed) => {
        written.push(computed);
      },
    });
    expect(read).toEqual([0, 3, 6]);
    expect(written).toEqual([0, 3]);
  });

  it('throws a failed read or write where it is awaited, without an unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const note = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', note);
    try {
      await expect(
        pipelineInParts(6, 2, {
          read: async (from) => {
            if (from === 2) throw new Error('read failed');
            return from;
          },
          compute: async (part) => {
            await tick();
            return part;
          },
          write: async () => {},
        }),
      ).rejects.toThrow('read failed');
      await expect(
        pipelineInParts(6, 2, {
          read: async (from) => from,
          compute: async (part) => part,
          write: async () => {
            throw new Error('write failed');
          },
        }),
      ).rejects.toThrow('write failed');
      await tick();
    } finally {
      process.off('unhandledRejection', note);
    }
    expect(unhandled).toEqual([]);
  });
});
