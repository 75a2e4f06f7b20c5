import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createTranslator } from 'next-intl';
import { describe, expect, it } from 'vitest';
import { featureMessage, type PersonaVocabulary, type Translate, translatePersonaName } from '@/components/personaText';
import chinese from '@/messages/zh-CN.json';

const translator = (namespace: 'PersonaName' | 'PersonaFeature') =>
  createTranslator({ locale: 'zh-CN', messages: chinese, namespace }) as unknown as Translate;

const zh: PersonaVocabulary = {
  words: chinese.PersonaWords,
  name: translator('PersonaName'),
  feature: translator('PersonaFeature'),
};

describe('persona names in Chinese from the stored English name', () => {
  it('puts lifecycle, value, behaviour and noun into Chinese and keeps the data’s own topic', () => {
    expect(translatePersonaName('Lapsed high-value Outdoor buyers', zh)).toBe('流失高价值 Outdoor 购买者');
    expect(translatePersonaName('Afternoon outdoor browsers', zh)).toBe('午后 outdoor 浏览者');
    expect(translatePersonaName('Highly active 酒店 customers', zh)).toBe('高度活跃酒店顾客');
    expect(translatePersonaName('All customers', zh)).toBe('全部顾客');
  });

  it('translates the fact that tells clashing names apart, parentheses inside it included', () => {
    expect(translatePersonaName('Night-owl browsers (higher share of activity at night (0-6h))', zh)).toBe(
      '夜猫子浏览者（夜间（0-6 点）活动占比较高）',
    );
    expect(translatePersonaName('Lapsed buyers (mentions battery)', zh)).toBe('流失购买者（提到“battery”）');
    expect(translatePersonaName('Lapsed buyers (12.5% of users)', zh)).toBe('流失购买者（占用户 12.5%）');
    expect(translatePersonaName('Refund-heavy users (lower share of events that are refund)', zh)).toBe(
      '偏好“Refund”的用户（“refund”事件占比较低）',
    );
  });

  it('leaves a name it did not compose (a seeded or hand-written one) as it is', () => {
    expect(translatePersonaName('Bargain hunters', zh)).toBe('Bargain hunters');
    expect(translatePersonaName('Camera enthusiasts', zh)).toBe('Camera enthusiasts');
  });

  it('names a trait’s feature, with the part the data gave', () => {
    expect(featureMessage('monetary_mean')).toEqual({ key: 'monetary_mean', values: {} });
    expect(featureMessage('category_share_Garden')).toEqual({ key: 'category_share', values: { category: 'Garden' } });
    expect(featureMessage('type_share_view')).toEqual({ key: 'type_share', values: { type: 'view' } });
    expect(featureMessage('something_new')).toBeNull();
  });
});

describe('persona vocabulary', () => {
  const source = (file: string) => readFileSync(path.resolve(import.meta.dirname, '../..', file), 'utf8');

  it('has a Chinese word for every word nameSegments can put in a name', () => {
    const features = source('lib/ml/features/behaviourFeatures.ts');
    const naming = source('lib/ml/persona/nameSegments.ts');
    const block = (text: string, start: string) =>
      text.slice(text.indexOf(start), text.indexOf('};', text.indexOf(start)));
    const words = [
      ...[...features.matchAll(/(?:highWord|lowWord): '([^']+)'/g)].map((m) => m[1]),
      ...[...block(features, 'const typeWords').matchAll(/: '([^']+)'/g)].map((m) => m[1]),
      ...[...block(naming, 'const lifecycleWords').matchAll(/: '([^']+)'/g)].map((m) => m[1]),
      ...[...naming.matchAll(/\/i, '([a-z-]+)'\]/g)].map((m) => m[1]),
      ...[...naming.matchAll(/'(High-value|Low-value|customers|users)'/g)].map((m) => m[1]),
    ];
    expect(words.length).toBeGreaterThan(40);
    const key = (word: string) => word.toLowerCase().replace(/[- ]/g, '_');
    expect([...new Set(words)].filter((word) => !(key(word) in chinese.PersonaWords))).toEqual([]);
  });
});
