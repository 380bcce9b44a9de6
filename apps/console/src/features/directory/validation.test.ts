import { describe, expect, it } from 'vitest';
import { emptyCouncilDraft, emptyUserDraft, MAX_COUNCIL_MEMBERS, validateCouncil, validateMember, validateUser, type CouncilDraft, type Errors, type UserDraft } from './validation';

const user: UserDraft = { id: '', name: ' Trần Thị B ', email: ' tran.b@example.vn ', roles: ['unit_officer'], unitId: 'hanoi' };
const council: CouncilDraft = {
  ...emptyCouncilDraft(),
  name: 'Hội đồng Thi đua - Khen thưởng',
  unitId: 'hanoi',
  level: 'province',
  members: [
    { userId: 'chair-1', role: 'chair' },
    { userId: 'member-1', role: 'member' },
    { userId: '', role: 'member' },
  ],
};

describe('the "register a user" form (POST /users)', () => {
  it('builds the body, trimmed, without an id when none is given', () => {
    const { errors, body } = validateUser(user);
    expect(errors).toEqual({});
    expect(body).toEqual({ name: 'Trần Thị B', email: 'tran.b@example.vn', roles: ['unit_officer'], unitId: 'hanoi' });
    expect(validateUser({ ...user, id: ' officer-hanoi-2 ', roles: ['secretary', 'council_member'] }).body).toEqual({
      id: 'officer-hanoi-2',
      name: 'Trần Thị B',
      email: 'tran.b@example.vn',
      roles: ['secretary', 'council_member'],
      unitId: 'hanoi',
    });
  });

  it('names every missing or malformed field as the DTO would, and builds no body', () => {
    const { errors, body } = validateUser({ ...emptyUserDraft(), id: 'bad id!', email: 'not-an-address' });
    expect(body).toBeUndefined();
    expect(errors).toEqual<Errors>({
      id: { key: 'errId' },
      name: { key: 'errRequired' },
      email: { key: 'errEmail' },
      roles: { key: 'errNoRole' },
      unitId: { key: 'errRequired' },
    });
  });

  it('applies the lengths of RegisterUserBody: a name of 300, an id of 100', () => {
    expect(validateUser({ ...user, name: 'n'.repeat(300), id: `a${'b'.repeat(99)}` }).errors).toEqual({});
    expect(validateUser({ ...user, name: 'n'.repeat(301) }).errors).toEqual({ name: { key: 'errTooLong', values: { max: 300 } } });
    expect(validateUser({ ...user, id: `a${'b'.repeat(100)}` }).errors).toEqual({ id: { key: 'errId' } });
    expect(validateUser({ ...user, id: '-starts-with-a-dash' }).errors).toEqual({ id: { key: 'errId' } });
    expect(validateUser({ ...user, name: 'two\nlines' }).errors).toEqual({ name: { key: 'errOneLine' } });
    expect(validateUser({ ...user, email: `${'x'.repeat(310)}@example.vn` }).errors).toEqual({ email: { key: 'errEmail' } });
  });

  it('refuses an e-mail without a domain, with spaces or two @', () => {
    for (const email of ['a@b', 'a b@example.vn', 'a@@example.vn', '@example.vn', 'a@example.']) expect(validateUser({ ...user, email }).errors).toEqual({ email: { key: 'errEmail' } });
  });

  it('refuses a role twice or a role the API does not know', () => {
    expect(validateUser({ ...user, roles: ['auditor', 'auditor'] }).errors).toEqual({ roles: { key: 'errRoles' } });
    expect(validateUser({ ...user, roles: ['superuser'] }).errors).toEqual({ roles: { key: 'errRoles' } });
  });
});

describe('the "create a council" form (POST /councils)', () => {
  it('builds the body: empty member rows dropped, rules only when given', () => {
    const { errors, body } = validateCouncil(council);
    expect(errors).toEqual({});
    expect(body).toEqual({
      name: 'Hội đồng Thi đua - Khen thưởng',
      unitId: 'hanoi',
      level: 'province',
      members: [
        { userId: 'chair-1', role: 'chair' },
        { userId: 'member-1', role: 'member' },
      ],
    });
    const withRules = validateCouncil({ ...council, id: 'council-hn', secretBallot: true, quorum: ' 2/3 ', approval: 'more than half', note: 'Quy chế 2024\nĐiều 1' });
    expect(withRules.body).toMatchObject({ id: 'council-hn', rules: { secretBallot: true, quorum: '2/3', approval: 'more than half', note: 'Quy chế 2024\nĐiều 1' } });
  });

  it('a council may be created without members (they are added later)', () => {
    expect(validateCouncil({ ...council, members: [] }).body?.members).toEqual([]);
  });

  it('names the missing fields and builds no body', () => {
    const { errors, body } = validateCouncil({ ...emptyCouncilDraft(), unitId: 'bad unit' });
    expect(body).toBeUndefined();
    expect(errors).toEqual<Errors>({ name: { key: 'errRequired' }, unitId: { key: 'errId' }, level: { key: 'errRequired' } });
  });

  it('applies the decider: each member once, at most one chair, at most 200 members', () => {
    expect(validateCouncil({ ...council, members: [{ userId: 'a', role: 'member' }, { userId: 'a', role: 'secretary' }] }).errors).toEqual({ 'members.1.userId': { key: 'errTwice' } });
    expect(validateCouncil({ ...council, members: [{ userId: 'a', role: 'chair' }, { userId: 'b', role: 'chair' }] }).errors).toEqual({ members: { key: 'errOneChair' } });
    const many = Array.from({ length: MAX_COUNCIL_MEMBERS + 1 }, (_, i) => ({ userId: `m-${i}`, role: 'member' }));
    expect(validateCouncil({ ...council, members: many }).errors).toEqual({ members: { key: 'errTooManyMembers', values: { max: 200 } } });
    expect(validateCouncil({ ...council, members: many.slice(0, MAX_COUNCIL_MEMBERS) }).errors).toEqual({});
  });

  it('applies the lengths of CreateCouncilBody and CouncilRulesBody', () => {
    expect(validateCouncil({ ...council, level: 'l'.repeat(51) }).errors).toEqual({ level: { key: 'errTooLong', values: { max: 50 } } });
    expect(validateCouncil({ ...council, quorum: 'q'.repeat(101) }).errors).toEqual({ quorum: { key: 'errTooLong', values: { max: 100 } } });
    expect(validateCouncil({ ...council, note: 'n'.repeat(2001) }).errors).toEqual({ note: { key: 'errTooLong', values: { max: 2000 } } });
    expect(validateCouncil({ ...council, note: 'bell\u0007' }).errors).toEqual({ note: { key: 'errControl' } });
    expect(validateCouncil({ ...council, members: [{ userId: 'not an id', role: 'member' }] }).errors).toEqual({ 'members.0.userId': { key: 'errId' } });
  });
});

describe('the "add a member" form (POST /councils/{id}/members)', () => {
  it('takes a user id and a council role', () => {
    const errors: Errors = {};
    expect(validateMember({ userId: ' member-9 ', role: 'vice_chair' }, errors)).toEqual({ userId: 'member-9', role: 'vice_chair' });
    expect(errors).toEqual({});
  });

  it('refuses an empty id and a role councils do not have', () => {
    const errors: Errors = {};
    expect(validateMember({ userId: '', role: 'president' }, errors)).toBeUndefined();
    expect(errors).toEqual({ userId: { key: 'errRequired' }, role: { key: 'errRequired' } });
  });
});
