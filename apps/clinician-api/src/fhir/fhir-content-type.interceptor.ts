import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Observable } from 'rxjs';
import { FHIR_CONTENT_TYPE } from './fhir-request.js';

/** Every FHIR answer is `application/fhir+json; charset=utf-8` (set before the handler runs). */
@Injectable()
export class FhirContentTypeInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    context
      .switchToHttp()
      .getResponse<{ setHeader(n: string, v: string): unknown }>()
      .setHeader('content-type', FHIR_CONTENT_TYPE);
    return next.handle();
  }
}
