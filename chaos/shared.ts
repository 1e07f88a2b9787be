/** What the orchestrator and its children share (importing a child script would start it). */

/** Outcome flags the load generator keeps per request (chaos/loadgen.ts). */
export const FLAG_RETRY_AFTER = 1;
export const FLAG_PROBLEM_JSON = 2;

/** The contact of request `seq`, as an E.164 number: 415-5xx-xxxx, as bench/loadgen.ts makes them. */
export function contactFor(seq: number, contacts: number): string {
  return `+14155${String(seq % contacts).padStart(6, '0')}`;
}

/** The contact of event `seq`, as a platform contact id. */
export function contactIdFor(seq: number, contacts: number): string {
  return `c${seq % contacts}`;
}
