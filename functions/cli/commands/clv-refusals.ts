import { isoFromDay } from '../../../shared/kernel';

/** The reason a day whose refunds exceed its purchases is refused, the same for every engine. */
export function refundRefusal(file: string, customer: string, day: number, net: number): string {
  return `${file}: customer ${customer} on ${isoFromDay(day)}: refunds exceed purchases by ${(-net).toFixed(2)}; a refund must be on the day of its purchase (or lower a purchase of that day)`;
}
