/**
 * Mutation timestamps. modified_date must be strictly increasing across mutations, even two in
 * the same millisecond or a clock that stands still in tests, because clients pull incrementally
 * with modified_date__gte and would otherwise miss or mis-order edits.
 */
import { dateToUs } from './dates'

export class MonotonicClock {
  constructor(
    private readonly now: () => Date,
    private last: number,
  ) {}

  nowUs(): number {
    return dateToUs(this.now())
  }

  /** A timestamp later than every one handed out before and every one already stored. */
  next(): number {
    this.last = Math.max(this.nowUs(), this.last + 1)
    return this.last
  }

  /** Called when data with a later timestamp enters (e.g. an admin patch with an explicit date). */
  observe(us: number): void {
    if (us > this.last) this.last = us
  }
}
