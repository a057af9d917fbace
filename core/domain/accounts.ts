/**
 * Accounts, passwords and sessions.
 *
 * Passwords: scrypt (memory-hard) with a per-user random salt; the parameters are stored in
 * the hash string so they can be raised later without invalidating old hashes.
 * Sessions: the bearer token is 32 random bytes shown to the client once; the store keeps
 * only its SHA-256 as the session id, so a leaked database cannot be replayed as tokens.
 */
import { createHash, randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { z } from 'zod';
import type { Deps } from '../deps.js';
import { AppError, conflict } from '../errors.js';
import type { Collection, DocumentStore, Stored } from '../ports/store.js';
import { email, hasForbiddenCharacters, OrganisationKind, text } from './fields.js';
import { createOrganisation } from './organisations.js';

export const Role = z.enum(['jobseeker', 'employer', 'intermediary', 'admin']);
export type Role = z.infer<typeof Role>;

/** Roles anyone may register with; admins exist only through the seed. */
export const SelfServiceRole = z.enum(['jobseeker', 'employer', 'intermediary']);

/** How long a bearer token lives; logging in again gives a new one. */
export const SESSION_TTL_MS = 7 * 24 * 60 * 60 * 1000;

// Any printable Unicode is a fine password (NIST 800-63B); control and invisible characters cannot be typed reliably.
const password = z
  .string()
  .min(10, 'at least 10 characters')
  .max(200, 'at most 200 characters')
  .refine((v) => !hasForbiddenCharacters(v), 'contains control, invisible or direction-changing characters');

export const RegisterInput = z
  .strictObject({
    email,
    password,
    name: text(120),
    role: SelfServiceRole,
    /** Employers and intermediaries name their organisation and become its first member. */
    organisationName: text(160).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.role !== 'jobseeker' && !v.organisationName) {
      ctx.addIssue({ code: 'custom', path: ['organisationName'], message: `is required for role ${v.role}` });
    }
    if (v.role === 'jobseeker' && v.organisationName !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['organisationName'], message: 'is only for employers and intermediaries' });
    }
  });
export type RegisterInput = z.infer<typeof RegisterInput>;

export const LoginInput = z.strictObject({ email, password: z.string().min(1).max(200) });
export type LoginInput = z.infer<typeof LoginInput>;

/** An account as its owner (and the API) sees it: never the password hash. */
export const Account = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: Role,
  organisationIds: z.array(z.string()),
  createdAt: z.string(),
  lastLoginAt: z.string().nullable(),
});
export type Account = z.infer<typeof Account>;

export const Session = z.object({ token: z.string(), expiresAt: z.string(), account: Account });
export type Session = z.infer<typeof Session>;

export interface AccountDoc {
  email: string;
  name: string;
  role: Role;
  organisationIds: string[];
  /** `scrypt$N$r$p$salt$hash`, base64url parts. */
  passwordHash: string;
  lastLoginAt: string | null;
}

export interface SessionDoc {
  accountId: string;
  expiresAt: string;
  revokedAt: string | null;
}

/** Who is making a request, as the HTTP layer attaches it. */
export interface Principal {
  accountId: string;
  role: Role;
  organisationIds: string[];
  /** SHA-256 of the token, to revoke exactly this session on logout. */
  sessionId: string;
}

type StorePorts = Pick<Deps, 'store' | 'clock'>;

export const accounts = (store: DocumentStore): Collection<AccountDoc> => store.collection<AccountDoc>('accounts');
export const sessions = (store: DocumentStore): Collection<SessionDoc> => store.collection<SessionDoc>('sessions');

/** Declare the indexes accounts rely on: one account per e-mail address. */
export async function ensureAccountIndexes(store: DocumentStore): Promise<void> {
  await accounts(store).ensureIndex({ fields: ['email'], unique: true });
  await sessions(store).ensureIndex({ fields: ['accountId'] });
}

// N=2^15, r=8: about 32 MiB and tens of milliseconds per hash; maxmem must allow 128·N·r.
const SCRYPT = { N: 32768, r: 8, p: 1, keylen: 32 } as const;

