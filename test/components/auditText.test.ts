import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createTranslator } from 'next-intl';
import { describe, expect, it } from 'vitest';
import { auditActions, auditText } from '@/app/admin/auditText';
import type { Translate } from '@/components/personaText';
import english from '@/messages/en.json';
import chinese from '@/messages/zh-CN.json';

const words = (locale: 'en' | 'zh-CN') =>
  auditText(
    createTranslator({
      locale,
      messages: locale === 'en' ? english : chinese,
      namespace: 'Admin.audit',
    }) as unknown as Translate,
    locale === 'en' ? 'en-US' : locale,
  );

describe('audit log entries in words', () => {
  it('names known actions and keeps an unknown one as written', () => {
    expect(words('en').actionLabel('retrain.start')).toBe('Started a retrain');
    expect(words('en').actionLabel('account.password-reset')).toBe("Reset an account's password");
    expect(words('en').actionLabel('something.new')).toBe('something.new');
    expect(words('zh-CN').actionLabel('retrain.start')).toBe('启动了重新训练');
  });

  it('has words for every known action in both languages', () => {
    for (const action of auditActions) {
      expect(words('en').actionLabel(action)).not.toContain('Admin.audit');
      expect(words('zh-CN').actionLabel(action)).not.toMatch(/[a-z]{3}/);
    }
  });

  it('knows every action the server audits', () => {
    const root = path.resolve(import.meta.dirname, '../..');
    const written = new Set<string>();
    for (const folder of ['lib', 'app']) {
      for (const file of readdirSync(path.join(root, folder), { recursive: true, encoding: 'utf8' })) {
        if (!/\.tsx?$/.test(file) || /\.test\.tsx?$/.test(file)) continue;
        const source = readFileSync(path.join(root, folder, file), 'utf8');
        for (const match of source.matchAll(/writeAudit\([^,]+,\s*'([^']+)'/g)) written.add(match[1]);
      }
    }
    // the scan must see them; a broken pattern would otherwise pass silently
    expect(written.size).toBeGreaterThan(10);
    expect([...written].filter((action) => !(auditActions as readonly string[]).includes(action))).toEqual([]);
  });

  it('names the target by its kind and label, and by its id once the object is gone', () => {
    expect(words('en').targetText('dataset:3', 'demo')).toBe('Dataset demo (3)');
    expect(words('en').targetText('account:7', null)).toBe('Account 7');
    expect(words('en').targetText(null, null)).toBe('');
    expect(words('zh-CN').targetText('dataset:3', 'demo')).toBe('数据集 demo（3）');
  });

  it('turns the detail into readable rows instead of JSON', () => {
    const detail = { jobId: 12, textModel: false, k: 'auto', attributes: ['age', 'city'], size: { users: 1200 } };
    expect(words('en').detailRows(detail)).toEqual([
      { name: 'Job id', value: '12' },
      { name: 'Text model', value: 'no' },
      { name: 'K', value: 'auto' },
      { name: 'Attributes', value: 'age, city' },
      { name: 'Size', value: 'Users: 1,200' },
    ]);
    expect(words('zh-CN').detailRows(detail)).toEqual([
      { name: '任务编号', value: '12' },
      { name: '文本模型', value: '否' },
      { name: 'K', value: 'auto' },
      { name: '属性', value: 'age、city' },
      { name: '规模', value: '用户：1,200' },
    ]);
    expect(words('en').detailRows({ bytesWritten: 3 })).toEqual([{ name: 'Bytes written', value: '3' }]);
    expect(words('en').detailRows({})).toEqual([]);
  });
});
