import type { OutgoingMessage } from '../../../shared/greetings';

export const UNSUBSCRIBE = 'https://regulars.example/unsubscribe?token=v1.abc.def';

/** A message as the runner hands it to a mailer (composeMessage's shape), with a non-ASCII name and subject. */
export function message(overrides: Partial<OutgoingMessage> = {}): OutgoingMessage {
  return {
    from: { name: 'Corner Café', address: 'hello@corner.example' },
    to: 'eve@example.org',
    replyTo: 'owner@corner.example',
    subject: 'Happy birthday, Zoë!',
    text: 'Hi Zoë,\n\nHappy birthday!',
    html: '<!doctype html>\n<html><body>\n<p>Hi Zoë,</p>\n<p>Happy birthday!</p>\n</body></html>\n',
    messageId: '<O7.0123456789abcdef@corner.example>',
    date: '2026-11-23T08:00:00.000Z',
    headers: { 'List-Unsubscribe': `<${UNSUBSCRIBE}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
    ...overrides,
  };
}