function scrypt(secret: string, salt: Buffer, keylen: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scryptCb(secret.normalize('NFKC'), salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/** Hash a password with a fresh random salt. */
export async function hashPassword(plain: string): Promise<string> {
  const salt = randomBytes(16);
  const { N, r, p, keylen } = SCRYPT;
  const key = await scrypt(plain, salt, keylen, { N, r, p, maxmem: 256 * N * r });
  return ['scrypt', N, r, p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** Check a password against a stored hash in constant time (for equal-length keys). */
export async function verifyPassword(plain: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const N = Number(n);
  const R = Number(r);
  const key = await scrypt(plain, Buffer.from(salt, 'base64url'), expected.length, { N, r: R, p: Number(p), maxmem: 256 * N * R });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A hash nobody's password matches, so an unknown e-mail costs as much time as a known one. */
let decoyHash: Promise<string> | undefined;

const tokenDigest = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

/** The account as the API shows it. */
export function publicAccount(doc: Stored<AccountDoc>): Account {
  return {
    id: doc.id,
    email: doc.email,
    name: doc.name,
    role: doc.role,
    organisationIds: doc.organisationIds,
    createdAt: doc.createdAt,
    lastLoginAt: doc.lastLoginAt,
  };
}

async function openSession(deps: StorePorts, account: Stored<AccountDoc>): Promise<Session> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(deps.clock.now().getTime() + SESSION_TTL_MS).toISOString();
  await sessions(deps.store).insert({ id: tokenDigest(token), accountId: account.id, expiresAt, revokedAt: null });
  return { token, expiresAt, account: publicAccount(account) };
}

/**
 * Register an account (any role but admin) and log it in. An employer or intermediary also
 * creates its organisation and becomes its first member.
 */
export async function registerAccount(deps: StorePorts, input: RegisterInput): Promise<Session> {
  await ensureAccountIndexes(deps.store);
  const existing = await accounts(deps.store).find({ email: input.email }, { limit: 1 });
  if (existing.length) throw conflict('An account with this e-mail address already exists');
  const account = await accounts(deps.store).insert({
    email: input.email,
    name: input.name,
    role: input.role,
    organisationIds: [],
    passwordHash: await hashPassword(input.password),
    lastLoginAt: null,
  });
  if (input.role !== 'jobseeker' && input.organisationName) {
    const org = await createOrganisation(deps, account.id, { name: input.organisationName, kind: OrganisationKind.parse(input.role) });
    return openSession(deps, { ...account, organisationIds: [org.id] });
  }
  return openSession(deps, account);
}

/** Exchange e-mail and password for a new session. One vague error for every failure, so it reveals nothing. */
export async function loginAccount(deps: StorePorts, input: LoginInput): Promise<Session> {
  const [account] = await accounts(deps.store).find({ email: input.email }, { limit: 1 });
  if (!account) {
    decoyHash ??= hashPassword(randomBytes(16).toString('hex'));
    await verifyPassword(input.password, await decoyHash);
    throw new AppError('unauthenticated', 'E-mail address or password is wrong');
  }
  if (!(await verifyPassword(input.password, account.passwordHash))) {
    throw new AppError('unauthenticated', 'E-mail address or password is wrong');
  }
  const updated = await accounts(deps.store).update(account.id, { lastLoginAt: deps.clock.now().toISOString() });
  return openSession(deps, updated);
}

/** Revoke one session; the token stops working at once. */
export async function logoutSession(deps: StorePorts, sessionId: string): Promise<void> {
  await sessions(deps.store).update(sessionId, { revokedAt: deps.clock.now().toISOString() });
}

/** Resolve a bearer token to its principal, or throw `unauthenticated` (unknown, revoked, expired). */
export async function authenticateToken(deps: StorePorts, token: string): Promise<Principal> {
  const fail = () => new AppError('unauthenticated', 'The token is missing, expired or revoked');
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw fail();
  const sessionId = tokenDigest(token);
  const session = await sessions(deps.store).get(sessionId);
  if (!session || session.revokedAt || session.expiresAt <= deps.clock.now().toISOString()) throw fail();
  const account = await accounts(deps.store).get(session.accountId);
  if (!account) throw fail();
  return { accountId: account.id, role: account.role, organisationIds: account.organisationIds, sessionId };
}

/** The caller's own account. */
export async function getAccount(deps: Pick<Deps, 'store'>, accountId: string): Promise<Account> {
  const account = await accounts(deps.store).get(accountId);
  if (!account) throw new AppError('unauthenticated', 'The account no longer exists');
  return publicAccount(account);
}

/**
 * Create an account directly with any role, skipping self-service rules: for the seed only
 * (admins cannot register). Returns the existing account when the e-mail is taken.
 */
export async function seedAccount(
  deps: StorePorts,
  input: { email: string; password: string; name: string; role: Role },
): Promise<{ account: Stored<AccountDoc>; created: boolean }> {
  await ensureAccountIndexes(deps.store);
  const [existing] = await accounts(deps.store).find({ email: input.email.toLowerCase() }, { limit: 1 });
  if (existing) return { account: existing, created: false };
  const account = await accounts(deps.store).insert({
    email: input.email.toLowerCase(),
    name: input.name,
    role: input.role,
    organisationIds: [],
    passwordHash: await hashPassword(input.password),
    lastLoginAt: null,
  });
  return { account, created: true };
}
