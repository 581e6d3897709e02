import { describe, expect, it } from 'vitest';
import { createRemote, functionUrl, RemoteCallError, type RemotePorts } from '../../addon/server/remote';

function ports(answer: { status: number; text: string }, baseUrl = 'https://fn.example/'): RemotePorts & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    baseUrl: () => baseUrl,
    identityToken: () => 'tok',
    gzip: (text) => `gz(${text})`,
    fetch: (url) => {
      calls.push(url);
      return { getResponseCode: () => answer.status, getContentText: () => answer.text };
    },
  };
}

describe('remote calls to the functions', () => {
  it('is absent without a base URL and refuses a non-https one', () => {
    expect(createRemote(ports({ status: 200, text: '{}' }, ''))).toBeUndefined();
    expect(() => createRemote(ports({ status: 200, text: '{}' }, 'http://fn.example'))).toThrow(RemoteCallError);
  });

  it('joins the base and the function name once', () => {
    expect(functionUrl('https://fn.example/', 'dedupe')).toBe('https://fn.example/dedupe');
    expect(functionUrl('https://fn.example', 'dedupe')).toBe('https://fn.example/dedupe');
  });

  it('returns the parsed answer, and turns failures into messages without the token', () => {
    const good = ports({ status: 200, text: '{"ok":1}' });
    expect(createRemote(good)!('dedupe', {})).toEqual({ ok: 1 });
    expect(good.calls).toEqual(['https://fn.example/dedupe']);
    const cases: [{ status: number; text: string }, string][] = [
      [{ status: 400, text: '{"error":"invalid request: rows[0].id: required"}' }, 'the dedupe function answered 400: invalid request: rows[0].id: required'],
      [{ status: 502, text: '<html>Bad gateway</html>' }, 'the dedupe function answered 502 with no JSON'],
      [{ status: 403, text: '{}' }, 'the dedupe function answered 403'],
    ];
    for (const [answer, message] of cases) {
      const call = createRemote(ports(answer))!;
      expect(() => call('dedupe', {})).toThrow(new RemoteCallError(message));
    }
  });
});
