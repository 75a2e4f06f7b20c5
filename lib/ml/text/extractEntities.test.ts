import { describe, expect, it } from 'vitest';
import { extractEntities } from './extractEntities';

describe('extractEntities', () => {
  it('finds dates, money, e-mail addresses and URLs in English text', () => {
    const entities = extractEntities(
      'Paid $20 on 5 Jan 2024, receipt from help@shop.com, see https://shop.com/x',
      'en',
    );
    const types = entities.map((entity) => entity.type);
    expect(types).toEqual(expect.arrayContaining(['MONEY', 'DATE', 'EMAIL', 'URL']));
    expect(entities.find((entity) => entity.type === 'MONEY')?.value).toBe('$20');
  });

  it('finds e-mail addresses and URLs in Chinese text', () => {
    expect(extractEntities('请发邮件到 kefu@shop.cn 或访问 https://shop.cn/help 谢谢', 'zh')).toEqual([
      { type: 'EMAIL', value: 'kefu@shop.cn' },
      { type: 'URL', value: 'https://shop.cn/help' },
    ]);
  });
});
