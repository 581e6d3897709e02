import { describe, expect, it } from 'vitest';
import { sendExitCode, stopMessage } from '../../../functions/cli/send-run';
import { STOPS, summariseWaiting, type RunReport, type StopCode } from '../../../shared/greetings';

/** A run that sent nothing and stopped on `code`, its problem flag as the engine sets it. */
function stoppedOn(code: StopCode): RunReport {
  return {
    date: '2027-02-28',
    sent: 0,
    failed: 0,
    review: 0,
    skipped: {},
    deferred: 1,
    elsewhere: 0,
    messages: [],
    issues: [],
    inReview: { total: 0, reasons: {} },
    recovered: 0,
    recoveredSent: 0,
    needsApproval: summariseWaiting([]),
    capped: 0,
    stopped: code,
    problem: STOPS[code].problem,
  };
}

describe('the sending commands exit by the engine stop policy', () => {
  it('2 for a stop only Settings can fix, 1 for a problem, 0 for a pause', () => {
    // Hand-written from the CLI contract: 2 bad input, 1 a failed or stopped send, 0 a completed run.
    const expected: Record<StopCode, 0 | 1 | 2> = {
      not_the_sender: 0,
      bad_time_zone: 2,
      no_sender: 2,
      no_public_url: 2,
      no_unsubscribe_key: 1,
      quota: 0,
      deadline: 0,
      transport_down: 1,
      transport_refused: 1,
    };
    for (const code of Object.keys(STOPS) as StopCode[]) expect({ code, exit: sendExitCode(stoppedOn(code)) }).toEqual({ code, exit: expected[code] });
  });

  it('a failed send is 1 even when nothing stopped the run; a clean run is 0', () => {
    const { stopped: _none, ...clean } = stoppedOn('quota');
    expect(sendExitCode({ ...clean, problem: false })).toBe(0);
    expect(sendExitCode({ ...clean, failed: 1, problem: true })).toBe(1);
  });

  it('says why in the engine words, with the transport fault code', () => {
    expect(stopMessage({ ...stoppedOn('transport_down'), detail: 'smtp_421' })).toBe(`${STOPS.transport_down.message} (smtp_421)`);
    expect(stopMessage(stoppedOn('no_sender'))).toBe(STOPS.no_sender.message);
  });
});
