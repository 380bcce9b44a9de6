import { RequestMethod, type Type } from '@nestjs/common';
import type { ModulesContainer } from '@nestjs/core';
import { getMetadataStorage } from 'class-validator';
import type { Role } from '@laurel/domain';
import { PUBLIC_ROUTE } from '@laurel/infra';
import { REQUIRED_ROLES } from '../../apps/api/src/auth/auth.decorators';

/** Every route the Nest router serves, for the no-500 sweep (test/no-server-errors.e2e-spec.ts). */
export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Express-style, from the root: `/api/v1/initiatives/:id/review`. */
  path: string;
  params: string[];
  body?: Type<unknown> | 'empty';
  query?: Type<unknown>;
  roles?: Role[];
  isPublic: boolean;
}

const METHODS: Partial<Record<RequestMethod, Route['method']>> = {
  [RequestMethod.GET]: 'GET',
  [RequestMethod.POST]: 'POST',
  [RequestMethod.PUT]: 'PUT',
  [RequestMethod.DELETE]: 'DELETE',
};
export const UNPREFIXED = new Set(['/health', '/health/live', '/health/ready', '/metrics']);
const ARG = { body: 3, query: 4, param: 5 };

export const joinPath = (...parts: unknown[]) =>
  '/' +
  parts
    .flatMap((p) => (Array.isArray(p) ? p[0] : p))
    .filter((p): p is string => typeof p === 'string')
    .flatMap((p) => p.split('/'))
    .filter((p) => p.length > 0)
    .join('/');

/** Every route the Nest router serves, with its body and query DTOs, roles and publicity. */
export function discoverRoutes(modules: ModulesContainer): Route[] {
  const routes: Route[] = [];
  for (const moduleRef of modules.values()) {
    for (const wrapper of moduleRef.controllers.values()) {
      const controller = wrapper.metatype as Type<unknown> | undefined;
      if (!controller) continue;
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = (controller.prototype as Record<string, unknown>)[name];
        if (typeof handler !== 'function') continue;
        const method = METHODS[Reflect.getMetadata('method', handler) as RequestMethod];
        if (!method) continue;
        const local = joinPath(Reflect.getMetadata('path', controller), Reflect.getMetadata('path', handler));
        const path = UNPREFIXED.has(local) ? local : `/api/v1${local === '/' ? '' : local}`;
        const args = Object.entries((Reflect.getMetadata('__routeArguments__', controller, name) ?? {}) as Record<string, { index: number; pipes?: unknown[] }>);
        const types = (Reflect.getMetadata('design:paramtypes', controller.prototype, name) ?? []) as Type<unknown>[];
        const typeOf = (kind: number) => {
          const arg = args.find(([key]) => Number(key.split(':')[0]) === kind)?.[1];
          if (!arg) return undefined;
          if ((arg.pipes ?? []).some((p) => (p as { name?: string }).name === 'EmptyBody')) return 'empty' as const;
          const type = types[arg.index];
          return type && type !== Object && type !== String ? type : undefined;
        };
        const bodyArg = args.some(([key]) => Number(key.split(':')[0]) === ARG.body);
        routes.push({
          method,
          path,
          params: [...path.matchAll(/:(\w+)/g)].map((m) => m[1]),
          body: bodyArg ? (typeOf(ARG.body) ?? 'empty') : undefined,
          query: typeOf(ARG.query) as Type<unknown> | undefined,
          roles: (Reflect.getMetadata(REQUIRED_ROLES, handler) ?? Reflect.getMetadata(REQUIRED_ROLES, controller)) as Role[] | undefined,
          isPublic: Boolean(Reflect.getMetadata(PUBLIC_ROUTE, handler) ?? Reflect.getMetadata(PUBLIC_ROUTE, controller)),
        });
      }
    }
  }
  return routes;
}

/** The properties a DTO validates (inherited ones too); nested ones come from the valid example bodies. */
export const fieldsOf = (type: Type<unknown>): string[] => [...new Set(getMetadataStorage().getTargetValidationMetadatas(type, '', true, false).map((m) => m.propertyName))];

// ── The world: the demo, and who acts where ───────────────────────────────────────────────────
