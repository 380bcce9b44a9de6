import { DecisionContext, Role, hasAnyRole, isRole } from '../shared/context';
import { Command, DomainEvent, assertNever } from '../shared/decider';
import { DomainErrorCode, fail } from '../shared/errors';
import { requireText } from '../shared/validation';

export interface UserData {
  userId: string;
  name: string;
  email: string;
  roles: Role[];
  unitId: string;
}

export type RegisterUser = Command<'registerUser', { userId: string; name: string; email: string; roles: string[]; unitId: string }>;
export type UserCommand = RegisterUser;

export type UserRegistered = DomainEvent<'UserRegistered', UserData>;
export type UserEvent = UserRegistered;

export type UserState = { status: 'unregistered' } | ({ status: 'registered' } & UserData);

export const initialUserState = (): UserState => ({ status: 'unregistered' });

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const decideUser = (command: UserCommand, state: UserState, context: DecisionContext): UserEvent[] => {
  switch (command.type) {
    case 'registerUser': {
      if (!hasAnyRole(context.actor, ['administrator'])) fail(DomainErrorCode.FORBIDDEN, 'Only administrators register users');
      if (state.status === 'registered') fail(DomainErrorCode.ALREADY_EXISTS, `User ${state.userId} already exists`);
      const email = requireText(command.data.email, 'email').toLowerCase();
      if (!EMAIL.test(email)) fail(DomainErrorCode.VALIDATION_FAILED, 'email is not an e-mail address');
      const roles = command.data.roles ?? [];
      const unknown = roles.filter((r) => !isRole(r));
      if (roles.length === 0 || unknown.length > 0) {
        fail(DomainErrorCode.VALIDATION_FAILED, `roles must be a non-empty list of known roles${unknown.length ? `; unknown: ${unknown.join(', ')}` : ''}`);
      }
      return [
        {
          type: 'UserRegistered',
          data: {
            userId: requireText(command.data.userId, 'userId'),
            name: requireText(command.data.name, 'name'),
            email,
            roles: [...new Set(roles.filter(isRole))],
            unitId: requireText(command.data.unitId, 'unitId'),
          },
        },
      ];
    }
    default:
      return assertNever(command.type);
  }
};

export const evolveUser = (_state: UserState, event: UserEvent): UserState => {
  switch (event.type) {
    case 'UserRegistered':
      return { status: 'registered', ...event.data };
    default:
      return assertNever(event.type);
  }
};

export const userDecider = { decide: decideUser, evolve: evolveUser, initialState: initialUserState };
