/**
 * Organisations: employers and intermediaries. Accounts are members; a member acts on behalf
 * of the organisation (vacancies, profile views, contact requests). Non-members get 404s, as
 * if the organisation did not exist.
 */
import { z } from 'zod';
import type { Deps } from '../deps.js';
import { AppError, notFound } from '../errors.js';
import type { Collection, DocumentStore, Filter, Stored } from '../ports/store.js';
import { announceChange } from '../changes.js';
import type { AccountDoc, Principal } from './accounts.js';
import { email, longText, OrganisationKind, text } from './fields.js';
import { findAll, findPage, pageQuery, type Page } from './pagination.js';

const fields = {
  name: text(160),
  kind: OrganisationKind,
  description: longText(2000).optional(),
  website: z.url({ protocol: /^https?$/ }).max(300).optional(),
  place: text(100).optional(),
};

export const OrganisationInput = z.strictObject(fields);
export type OrganisationInput = z.infer<typeof OrganisationInput>;

/** Kind cannot change after creation: vacancies and audit entries were made under it. */
export const OrganisationPatch = z
  .strictObject({ name: fields.name, description: fields.description, website: fields.website, place: fields.place })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'give at least one field to change');

export const OrganisationListQuery = z.strictObject({ kind: OrganisationKind.optional(), ...pageQuery });

export const AddMemberInput = z.strictObject({ email });

export const Organisation = z.object({
  id: z.string(),
  name: z.string(),
  kind: OrganisationKind,
  description: z.string().optional(),
  website: z.string().optional(),
  place: z.string().optional(),
  memberIds: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Organisation = z.infer<typeof Organisation>;

export interface OrganisationDoc extends OrganisationInput {
  memberIds: string[];
}

export const organisations = (store: DocumentStore): Collection<OrganisationDoc> => store.collection<OrganisationDoc>('organisations');

/** The API view (drops store bookkeeping such as version). */
export function publicOrganisation(doc: Stored<OrganisationDoc>): Organisation {
  const { version: _v, deletedAt: _d, ...rest } = doc;
  return rest;
}

/** Create an organisation with `accountId` as its first member. */
export async function createOrganisation(deps: Pick<Deps, 'store'>, accountId: string, input: OrganisationInput): Promise<Stored<OrganisationDoc>> {
  const accountsCol = deps.store.collection<AccountDoc>('accounts');
  const account = await accountsCol.get(accountId);
  if (!account) throw notFound('Account');
  const org = await organisations(deps.store).insert({ ...input, memberIds: [accountId] });
  await accountsCol.update(accountId, { organisationIds: [...account.organisationIds, org.id] });
  return org;
}

/** An organisation the principal is a member of (admins see all); anything else is "not found". */
export async function getOrganisationFor(deps: Pick<Deps, 'store'>, principal: Principal, id: string): Promise<Stored<OrganisationDoc>> {
  const org = await organisations(deps.store).get(id);
  if (!org || (principal.role !== 'admin' && !org.memberIds.includes(principal.accountId))) throw notFound('Organisation');
  return org;
}

/** Organisations the principal belongs to (admins: all), newest first. */
export async function listOrganisations(
  deps: Pick<Deps, 'store'>,
  principal: Principal,
  query: z.infer<typeof OrganisationListQuery>,
): Promise<Page<Organisation>> {
  const filter: Filter = {};
  if (query.kind) filter.kind = query.kind;
  if (principal.role !== 'admin') filter.memberIds = principal.accountId;
  const page = await findPage(organisations(deps.store), filter, query);
  return { items: page.items.map(publicOrganisation), nextCursor: page.nextCursor };
}

/** Change an organisation's name, description, website or place (members only). */
export async function updateOrganisation(
  deps: Pick<Deps, 'store'>,
  principal: Principal,
  id: string,
  patch: z.infer<typeof OrganisationPatch>,
): Promise<Organisation> {
  const org = await getOrganisationFor(deps, principal, id);
  return publicOrganisation(await organisations(deps.store).update(org.id, patch, { ifVersion: org.version }));
}

/** Add an existing employer/intermediary account (by e-mail) as a member. */
export async function addOrganisationMember(
  deps: Pick<Deps, 'store'>,
  principal: Principal,
  id: string,
  input: z.infer<typeof AddMemberInput>,
): Promise<Organisation> {
  const org = await getOrganisationFor(deps, principal, id);
  const accountsCol = deps.store.collection<AccountDoc>('accounts');
  const [account] = await accountsCol.find({ email: input.email }, { limit: 1 });
  // Only accounts of the organisation's own kind can join: a jobseeker must never gain an organisation's view.
  if (!account || account.role !== org.kind) {
    throw new AppError('invalid', `No ${org.kind} account with this e-mail address`, { issues: [{ path: 'email', message: `no ${org.kind} account` }] });
  }
  if (org.memberIds.includes(account.id)) return publicOrganisation(org);
  const updated = await organisations(deps.store).update(org.id, { memberIds: [...org.memberIds, account.id] }, { ifVersion: org.version });
  await accountsCol.update(account.id, { organisationIds: [...account.organisationIds, org.id] });
  return publicOrganisation(updated);
}

/**
 * Delete an organisation: members lose it, and its vacancies are withdrawn (soft-deleted, so
 * the indexer and matchers see them go).
 */
export async function deleteOrganisation(deps: Pick<Deps, 'store' | 'queue' | 'logger'>, principal: Principal, id: string): Promise<void> {
  const org = await getOrganisationFor(deps, principal, id);
  await removeOrganisation(deps, org);
}

/** Remove an organisation and its vacancies; used by deletion and by erasure of the last member. */
export async function removeOrganisation(deps: Pick<Deps, 'store' | 'queue' | 'logger'>, org: Stored<OrganisationDoc>): Promise<void> {
  const accountsCol = deps.store.collection<AccountDoc>('accounts');
  for (const memberId of org.memberIds) {
    const member = await accountsCol.get(memberId);
    if (member) await accountsCol.update(memberId, { organisationIds: member.organisationIds.filter((o) => o !== org.id) });
  }
  const vacancies = deps.store.collection<{ organisationId: string }>('vacancies');
  for (const vacancy of await findAll(vacancies, { organisationId: org.id })) {
    await vacancies.softDelete(vacancy.id);
    await announceChange(deps, 'vacancy', vacancy.id);
  }
  await organisations(deps.store).softDelete(org.id);
}

/**
 * The organisation a member acts for: the one named (header `X-Organisation-Id`), or their
 * only one. Naming an organisation you are not a member of is "not found".
 */
export function actingOrganisationId(principal: Principal, named: string | undefined): string {
  if (named) {
    if (!principal.organisationIds.includes(named)) throw notFound('Organisation');
    return named;
  }
  const [only, ...more] = principal.organisationIds;
  if (!only) throw new AppError('forbidden', 'This account is not a member of any organisation');
  if (more.length) throw new AppError('invalid', 'You are a member of several organisations: name one in the X-Organisation-Id header');
  return only;
}
