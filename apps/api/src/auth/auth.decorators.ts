import { SetMetadata } from '@nestjs/common';
import type { Role } from '@laurel/domain';

export { PUBLIC_ROUTE, Public } from '@laurel/infra';
export const REQUIRED_ROLES = 'laurel:roles';

/** Only users holding one of these roles (checked after authentication). */
export const Roles = (...roles: Role[]) => SetMetadata(REQUIRED_ROLES, roles);
