import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import {
  buildMime,
  fillTemplate,
  isDeliverableAddress,
  previewCampaign,
  readGreetingsData,
  renderContent,
  signUnsubscribeToken,
  templateValues,
  unsubscribeUrl,
  verifyUnsubscribeToken,
  base64,
  utf8,
  fromUtf8,
  unbase64,
} from '../../../shared/greetings';
import { testSigner, workbook } from './fixture';

describe('templates', () => {
  it('fills any column, folds names, and uses defaults for blanks', () => {
    const values = templateValues({ first_name: '', last_name: 'Nkosi', 'Favourite colour': 'green' });
    expect(fillTemplate('Hi {{first_name|there}} {{ Last Name }}, {{favourite_colour}}! {{missing}}.', values)).toBe('Hi there Nkosi, green! .');
  });

  it('escapes values and template text in HTML, keeps the text part literal, and never lets a value add a header', () => {
    const values = templateValues({ first_name: '<b>Eve</b>', last_name: '=HYPERLINK("http://x","y")' });
    const out = renderContent('Hi {{first_name}}\r\nBcc: evil@x.com', 'Dear {{first_name}} {{last_name}} & co\n\nBye', values, 'https://u.example/unsubscribe?token=a&b');
    expect(out.subject).toBe('Hi <b>Eve</b> Bcc: evil@x.com');
    expect(out.text.startsWith('Dear <b>Eve</b> =HYPERLINK("http://x","y") & co\n\nBye')).toBe(true);
    expect(out.html).toContain('<p>Dear &lt;b&gt;Eve&lt;/b&gt; =HYPERLINK(&quot;http://x&quot;,&quot;y&quot;) &amp; co</p>');
    expect(out.html).toContain('href="https://u.example/unsubscribe?token=a&amp;b"');
    expect(out.html).not.toContain('<b>');
  });

  it('previews a campaign for a customer and names unknown placeholders', () => {
    const wb = workbook({ customers: [{ id: 'C-1', first_name: 'Ann', 'Favourite colour': 'teal' }], campaigns: [] });
    const data = readGreetingsData(wb);
    const p = previewCampaign({ id: '', name: 'Hi', trigger: 'welcome', offset_days: undefined, segment: '', subject: 'Hi {{first_name}}', body: '{{favourite colour}} from {{business_name}} {{nope}}', active: true, send_hour: undefined, send_date: undefined, survey_scale: '', holdout_pct: undefined }, data.customers[0]!, data.settings);
    expect(p.subject).toBe('Hi Ann');
    expect(p.text).toContain('teal from Corner Café\n');
    expect(p.unknownPlaceholders).toEqual(['nope']);
  });
});

describe('addresses', () => {
  it.each([
    ['ann@example.com', true],
    ['o\'brien+tag@mail.example.co.za', true],
    ['bob@example', false],
    ['bob@@example.com', false],
    ['.bob@example.com', false],
    ['bob.@example.com', false],
    ['bo..b@example.com', false],
    ['bob@example..com', false],
    ['bob@-example.com', false],
    ['bob smith@example.com', false],
    ['bob@example.c', false],
    ['a@b.com; c@d.com', false],
  ])('%s → %s', (address, ok) => expect(isDeliverableAddress(address)).toBe(ok));
});

describe('unsubscribe tokens', () => {
  it('round-trips a claim and rejects a tampered or foreign token', () => {
    const token = signUnsubscribeToken({ customerId: 'C-000123', campaign: 'Birthday', issued: '2026-03-14' }, testSigner);
    expect(verifyUnsubscribeToken(token, testSigner)).toEqual({ customerId: 'C-000123', campaign: 'Birthday', issued: '2026-03-14' });
    const [v, payload, sig] = token.split('.');
    const other = base64(utf8(JSON.stringify({ c: 'C-000999', m: 'Birthday', d: '2026-03-14' })), true);
    expect(verifyUnsubscribeToken(`${v}.${other}.${sig}`, testSigner)).toBeUndefined();
    expect(verifyUnsubscribeToken(`${v}.${payload}.${sig!.slice(0, -2)}AA`, testSigner)).toBeUndefined();
    expect(verifyUnsubscribeToken(token, { sign: () => 'x' })).toBeUndefined();
    expect(verifyUnsubscribeToken('garbage', testSigner)).toBeUndefined();
  });

  it('points at backend_url, else the local workbench', () => {
    expect(unsubscribeUrl('https://fn.example.com/', 't+/=')).toBe('https://fn.example.com/unsubscribe?token=t%2B%2F%3D');
    expect(unsubscribeUrl('', 'abc')).toBe('http://localhost:8080/unsubscribe?token=abc');
  });

  it('base64 and UTF-8 helpers agree with Node', () => {
    const text = 'Zoë — 日本 🎉';
    expect(base64(utf8(text))).toBe(Buffer.from(text).toString('base64'));
    expect(base64(utf8(text), true)).toBe(Buffer.from(text).toString('base64url'));
    expect(fromUtf8(unbase64(Buffer.from(text).toString('base64url'))!)).toBe(text);
  });
});

describe('MIME', () => {
  it('builds a message mailparser reads back with both parts and the unsubscribe headers', async () => {
    const raw = buildMime({
      from: { name: 'Café "Zoë"', address: 'hello@corner.example' },
      to: 'ann@example.com',
      replyTo: 'owner@corner.example',
      subject: 'Happy birthday Zoë 🎉 — a long subject that goes on and on past the encoded word limit of seventy-five',
      text: 'Hi Zoë\n\nBye',
      html: '<p>Hi Zoë</p>',
      messageId: '<O-000001.abc@corner.example>',
      date: '2026-03-14T08:00:00.000Z',
      headers: { 'List-Unsubscribe': '<https://x.example/unsubscribe?token=v1.a.b>', 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
    });
    const mail = await simpleParser(raw);
    expect(mail.subject).toBe('Happy birthday Zoë 🎉 — a long subject that goes on and on past the encoded word limit of seventy-five');
    expect(mail.from?.value).toEqual([{ name: 'Café "Zoë"', address: 'hello@corner.example' }]);
    expect(mail.text).toBe('Hi Zoë\n\nBye');
    expect(mail.html).toBe('<p>Hi Zoë</p>');
    expect(mail.messageId).toBe('<O-000001.abc@corner.example>');
    // mailparser folds List-* headers into one 'list' object.
    expect(mail.headers.get('list')).toMatchObject({ unsubscribe: { url: 'https://x.example/unsubscribe?token=v1.a.b' }, 'unsubscribe-post': { name: 'List-Unsubscribe=One-Click' } });
    expect(raw).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n');
    expect(raw).toContain('List-Unsubscribe: <https://x.example/unsubscribe?token=v1.a.b>\r\n');
    expect(mail.date?.toISOString()).toBe('2026-03-14T08:00:00.000Z');
    expect(raw.split('\r\n').every((line) => line.length <= 998)).toBe(true);
  });
});
