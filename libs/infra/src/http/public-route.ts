import { SetMetadata } from '@nestjs/common';

export const PUBLIC_ROUTE = 'laurel:public';

/** No token needed: health, metrics, the public gallery, filing an objection. */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);
