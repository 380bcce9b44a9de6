import type { Schemas } from '../../api/types';
import { COUNCIL_ROLES, ROLES } from './api';

/*
 * The administrator's forms, validated in the browser with the limits of the API's DTOs
 * (RegisterUserBody, CreateCouncilBody, CouncilMemberBody) and the council decider's rules (each
 * member once, at most one chair, at most 200 members), so a mistake is named before anything is
 * sent. Pure: errors keyed by field, messages as keys of the `directory` catalogue. The API checks
 * everything again (and what only it can know: that the unit and the users exist).
 */

export interface FieldError {
  /** A key of the `directory` catalogue. */
  key: string;
  values?: Record<string, string | number>;
}

export type Errors = Record<string, FieldError>;

/** Ids clients may choose (the API's ID pattern). */
export const ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/;
/** One line: no control characters (the API's SingleLine). */
const SINGLE_LINE = /^[^\p{Cc}]*$/u;
/** Free text: line breaks and tabs, no other control characters (the API's FreeText). */
const MULTI_LINE = /^[^\p{Cc}]*(?:[\t\r\n][^\p{Cc}]*)*$/u;
/** The shape class-validator's IsEmail accepts at the least: local part, @, a dotted domain, no spaces. */
const EMAIL = /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/;

export const MAX_COUNCIL_MEMBERS = 200;

export type RegisterUserBody = Schemas['RegisterUserBody'];
export type CreateCouncilBody = Schemas['CreateCouncilBody'];
export type CouncilMemberBody = Schemas['CouncilMemberBody'];
type Role = (typeof ROLES)[number];
type CouncilRole = (typeof COUNCIL_ROLES)[number];

function singleLine(errors: Errors, field: string, value: string, min: number, max: number): void {
  const v = value.trim();
  if (v.length < min) errors[field] = { key: 'errRequired' };
  else if (v.length > max) errors[field] = { key: 'errTooLong', values: { max } };
  else if (!SINGLE_LINE.test(v)) errors[field] = { key: 'errOneLine' };
}

function id(errors: Errors, field: string, value: string, required: boolean): void {
  const v = value.trim();
  if (!v) {
    if (required) errors[field] = { key: 'errRequired' };
  } else if (!ID.test(v)) errors[field] = { key: 'errId' };
}

export interface UserDraft {
  id: string;
  name: string;
  email: string;
  roles: string[];
  unitId: string;
}

export const emptyUserDraft = (): UserDraft => ({ id: '', name: '', email: '', roles: [], unitId: '' });

/** The "register a user" form: errors by field, and the body of POST /users when there are none. */
export function validateUser(d: UserDraft): { errors: Errors; body?: RegisterUserBody } {
  const errors: Errors = {};
  id(errors, 'id', d.id, false);
  singleLine(errors, 'name', d.name, 1, 300);
  const email = d.email.trim();
  if (!email) errors.email = { key: 'errRequired' };
  else if (email.length < 3 || email.length > 320 || !EMAIL.test(email)) errors.email = { key: 'errEmail' };
  if (d.roles.length === 0) errors.roles = { key: 'errNoRole' };
  else if (new Set(d.roles).size !== d.roles.length || d.roles.some((r) => !(ROLES as readonly string[]).includes(r))) errors.roles = { key: 'errRoles' };
  id(errors, 'unitId', d.unitId, true);
  if (Object.keys(errors).length > 0) return { errors };
  return {
    errors,
    body: { ...(d.id.trim() ? { id: d.id.trim() } : {}), name: d.name.trim(), email, roles: d.roles as Role[], unitId: d.unitId.trim() },
  };
}

export interface MemberDraft {
  userId: string;
  role: string;
}

export interface CouncilDraft {
  id: string;
  name: string;
  unitId: string;
  level: string;
  members: MemberDraft[];
  secretBallot: boolean;
  quorum: string;
  approval: string;
  note: string;
}

export const emptyCouncilDraft = (): CouncilDraft => ({ id: '', name: '', unitId: '', level: '', members: [{ userId: '', role: 'chair' }], secretBallot: false, quorum: '', approval: '', note: '' });

/** One member row (also the "add a member" form of a council): errors under `${prefix}userId` / `${prefix}role`. */
export function validateMember(m: MemberDraft, errors: Errors, prefix = ''): CouncilMemberBody | undefined {
  const before = Object.keys(errors).length;
  id(errors, `${prefix}userId`, m.userId, true);
  if (!(COUNCIL_ROLES as readonly string[]).includes(m.role)) errors[`${prefix}role`] = { key: 'errRequired' };
  return Object.keys(errors).length === before ? { userId: m.userId.trim(), role: m.role as CouncilRole } : undefined;
}

/** The "create a council" form: errors by field, and the body of POST /councils when there are none. */
export function validateCouncil(d: CouncilDraft): { errors: Errors; body?: CreateCouncilBody } {
  const errors: Errors = {};
  id(errors, 'id', d.id, false);
  singleLine(errors, 'name', d.name, 1, 300);
  id(errors, 'unitId', d.unitId, true);
  singleLine(errors, 'level', d.level, 1, 50);
  // An empty row is no member; a council may start with none and get them later.
  const rows = d.members.map((m, i) => ({ m, i })).filter(({ m }) => m.userId.trim() !== '');
  const members: CouncilMemberBody[] = [];
  const seen = new Map<string, number>();
  for (const { m, i } of rows) {
    const member = validateMember(m, errors, `members.${i}.`);
    if (!member) continue;
    if (seen.has(member.userId)) errors[`members.${i}.userId`] = { key: 'errTwice' };
    seen.set(member.userId, i);
    members.push(member);
  }
  if (rows.filter(({ m }) => m.role === 'chair').length > 1) errors.members = { key: 'errOneChair' };
  if (rows.length > MAX_COUNCIL_MEMBERS) errors.members = { key: 'errTooManyMembers', values: { max: MAX_COUNCIL_MEMBERS } };
  if (d.quorum.trim()) singleLine(errors, 'quorum', d.quorum, 1, 100);
  if (d.approval.trim()) singleLine(errors, 'approval', d.approval, 1, 100);
  const note = d.note.trim();
  if (note.length > 2000) errors.note = { key: 'errTooLong', values: { max: 2000 } };
  else if (note && !MULTI_LINE.test(note)) errors.note = { key: 'errControl' };
  if (Object.keys(errors).length > 0) return { errors };
  const rules = {
    ...(d.secretBallot ? { secretBallot: true } : {}),
    ...(d.quorum.trim() ? { quorum: d.quorum.trim() } : {}),
    ...(d.approval.trim() ? { approval: d.approval.trim() } : {}),
    ...(note ? { note } : {}),
  };
  return {
    errors,
    body: {
      ...(d.id.trim() ? { id: d.id.trim() } : {}),
      name: d.name.trim(),
      unitId: d.unitId.trim(),
      level: d.level.trim(),
      members,
      ...(Object.keys(rules).length > 0 ? { rules } : {}),
    },
  };
}
