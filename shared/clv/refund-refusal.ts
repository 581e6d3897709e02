import { isoFromDay } from '../kernel';

/** The reason a day whose refunds exceed its purchases is refused, the same for every engine and every caller. */
export function refundRefusal(source: string, customer: string, day: number, net: number): string {
  return `${source}: customer ${customer} on ${isoFromDay(day)}: refunds exceed purchases by ${(-net).toFixed(2)}; a refund must be on the day of its purchase (or lower a purchase of that day)`;
}
