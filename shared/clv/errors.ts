/** Why a CLV computation could not give an answer; user messages are rendered from the code. */
export type ClvFault =
  | 'invalid_input'
  | 'too_few_customers'
  | 'too_few_repeat_buyers'
  | 'did_not_converge'
  | 'spend_mean_undefined'
  | 'numerical';

/** A typed CLV failure: callers switch on `code`; the message never carries customer data. */
export class ClvError extends Error {
  override readonly name = 'ClvError';
  constructor(
    readonly code: ClvFault,
    message: string,
  ) {
    super(message);
  }
}
