import { SetMetadata } from '@nestjs/common';
import type { Role } from '@laurel/domain';

export const PUBLIC_ROUTE = 'laurel:public';
export const REQUIRED_ROLES = 'laurel:roles';

/** No token needed (the public gallery, filing an objection, health). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** Only users holding one of these roles (checked after authentication). */
export const Roles = (...roles: Role[]) => SetMetadata(REQUIRED_ROLES, roles);
