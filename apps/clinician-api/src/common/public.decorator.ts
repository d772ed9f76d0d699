import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'openward:isPublic';

/** Marks a route as reachable without an access token. Only login, health and metrics use it (tested). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);
