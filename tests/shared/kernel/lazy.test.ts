import { describe, expect, it } from 'vitest';
import { lazy } from '../../../shared/kernel';

describe('lazy', () => {
  it('builds nothing until asked, then builds once and hands back the same value', () => {
    let builds = 0;
    const table = lazy(() => {
      builds += 1;
      return new Map([['bill', 'william']]);
    });
    expect(builds).toBe(0);
    const first = table();
    expect(builds).toBe(1);
    expect(first.get('bill')).toBe('william');
    expect(table()).toBe(first);
    expect(builds).toBe(1);
  });

  it('keeps a built undefined rather than building again', () => {
    let builds = 0;
    const nothing = lazy(() => {
      builds += 1;
      return undefined;
    });
    expect([nothing(), nothing()]).toEqual([undefined, undefined]);
    expect(builds).toBe(1);
  });

  it('builds again on the next call when a build throws, so one failure is not kept for good', () => {
    let builds = 0;
    const flaky = lazy(() => {
      builds += 1;
      if (builds === 1) throw new Error('not yet');
      return 'built';
    });
    expect(() => flaky()).toThrow('not yet');
    expect(flaky()).toBe('built');
    expect(flaky()).toBe('built');
    expect(builds).toBe(2);
  });
});
