import { afterEach, describe, expect, it } from 'vitest';
import {
  formatCount,
  formatDate,
  formatDuration,
  formatEventTime,
  formatPercent,
  metricLabel,
  setFormatLocale,
  targetLabel,
  timeAgo,
} from '@/components/format';

describe('numbers and dates in the user’s language', () => {
  afterEach(() => setFormatLocale('en'));

  it('writes dates, durations, ages and labels in Chinese when 简体中文 is chosen', () => {
    setFormatLocale('zh-CN');
    const now = Date.parse('2026-03-01T15:00:00Z');
    expect(formatDate('2026-03-01T12:00:00Z')).toBe('2026年3月1日');
    expect(timeAgo('2026-03-01T12:00:00Z', now)).toBe('3 小时前');
    expect(formatDuration(125_000)).toBe('2分5秒');
    expect(formatPercent(0.123, 1)).toBe('12.3%');
    expect(formatCount(6001)).toBe('6,001');
    expect(metricLabel('macroF1')).toBe('宏平均 F1');
    expect(targetLabel('propensity:Cameras')).toBe('购买倾向：Cameras');
  });

  it('keeps the English the screens have always shown', () => {
    const now = Date.parse('2026-03-01T15:00:00Z');
    expect(formatDate('2026-03-01T12:00:00Z')).toBe('Mar 1, 2026');
    expect(timeAgo('2026-03-01T12:00:00Z', now)).toBe('3 h ago');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
    expect(formatPercent(0.123)).toBe('12%');
    expect(metricLabel('macroF1')).toBe('Macro F1');
  });

  it('shows an event imported as a date alone as that date, in every time zone, and a timed one with its time', () => {
    expect(formatEventTime('2026-03-01T00:00:00.000Z')).toBe('Mar 1, 2026');
    expect(formatEventTime('2026-03-01T00:00:00.001Z')).toMatch(/\d{2}:\d{2}/);
    setFormatLocale('zh-CN');
    expect(formatEventTime('2026-03-01T00:00:00Z')).toBe('2026年3月1日');
  });
});
