import { describe, expect, it } from 'vitest';
import { inStage, StageError } from './stageError';

describe('StageError', () => {
  it('names the stage, the user and a shortened text before the library message', () => {
    const error = new StageError('text', new TypeError("Cannot read properties of undefined (reading 'toLowerCase')"), {
      userId: 'u42',
      text: `doesnt.\u0007${'x'.repeat(200)}`,
    });
    expect(error.message).toBe(
      `text: Cannot read properties of undefined (reading 'toLowerCase') (user u42, text "doesnt. ${'x'.repeat(72)}… (208 characters)")`,
    );
  });

  it('inStage names the stage of an error that escapes it, once', async () => {
    await expect(
      inStage('segments', () => {
        throw new Error('Matrix must be non-empty');
      }),
    ).rejects.toThrow('segments: Matrix must be non-empty');
    await expect(
      inStage('predictions', () =>
        inStage('recommendations', () => {
          throw new Error('boom');
        }),
      ),
    ).rejects.toThrow(/^recommendations: boom$/);
    expect(await inStage('map', () => 3)).toBe(3);
  });
});
