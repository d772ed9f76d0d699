import { Body, Controller, HttpCode, Post, Res } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import type { GatewayEnrollResponse } from '@openward/contracts';
import { Public } from '../common/public.decorator.js';
import { Meta, type RequestMeta } from '../common/request-context.js';
import { EnrollGatewayDto } from './gateways.dto.js';
import { EnrollmentRateLimited, EnrollmentService } from './enrollment.service.js';

/** What the handler touches of the express response. */
interface EnrollResponse {
  setHeader(name: string, value: string): unknown;
}

/**
 * `POST /api/gateways/enroll`: public (the gateway has no credentials yet; the one-time code is the
 * credential), rate-limited per source address, audited.
 */
@Controller('api/gateways')
export class EnrollmentController {
  constructor(private readonly enrollment: EnrollmentService) {}

  @ApiOperation({
    summary: "Exchange a one-time enrolment code for the gateway's MQTT credentials (public, rate-limited)",
  })
  @Post('enroll')
  @Public()
  @HttpCode(200)
  async enroll(
    @Body() body: EnrollGatewayDto,
    @Meta() meta: RequestMeta,
    @Res({ passthrough: true }) res: EnrollResponse,
  ): Promise<GatewayEnrollResponse> {
    // The answer carries a secret: no cache may keep it.
    res.setHeader('cache-control', 'no-store');
    try {
      return await this.enrollment.enroll(body.code, meta);
    } catch (e) {
      if (e instanceof EnrollmentRateLimited) res.setHeader('retry-after', String(e.retryAfterSeconds));
      throw e;
    }
  }
}
