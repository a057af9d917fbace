/**
 * The budget ledger of a retraining programme: one document per programme holding its limits
 * (budget, places, maximum per participant) and what is committed against them.
 *
 * Every change is a conditional update on the ledger's version (`update(id, patch,
 * { ifVersion })`), retried on conflict: two approvals that race both read version n, only
 * one writes n+1, the other re-reads and re-checks the limits against the new totals. That
 * is correct on every store adapter without transactions, and the limits can never be
 * exceeded however many approvals run at once.
 */
import type { Deps } from '../deps.js';
import { AppError, conflict, isAppError, notFound } from '../errors.js';
import type { Collection, DocumentStore, Stored } from '../ports/store.js';

export interface LedgerDoc {
  budgetEur: number;
  places: number;
  maxPerParticipantEur: number;
  /** Approved, including what is already spent. */
  committedEur: number;
  spentEur: number;
  /** Committed euros per participant (profile id); its size is the number of places taken. */
  perParticipant: Record<string, number>;
  /** Voucher id → amount committed, so a repeated reservation is a no-op. */
  vouchers: Record<string, number>;
  /** Voucher ids already spent (course completed). */
  spent: string[];
}

export const ledgers = (store: DocumentStore): Collection<LedgerDoc> => store.collection<LedgerDoc>('programme_ledgers');

/** Attempts before a hot ledger gives up with a 409 (each retry re-reads; contention clears fast). */
const MAX_ATTEMPTS = 200;

const isConflict = (e: unknown): boolean => isAppError(e) && e.code === 'conflict';
const pause = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(20, 1 + attempt)));

/** Why a reservation does not fit, or null when it does. */
export function limitBreach(ledger: LedgerDoc, profileId: string, amountEur: number): string | null {
  const own = ledger.perParticipant[profileId];
  if (own === undefined && Object.keys(ledger.perParticipant).length + 1 > ledger.places) return 'no places left in this programme';
  if ((own ?? 0) + amountEur > ledger.maxPerParticipantEur) return `this would exceed the maximum of EUR ${ledger.maxPerParticipantEur} per participant`;
  if (ledger.committedEur + amountEur > ledger.budgetEur) return 'the programme budget is not sufficient';
  return null;
}

/** Read, change and conditionally write the ledger until the write wins (or `change` throws). */
async function mutate(deps: Pick<Deps, 'store'>, programmeId: string, change: (ledger: Stored<LedgerDoc>) => Partial<LedgerDoc> | null): Promise<Stored<LedgerDoc>> {
  const col = ledgers(deps.store);
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const ledger = await col.get(programmeId);
    if (!ledger) throw notFound('Programme');
    const patch = change(ledger);
    if (!patch) return ledger;
    try {
      return await col.update(ledger.id, patch, { ifVersion: ledger.version });
    } catch (e) {
      if (!isConflict(e)) throw e;
      await pause(attempt);
    }
  }
  throw new AppError('conflict', 'The programme ledger is busy; try again');
}

/** Create a programme's ledger (idempotent: an existing one is kept). */
export async function openLedger(deps: Pick<Deps, 'store'>, programmeId: string, limits: Pick<LedgerDoc, 'budgetEur' | 'places' | 'maxPerParticipantEur'>): Promise<void> {
  try {
    await ledgers(deps.store).insert({ id: programmeId, ...limits, committedEur: 0, spentEur: 0, perParticipant: {}, vouchers: {}, spent: [] });
  } catch (e) {
    if (!isConflict(e)) throw e;
  }
}

/** Change the limits; never below what is already committed (409). */
export function setLimits(deps: Pick<Deps, 'store'>, programmeId: string, limits: Partial<Pick<LedgerDoc, 'budgetEur' | 'places' | 'maxPerParticipantEur'>>): Promise<Stored<LedgerDoc>> {
  return mutate(deps, programmeId, (l) => {
    if (limits.budgetEur !== undefined && limits.budgetEur < l.committedEur) throw conflict(`EUR ${l.committedEur} is already committed; the budget cannot go below it`);
    if (limits.places !== undefined && limits.places < Object.keys(l.perParticipant).length) throw conflict(`${Object.keys(l.perParticipant).length} places are taken; places cannot go below that`);
    if (limits.maxPerParticipantEur !== undefined && Object.values(l.perParticipant).some((v) => v > limits.maxPerParticipantEur!)) {
      throw conflict('a participant already has more committed than the new maximum');
    }
    return limits;
  });
}

/**
 * Commit `amountEur` for a voucher, or throw 409 naming the limit it would break. Repeating
 * it for the same voucher changes nothing (a retried request cannot commit twice).
 */
export function reserve(deps: Pick<Deps, 'store'>, programmeId: string, voucherId: string, profileId: string, amountEur: number): Promise<Stored<LedgerDoc>> {
  return mutate(deps, programmeId, (l) => {
    if (l.vouchers[voucherId] !== undefined) return null;
    const breach = limitBreach(l, profileId, amountEur);
    if (breach) throw conflict(breach);
    return {
      committedEur: l.committedEur + amountEur,
      perParticipant: { ...l.perParticipant, [profileId]: (l.perParticipant[profileId] ?? 0) + amountEur },
      vouchers: { ...l.vouchers, [voucherId]: amountEur },
    };
  });
}

/** Undo a reservation (an approval that lost a race with a rejection, or a cancelled voucher). Idempotent. */
export function release(deps: Pick<Deps, 'store'>, programmeId: string, voucherId: string, profileId: string): Promise<Stored<LedgerDoc>> {
  return mutate(deps, programmeId, (l) => {
    const amount = l.vouchers[voucherId];
    if (amount === undefined || l.spent.includes(voucherId)) return null;
    const { [voucherId]: _gone, ...vouchers } = l.vouchers;
    const left = (l.perParticipant[profileId] ?? 0) - amount;
    const { [profileId]: _p, ...others } = l.perParticipant;
    return { committedEur: l.committedEur - amount, vouchers, perParticipant: left > 0 ? { ...others, [profileId]: left } : others };
  });
}

/** Mark a committed voucher as spent (its course was completed). Idempotent. */
export function spend(deps: Pick<Deps, 'store'>, programmeId: string, voucherId: string): Promise<Stored<LedgerDoc>> {
  return mutate(deps, programmeId, (l) => {
    const amount = l.vouchers[voucherId];
    if (amount === undefined) throw conflict('This voucher has no committed budget');
    if (l.spent.includes(voucherId)) return null;
    return { spentEur: l.spentEur + amount, spent: [...l.spent, voucherId] };
  });
}

/** The ledger of a programme, or 404. */
export async function getLedger(deps: Pick<Deps, 'store'>, programmeId: string): Promise<Stored<LedgerDoc>> {
  const l = await ledgers(deps.store).get(programmeId);
  if (!l) throw notFound('Programme');
  return l;
}

/**
 * Move a participant's committed euros to another key (erasure: the person's profile id is
 * replaced by a pseudonym, so the places and the per-participant maximum still add up).
 * Idempotent: nothing to move, nothing written.
 */
export function renameParticipant(deps: Pick<Deps, 'store'>, programmeId: string, from: string, to: string): Promise<Stored<LedgerDoc>> {
  return mutate(deps, programmeId, (l) => {
    const amount = l.perParticipant[from];
    if (amount === undefined) return null;
    const { [from]: _gone, ...others } = l.perParticipant;
    return { perParticipant: { ...others, [to]: (others[to] ?? 0) + amount } };
  });
}
